// fred-reverse-watch inside a plain `continue` at full speed: series of snapshots spaced
// by CPU time (anchors, which may fall inside a line), then by executions of a line
// (counted stops), then `next`s. Over a simulated program whose Prober has a FastForward;
// each answer is checked against the trace and, where cheap, against the same search
// without the FastForward.
import { strict as assert } from 'assert';
import { countedStopCommand, parseCountedStop } from '../../src/history/commands';
import { reverseWatch, ReverseWatchResult } from '../../src/history/reverseWatch';
import { FastForwardOptions, SimulatedProgram, Trace, TraceBuilder } from './historySimulator';

/** A trace and the trace index of the line start just before the change. */
interface Program { trace: Trace; change: number }

/**
 * main: 1 bad = 0
 *       2 for (i = 0; i < n; i++)
 *       3   if (i == j) seen = 1
 *       4   if (i == k) bad = slow()     (costs `cost` steps on iteration k)
 *       6 puts("done")                   <- breakpoint
 */
function bigLoop(n: number, k: number, options: { cost?: number; j?: number } = {}): Program {
  const b = new TraceBuilder().variable('bad', 0).variable('seen', 0);
  let change = -1;
  b.line(1);
  for (let i = 0; i < n; i++) {
    b.line(2);
    b.line(3, i === options.j ? { seen: 1 } : {});
    if (i === k) change = b.lines.length;
    b.line(4, i === k ? { bad: 1 } : {}, i === k ? options.cost ?? 1 : 1);
  }
  b.line(2);
  b.line(6);
  return { trace: b.build(), change };
}

/** Trace index of line 3 / line 4 of iteration i in bigLoop. */
const line3Of = (i: number) => 2 + 3 * i;
const line4Of = (i: number) => 3 + 3 * i;

/**
 * main: 1 x = 0                      (x: a local of main)
 *       2 for (i = 0; i < n; i++)
 *       3   work(i)                  work: 10 a = i * 2; 11 b = a + 1; 12 return  (cost 5 each)
 *       4   if (i == k) x = slow()   (costs `cost` steps on iteration k)
 *       6 puts("done")               <- breakpoint
 */
function loopWithCallee(n: number, k: number, cost = 1): Program {
  const b = new TraceBuilder().variable('x', 0, 'main').variable('g', 0);
  let change = -1;
  b.line(1);
  for (let i = 0; i < n; i++) {
    b.line(2);
    b.call(3, 'work', () => { b.line(10, {}, 5); b.line(11, {}, 5); b.line(12, {}, 5); });
    if (i === k) change = b.lines.length;
    b.line(4, i === k ? { x: 1, g: 1 } : {}, i === k ? cost : 1);
  }
  b.line(2);
  b.line(6);
  return { trace: b.build(), change };
}

/**
 * main: 1 bad = 0
 *       2 for (i = 0; i < n; i++)
 *       3   sum += i
 *       5 crunch(sum)        (inlined, costs `cost` steps)
 *       6 bad = 1
 *       7 puts("done")
 *       8 return 0           <- breakpoint
 */
function changeAfterLoop(n: number, cost: number): Program {
  const b = new TraceBuilder().variable('bad', 0);
  b.line(1);
  for (let i = 0; i < n; i++) { b.line(2); b.line(3); }
  b.line(2);
  b.line(5, {}, cost);
  const change = b.lines.length;
  b.line(6, { bad: 1 });
  b.line(7);
  b.line(8);
  return { trace: b.build(), change };
}

function watch(sim: SimulatedProgram, history: string[], expression: string): Promise<ReverseWatchResult> {
  return reverseWatch({ history, debuggerKind: 'gdb', prober: sim, expression });
}

/** The answer is the line start just before the change, and one `next` shows it. */
function checkAnswer(sim: SimulatedProgram, r: ReverseWatchResult, change: number, expression: string, where = ''): void {
  const what = `${where}answer ${JSON.stringify(r.target)}: ${r.message}`;
  assert.equal(r.found, true, what);
  assert.equal(r.exact, true, what);
  assert.equal(sim.indexOf(r.target), change, what);
  const before = sim.run(r.target, expression);
  assert.doesNotMatch(before.location?.pc ?? '', /\+/, `${where}the answer must be a line start, not a snapshot inside a line`);
  assert.notEqual(before.value, r.valueNow, `${where}the value at the answer must still be the old one`);
  assert.equal(sim.run([...r.target, 'next'], expression).value, r.valueNow, `${where}one next from the answer must show the change`);
}

function checkProbes(r: ReverseWatchResult, n: number, where = ''): void {
  const bound = 2 * Math.log2(n) + 10;
  assert.ok(r.probes <= bound, `${where}${r.probes} probes, more than 2*log2(${n})+10 = ${bound.toFixed(1)}`);
}

/** The same search with `next`s only (no FastForward) lands on the same statement. */
async function checkSameWithoutFastForward(program: Program, breakpoints: number[], history: string[], expression: string): Promise<void> {
  const plain = new SimulatedProgram(program.trace, { breakpoints });
  const r = await watch(plain, history, expression);
  assert.equal(plain.indexOf(r.target), program.change, `without FastForward: ${r.message}`);
}

const anchorsAt = (sim: SimulatedProgram, test: (index: number, within: number) => boolean) =>
  [...sim.anchors.values()].filter((a) => test(a.index, a.within)).length;

describe('history/reverseWatch at full speed', () => {
  const n = 1_000_000;
  for (const [name, k] of [['an early', 5], ['the middle', 500_000], ['the last', n - 1]] as const) {
    it(`finds a change at ${name} iteration of a 1e6 loop, within 2*log2(N)+10 probes`, async function () {
      this.timeout(120_000);
      const program = bigLoop(n, k);
      const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: {} });
      const r = await watch(sim, ['start', 'continue'], 'bad');
      checkAnswer(sim, r, line4Of(k), 'bad');
      assert.ok(sim.seriesRuns > 0, 'the continue was searched at full speed');
      assert.doesNotMatch(r.message, /searched with next/);
      checkProbes(r, n);
      await checkSameWithoutFastForward(program, [6], ['start', 'continue'], 'bad');
    });
  }

  it('finds it whatever the timing: uneven spacing, several seeds and speeds', async function () {
    this.timeout(120_000);
    const k = 123_457;
    const program = bigLoop(200_000, k);
    for (const nsPerStep of [1, 3, 20]) {
      for (let seed = 1; seed <= 6; seed++) {
        const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed, nsPerStep, jitter: 0.9 } });
        const r = await watch(sim, ['start', 'continue'], 'bad');
        const where = `seed ${seed}, ${nsPerStep} ns/step: `;
        checkAnswer(sim, r, line4Of(k), 'bad', where);
        assert.ok(sim.seriesRuns > 0, `${where}searched at full speed`);
        checkProbes(r, 200_000, where);
      }
    }
  });
});
