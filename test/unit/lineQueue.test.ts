// LineQueue: two readers of the user's lines (the command loop and the terminal feeder)
// get them in typed order; a line given back goes to the reader waiting longest.
import { strict as assert } from 'assert';
import { LineSource } from '../../src/fred/cli/lineInput';
import { LineQueue } from '../../src/fred/cli/lineQueue';

/** Lines the test types one at a time with type(); end() is the end of input. */
function typedLines(): { source: LineSource; type(line: string): void; end(): void } {
  const typed: Array<string | undefined> = [];
  let wake: (() => void) | undefined;
  const source = {
    interactive: false,
    prompt: () => undefined,
    close: () => undefined,
    async next(): Promise<IteratorResult<string>> {
      while (typed.length === 0) await new Promise<void>((r) => { wake = r; });
      const line = typed.shift();
      return line === undefined ? { done: true, value: undefined } : { done: false, value: line };
    },
  } as LineSource;
  const push = (line: string | undefined) => { typed.push(line); wake?.(); };
  return { source, type: (line) => push(line), end: () => push(undefined) };
}

describe('LineQueue', () => {
  it('gives each reader its own line, in typed order', async () => {
    const input = typedLines();
    const queue = new LineQueue(input.source);
    const first = queue.next();
    const second = queue.next();
    input.type('one');
    input.type('two');
    assert.deepEqual(await Promise.all([first, second]), ['one', 'two']);
  });

  it('a line given back goes to the reader that waits, before lines typed later', async () => {
    const input = typedLines();
    const queue = new LineQueue(input.source);
    const feeder = queue.next();
    const commandLoop = queue.next();
    input.type('print x');
    queue.giveBack((await feeder)!);
    input.type('next');
    assert.equal(await commandLoop, 'print x');
    assert.equal(await queue.next(), 'next');
  });

  it('a line given back with nobody waiting is the next one read', async () => {
    const input = typedLines();
    const queue = new LineQueue(input.source);
    const feeder = queue.next();
    input.type('a');
    input.type('b');
    queue.giveBack((await feeder)!);
    assert.equal(await queue.next(), 'a');
    assert.equal(await queue.next(), 'b');
  });

  it('the end of input reaches every reader', async () => {
    const input = typedLines();
    const queue = new LineQueue(input.source);
    const first = queue.next();
    const second = queue.next();
    input.end();
    input.end();
    assert.deepEqual(await Promise.all([first, second]), [undefined, undefined]);
  });
});
