// LineQueue: two readers of the user's lines (the command loop and the terminal feeder)
// get them in typed order; a line given back goes to the reader waiting longest, and a
// line lent to the feeder holds back the later ones until it is used or given back.
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

  // a Ctrl-C stop in a program reading its terminal: the feeder had asked for a line, the
  // user types `bt` and `fred-undo` at once; the feeder gives `bt` back a moment later
  it('while a line is lent, later lines wait for it: given back, it is still the first', async () => {
    const input = typedLines();
    const queue = new LineQueue(input.source);
    const feeder = queue.lend();
    const commandLoop = queue.next();
    input.type('bt');
    input.type('fred-undo');
    const lent = (await feeder)!;
    await new Promise((r) => setTimeout(r, 20));   // the feeder looks whether the command still runs
    let early: string | undefined;
    void commandLoop.then((l) => { early = l; });
    await new Promise((r) => setImmediate(r));
    assert.equal(early, undefined, 'no line went past the lent one');
    queue.giveBack(lent);
    assert.equal(await commandLoop, 'bt');
    assert.equal(await queue.next(), 'fred-undo');
  });

  it('a lent line the program used lets the next one go', async () => {
    const input = typedLines();
    const queue = new LineQueue(input.source);
    const feeder = queue.lend();
    const commandLoop = queue.next();
    input.type('42');
    input.type('print x');
    assert.equal(await feeder, '42');
    queue.used();
    assert.equal(await commandLoop, 'print x');
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
