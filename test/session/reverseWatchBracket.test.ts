// The bracket [lo, hi] of a running fred-reverse-watch, as the session reports it (the
// full-screen timeline draws it; line mode prints it with FRED_PROGRESS=1): it starts
// as the whole history, each report lies inside the one before, and it ends on the one
// command after which plain gdb first shows the change, where the rest of the search
// goes on. Both replay modes, each search run twice (the same brackets).
import * as assert from 'assert';
import { example, runFred, runPlainGdb, withLines } from './gdbScenario';

const program = 'loop_bug';
const forward = ['break @UPDATE', 'run', 'continue 30', ...Array.from({ length: 30 }, () => 'next')];

interface Span { from: number; to: number }

/** The brackets fred-reverse-watch reported, in order, and the phase of each. */
function brackets(transcript: string): Array<Span & { phase: string }> {
  return [...transcript.matchAll(/^fred: probe \d+, (.*?)(?:, about \d+ left)?, between commands (\d+) and (\d+)$/gm)]
    .map((m) => ({ phase: m[1], from: Number(m[2]), to: Number(m[3]) }));
}

describe('fred-reverse-watch: the search bracket', function () {
  this.timeout(300000);
  for (const mode of [[], ['--cheap-replay', '0']]) {
    it(`narrows inside the history to the command plain gdb shows the change after${mode.length ? ` (${mode.join(' ')})` : ''}`, async () => {
      const bin = example(program);
      const commands = forward.map((c) => withLines(program, c));
      // ground truth: the time point (commands run; `break` makes none) where plain gdb first
      // shows balance < 0; the answers start after `run` (before it nothing to print)
      const plain = runPlainGdb(bin, commands.flatMap((c) => [c, 'print balance < 0']));
      const answers = [...plain.matchAll(/^\$\d+ = (\d)$/gm)].map((m) => m[1]);
      const changed = answers.indexOf('1') + 1;
      assert.ok(changed > 3, `plain gdb: balance goes negative during the nexts\n${plain}`);
      const seen: Span[][] = [];
      for (let repeat = 0; repeat < 2; repeat++) {
        const run = await runFred(bin, [...commands, 'fred-reverse-watch balance < 0'], { fredArgs: mode, env: { ...process.env, FRED_PROGRESS: '1' } });
        assert.strictEqual(run.status, 0, run.transcript);
        const spans = brackets(run.transcript);
        assert.ok(spans.length >= 4, `a bisection over ${forward.length} commands reports several brackets\n${run.transcript}`);
        assert.strictEqual(spans[0].to, forward.length - 1, `the first bracket ends at the end of history\n${run.transcript}`);
        for (let i = 1; i < spans.length; i++) {
          const [a, b] = [spans[i - 1], spans[i]];
          assert.ok(b.from >= a.from && b.to <= a.to, `bracket ${i} [${b.from}, ${b.to}] inside [${a.from}, ${a.to}]\n${run.transcript}`);
        }
        const last = spans[spans.length - 1];
        assert.deepStrictEqual({ from: last.from, to: last.to }, { from: changed - 1, to: changed }, `the last bracket is the command after which the change shows\n${run.transcript}`);
        assert.match(last.phase, /^inside "next"$/);
        assert.match(run.transcript, /balance < 0: 0 before the statement below, 1 after/);
        seen.push(spans);
      }
      assert.deepStrictEqual(seen[1], seen[0], 'the search run again narrows the same way');
    });
  }
});
