// fred-reverse-watch under fred gdb: programs whose bug changes a value at a known line.
// For each: the line fred leaves the user at is the BUG line, one `next` from there shows
// the change (the value before differs from the value now, the value after equals it), and
// the state (bt, locals, pc) equals plain gdb's forward run to the same point (a
// conditional breakpoint on the BUG line). Messages: never changed, not evaluable.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dumpState, example, normalise, repoRoot, runFred, runPlainGdb, section } from './gdbScenario';
import { needsDebugRegisters } from '../helpers/machine';

/** Replace @MARKER by the number of the line whose comment starts with the marker ("/* BUG: ..." too). */
function withLines(program: string, command: string): string {
  const source = fs.readFileSync(path.join(repoRoot, 'examples', `${program}.c`), 'utf8').split('\n');
  return command.replace(/(?<!@)@([A-Z_]+)/g, (_, marker: string) => {
    const index = source.findIndex((text) => new RegExp(`/\\* ${marker}\\b`).test(text));
    if (index < 0) throw new Error(`no /* ${marker} */ line in examples/${program}.c`);
    return String(index + 1);
  });
}

interface WatchScenario {
  title: string;
  program: string;
  /** Commands up to the point where the user notices the bad value. */
  setup: string[];
  expression: string;
  /** Marker of the line fred must stop at (just before it runs). */
  line: string;
  /** Plain gdb's forward run to that same point. */
  truth?: string[];
  /** When a forward run would take too long (a conditional breakpoint stops every iteration): what EXPR prints there. */
  atFound?: { expression: string; value: string };
}

const continues = (count: number) => Array<string>(count).fill('continue');

const scenarios: WatchScenario[] = [
  { title: 'loop_bug.c: the balance goes negative on day 37 (a function call on the line)', program: 'loop_bug',
    setup: ['break @END', 'run'], expression: 'balance < 0', line: 'UPDATE',
    truth: ['break @UPDATE if day == 37', 'run'] },
  { title: 'a loop that goes bad at an early iteration (1 of 100)', program: 'iteration_bug',
    setup: ['break @END', 'run 1'], expression: 'sum < 0', line: 'BUG',
    truth: ['break @BUG if i == 1', 'run 1'] },
  { title: 'a loop that goes bad at a middle iteration (50 of 100)', program: 'iteration_bug',
    setup: ['break @END', 'run 50'], expression: 'sum < 0', line: 'BUG',
    truth: ['break @BUG if i == 50', 'run 50'] },
  { title: 'a loop that goes bad at the last iteration (99 of 100)', program: 'iteration_bug',
    setup: ['break @END', 'run 99'], expression: 'sum < 0', line: 'BUG',
    truth: ['break @BUG if i == 99', 'run 99'] },
  // A loop long enough for the search to run at full speed (series of snapshots spaced by
  // CPU time, then by executions of a line, then counted stops) instead of `next`s.
  { title: 'a loop of 20000 iterations searched at full speed: bad at iteration 15000', program: 'iteration_bug',
    setup: ['break @END', 'run 15000 20000'], expression: 'sum < 0', line: 'BUG',
    truth: ['break @BUG if i == 15000', 'run 15000 20000'] },
  { title: 'a loop of a million iterations: bad at iteration 700000', program: 'long_loop',
    setup: ['break @END', 'run 700000 1000000'], expression: 'value < 0', line: 'BUG',
    atFound: { expression: 'i', value: '700000' } },
  { title: 'a million iterations, most of the time in a callee with its own `sum`: the caller\'s sum is watched', program: 'shadowed_sum',
    setup: ['break @END', 'run 700000 1000000'], expression: 'sum < 0', line: 'BUG',
    atFound: { expression: 'i', value: '700000' } },
  { title: 'a history of continues, deletes and nexts is bisected (bad at 20 of 100)', program: 'iteration_bug',
    setup: ['break @BUG', 'run 20', ...continues(30), 'delete', 'next', 'next', 'next'], expression: 'sum < 0', line: 'BUG',
    truth: ['break @BUG', 'run 20', ...continues(20)] },
  { title: 'inside recursion: the product becomes 0 at depth n == 3', program: 'recursion_bug',
    setup: ['break @END', 'run'], expression: 'product', line: 'BUG',
    truth: ['break @BUG if n == 3', 'run'] },
  { title: 'through a pointer alias: limit changes where no line names it', program: 'pointer_alias',
    setup: ['break @END', 'run'], expression: 'limit', line: 'CORRUPT',
    truth: ['break @CORRUPT if i == 4', 'run'] },
  { title: 'inside a function called from several places: the wrong caller is on the stack', program: 'callers_bug',
    setup: ['break @END', 'run'], expression: 'reserve', line: 'CHANGE',
    truth: ['break @CHANGE if account == &reserve', 'run'] },
  { title: 'an expression that cannot be evaluated at the start of history (a callee\'s argument)', program: 'callers_bug',
    setup: ['break take', 'run', ...continues(5)], expression: '*account', line: 'CHANGE',
    truth: ['break take', 'run', ...continues(4)] },
  { title: 'FReD\'s test: a linked list of 20 nodes, list_len(head) < 10 (a function call in the expression)', program: 'linked_list',
    setup: ['break @END', 'run'], expression: 'list_len(head) < 10', line: 'BUG',
    truth: ['break @BUG if value == 4', 'run'] },
];

/** Prints EXPR between markers so the transcript can be cut. */
function show(tag: string, expression: string): string[] {
  return [`echo @@${tag}\\n`, `print ${expression}`, 'echo @@END\\n'];
}

/** The value printed in a `show` section ("$N = " removed). */
function valueIn(transcript: string, tag: string): string {
  return section(transcript, tag).replace(/^\$N = /, '');
}

describe('fred-reverse-watch (gdb): the line of the bug, the change one next later, the state of a forward run', function () {
  // a million iterations without debug registers: half a minute alone, minutes on a busy machine
  this.timeout(300000);
  for (const s of scenarios) {
    it(s.title, async function () {
      const program = example(s.program);
      const line = (c: string) => withLines(s.program, c);
      const commands = [
        ...s.setup, ...show('NOW', s.expression),
        `fred-reverse-watch ${s.expression}`, ...dumpState('FOUND'), ...(s.atFound ? show('CHECK', s.atFound.expression) : []),
        ...show('BEFORE', s.expression), 'next', ...show('AFTER', s.expression),
      ];
      const fred = await runFred(program, commands.map(line), { timeoutMs: 240000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      const found = section(fred.transcript, 'FOUND');
      const bugLine = line(`@${s.line}`);
      assert.match(found.split('\n')[0], new RegExp(`^#0 .* at \\S*${s.program}\\.c:${bugLine}$`),
        `fred did not stop at the ${s.line} line (${bugLine}):\n${fred.transcript}`);
      assert.match(fred.transcript, /\(\d+ probes, [\d.]+ s\)/, 'fred did not report probes and time');
      const now = valueIn(fred.transcript, 'NOW');
      assert.notStrictEqual(valueIn(fred.transcript, 'BEFORE'), now, `${s.expression} already had its final value at the line found:\n${fred.transcript}`);
      assert.strictEqual(valueIn(fred.transcript, 'AFTER'), now, `one next from the line found did not make ${s.expression} ${now}:\n${fred.transcript}`);
      if (s.atFound) {
        assert.strictEqual(valueIn(fred.transcript, 'CHECK'), s.atFound.value, `${s.atFound.expression} at the line found:\n${fred.transcript}`);
      }
      if (s.truth) {
        const truth = runPlainGdb(program, [...s.truth, ...dumpState('FOUND')].map(line));
        assert.strictEqual(found, section(truth, 'FOUND'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
      }
    });
  }
});

// these searches take 80-135 s on this 2-core machine when other tests load it: bounds, not speed checks
describe('fred-reverse-watch (gdb): going on from where it stopped', function () {
  this.timeout(450000);

  it('reverse-next back across the counted stops of a full-speed search: the previous iteration\'s BUG line', async function () {
    // from the BUG line at iteration 15000: the `if`, the `for`, then the BUG line of 14999
    const program = example('long_loop');
    const line = (c: string) => withLines('long_loop', c);
    const fred = await runFred(program, ['break @END', 'run 15000 20000', 'fred-reverse-watch value < 0', 'reverse-next', 'reverse-next', 'reverse-next', ...dumpState('BACK')].map(line), { timeoutMs: 400000 });
    assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
    const truth = runPlainGdb(program, ['break @BUG if i == 14999', 'run 15000 20000', ...dumpState('BACK')].map(line));
    assert.strictEqual(section(fred.transcript, 'BACK'), section(truth, 'BACK'), `state differs from plain gdb\n--- fred transcript ---\n${fred.transcript}`);
  });
});

describe('fred-reverse-watch (gdb): the snapshots a full-speed search takes', function () {
  this.timeout(450000);

  it('end with it, except those on the way to where it stopped', async function () {
    // a search over 200000 iterations takes many snapshots; afterwards only the
    // ones the history passes through (and the session's own) remain
    const program = example('long_loop');
    const line = (c: string) => withLines('long_loop', c);
    const fred = await runFred(program, ['break @END', 'run 140000 200000', 'fred-reverse-watch value < 0', 'fred-info', 'fred-history'].map(line), { timeoutMs: 400000 });
    assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
    const left = Number(/snapshots: (\d+)/.exec(fred.transcript)?.[1]);
    const history = fred.transcript.split('fred-history').pop() ?? '';
    const steps = (history.match(/^\*?\s+\d+\s+\S/gm) ?? []).length;
    assert.ok(left >= 1 && left <= steps + 2, `${left} snapshots left after the search, for a history of ${steps} commands:\n${fred.transcript}`);
    assert.match(history, /fred-hits [0-9a-f]+ \d+/, `the history does not show the counted stops it passes through:\n${fred.transcript}`);
  });
});

describe('fred-reverse-watch (gdb): without the full-speed search', function () {
  this.timeout(450000);

  it('all four debug registers taken by watchpoints: says so, finds the line with next', async function () {
    needsDebugRegisters(this);
    // Four hardware watchpoints on values that no longer change leave no debug register
    // for counting executions of a line: the search must fall back to `next`s, and say so.
    // Some machines have a register left (gdb may share one between watchpoints, or the
    // kernel gives the program's counting event its own): the search then runs at full
    // speed, and only its answer is checked.
    const program = example('iteration_bug');
    const line = (c: string) => withLines('iteration_bug', c);
    const watches = ['watch bad', 'watch count', 'watch argc', 'watch argv'];
    const setup = ['break main', 'run 30 40', ...watches, 'continue', 'continue', 'break @END', 'continue'];
    const fred = await runFred(program, [...setup, 'fred-reverse-watch sum < 0', ...dumpState('FOUND')].map(line), { timeoutMs: 400000 });
    assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
    const fellBack = /searched with next, not at full speed/.test(fred.transcript);
    if (fellBack) assert.match(fred.transcript, /searched with next, not at full speed: .*(debug|breakpoint|No space|busy)/i, fred.transcript);
    const truth = runPlainGdb(program, ['break main', 'run 30 40', ...watches, 'continue', 'continue', 'break @BUG if i == 30', 'continue', ...dumpState('FOUND')].map(line));
    assert.strictEqual(section(fred.transcript, 'FOUND'), section(truth, 'FOUND'), `state differs from plain gdb\n--- fred transcript ---\n${fred.transcript}`);
  });
});

describe('fred-reverse-watch (gdb): when there is nothing to find', function () {
  this.timeout(120000);

  const unchanged = async (program: string, setup: string[], watch: string, says: RegExp) => {
    const binary = example(program);
    const line = (c: string) => withLines(program, c);
    const fred = await runFred(binary, [...setup, ...dumpState('BEFORE'), watch, ...dumpState('AFTER')].map(line));
    assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
    assert.match(fred.transcript, says);
    assert.strictEqual(section(fred.transcript, 'AFTER'), section(fred.transcript, 'BEFORE'), `the search moved the program:\n${fred.transcript}`);
  };

  it('an expression that never changed: says so, the program stays where it was', async function () {
    await unchanged('pointer_alias', ['break @END', 'run'], 'fred-reverse-watch readings[0]', /readings\[0\] is 12 now and was 12 at the start of history: no change/);
  });

  it('a value that changed and changed back (5, 4, 5) is the same as at the start: says so', async function () {
    await unchanged('shared_corruption', ['break @END', 'run'], 'fred-rw stock[2]', /stock\[2\] is 5 now and was 5 at the start of history: no change/);
  });

  it('an expression that cannot be evaluated here: a clear message, the program stays where it was', async function () {
    await unchanged('pointer_alias', ['break @END', 'run', 'next'], 'fred-reverse-watch no_such_variable + 1', /^fred: cannot evaluate "no_such_variable \+ 1" here.*No symbol "no_such_variable"|^fred: cannot evaluate "no_such_variable \+ 1" here/m);
  });

  it('before the program runs: a clear message', async function () {
    const fred = await runFred(example('pointer_alias'), ['fred-reverse-watch limit']);
    assert.strictEqual(fred.status, 0, fred.transcript);
    assert.match(normalise(fred.transcript), /^fred: cannot evaluate "limit" here/m);
  });
});
