// fred-reverse-watch under fred pdb: Python programs whose bug changes a value at a known
// line. fred must stop at the BUG line, one `n` from there must show the change, and the
// state (where, locals) must equal a plain pdb's forward run to the same point.
import * as assert from 'assert';
import { dumpState, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';

interface WatchScenario {
  title: string;
  program: string;
  setup: string[];
  expression: string;
  /** Marker of the line fred must stop at. */
  line: string;
  /** Plain pdb's forward run to that same point. */
  truth: string[];
}

const scenarios: WatchScenario[] = [
  { title: 'loop_bug.py: the fee of day 37 makes the balance negative (stops in fee_for, before it returns 500)', program: 'loop_bug',
    setup: ['b @END', 'c'], expression: 'balance < 0', line: 'BUG', truth: ['b @UPDATE, day == 37', 'c', 's', 'n', 'n'] },
  { title: 'FReD\'s test in Python: list_len(head) < 10 (a function call in the expression)', program: 'linked_list',
    setup: ['b @END', 'c'], expression: 'list_len(head) < 10', line: 'BUG', truth: ['b @BUG, value == 4', 'c'] },
];

function show(tag: string, expression: string): string[] {
  return [`!print("@@${tag}")`, `p ${expression}`, '!print("@@END")'];
}

/** The current line of a `where` dump: the last "> file(LINE)" line. */
function currentLine(dump: string): number | undefined {
  const lines = [...dump.matchAll(/^> \S+\((\d+)\)/gm)];
  return lines.length ? Number(lines[lines.length - 1][1]) : undefined;
}

describe('fred-reverse-watch (pdb): the line of the bug, the change one n later, the state of a forward run', function () {
  this.timeout(180000);
  for (const s of scenarios) {
    it(s.title, async function () {
      const file = script(s.program);
      const line = (c: string) => withLines(file, c);
      const commands = [
        ...s.setup, ...show('NOW', s.expression),
        `fred-reverse-watch ${s.expression}`, ...dumpState('FOUND'),
        ...show('BEFORE', s.expression), 'n', ...show('AFTER', s.expression),
      ];
      const fred = await runFred(file, commands.map(line), { timeoutMs: 120000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      const found = section(fred.transcript, 'FOUND');
      assert.strictEqual(currentLine(found), Number(line(`@${s.line}`)), `fred did not stop at the ${s.line} line:\n${fred.transcript}`);
      assert.match(fred.transcript, /\(\d+ probes, [\d.]+ s\)/, 'fred did not report probes and time');
      const now = section(fred.transcript, 'NOW');
      assert.notStrictEqual(section(fred.transcript, 'BEFORE'), now, `${s.expression} already had its final value at the line found:\n${fred.transcript}`);
      assert.strictEqual(section(fred.transcript, 'AFTER'), now, `one n from the line found did not make ${s.expression} ${now}:\n${fred.transcript}`);
      const truth = await runPlainPdb(file, [...s.truth, ...dumpState('FOUND')].map(line));
      assert.strictEqual(found, section(truth, 'FOUND'), `state differs from plain pdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
    });
  }

  const unchanged = async (program: string, setup: string[], watch: string, says: RegExp) => {
    const file = script(program);
    const line = (c: string) => withLines(file, c);
    const fred = await runFred(file, [...setup, ...dumpState('BEFORE'), watch, ...dumpState('AFTER')].map(line));
    assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
    assert.match(fred.transcript, says);
    assert.strictEqual(section(fred.transcript, 'AFTER'), section(fred.transcript, 'BEFORE'), `the search moved the program:\n${fred.transcript}`);
  };

  it('an expression that never changed: says so, the program stays', async function () {
    await unchanged('loop_bug', ['b @END', 'c'], 'fred-reverse-watch __name__', /__name__ is '__main__' now and was '__main__' at the start of history: no change/);
  });

  it('an expression that cannot be evaluated here: a clear message, the program stays', async function () {
    await unchanged('loop_bug', ['b @END', 'c'], 'fred-rw no_such_name', /^fred: cannot evaluate "no_such_name" here/m);
  });
});
