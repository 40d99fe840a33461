// fred-reverse-watch inside a plain `continue` at full speed: series of snapshots spaced
// by CPU time (anchors, which may fall inside a line), then by executions of a line
// (counted stops), then `next`s. Over a simulated program whose Prober has a FastForward;
// each answer is checked against the trace and, where cheap, against the same search
// without the FastForward.
import { strict as assert } from 'assert';
import { countedStopCommand } from '../../src/history/commands';
import { reverseWatch, ReverseWatchResult } from '../../src/history/reverseWatch';
import { FastForwardOptions, linesOf, pointOf, SimulatedProgram, Trace, TraceBuilder, Written } from './historySimulator';
import { gdbDialect } from '../../src/history/dialects';

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

function watch(sim: SimulatedProgram, history: Written, expression: string): Promise<ReverseWatchResult> {
  return reverseWatch({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, expression });
}

/** The answer is the line start just before the change, and one `next` shows it. */
function checkAnswer(sim: SimulatedProgram, r: ReverseWatchResult, change: number, expression: string, where = ''): void {
  const what = `${where}answer ${JSON.stringify(linesOf(r.target))}: ${r.message}`;
  assert.equal(r.found, true, what);
  assert.equal(r.exact, true, what);
  assert.equal(sim.indexOf(r.target), change, what);
  const before = sim.run(r.target, expression);
  assert.doesNotMatch(before.location?.pc ?? '', /\+/, `${where}the answer must be a line start, not a snapshot inside a line`);
  assert.notEqual(before.value, r.valueNow, `${where}the value at the answer must still be the old one`);
  assert.equal(sim.run([...linesOf(r.target), 'next'], expression).value, r.valueNow, `${where}one next from the answer must show the change`);
}

/** 2*log2(n)+10: doubling and bisection over the distance, plus a few fixed probes. */
const logBound = (n: number) => 2 * Math.log2(n) + 10;

function checkProbes(r: ReverseWatchResult, bound: number, where = ''): void {
  assert.ok(r.probes <= bound, `${where}${r.probes} probes, more than ${bound.toFixed(1)}`);
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
      checkProbes(r, logBound(n));
      await checkSameWithoutFastForward(program, [6], ['start', 'continue'], 'bad');
    });
  }

  it('finds it whatever the timing: uneven spacing, several seeds and speeds', async function () {
    this.timeout(120_000);
    const k = 123_457;
    const program = bigLoop(200_000, k);
    for (const nsPerStep of [1, 3, 20, 100]) {
      for (let seed = 1; seed <= 6; seed++) {
        const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed, nsPerStep, jitter: 0.9 } });
        const r = await watch(sim, ['start', 'continue'], 'bad');
        const where = `seed ${seed}, ${nsPerStep} ns/step: `;
        checkAnswer(sim, r, line4Of(k), 'bad', where);
        assert.ok(sim.seriesRuns > 0, `${where}searched at full speed`);
        checkProbes(r, logBound(200_000), where);
      }
    }
  });

  it('a long continue (0.6 s of CPU time, 1 us per step): found, in more probes', async function () {
    // Each series that ends before the change costs a series and a bisection of its 16
    // snapshots (~6 probes per doubling of the CPU time): more than logBound here (63-67).
    this.timeout(60_000);
    const k = 123_457;
    const program = bigLoop(200_000, k);
    for (let seed = 1; seed <= 3; seed++) {
      const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed, nsPerStep: 1000, jitter: 0.9 } });
      const r = await watch(sim, ['start', 'continue'], 'bad');
      const where = `seed ${seed}: `;
      checkAnswer(sim, r, line4Of(k), 'bad', where);
      assert.doesNotMatch(r.message, /searched with next/);
      checkProbes(r, 2 * logBound(200_000), where);
    }
  });

  it('a change in the rest of a line a snapshot fell inside: the answer is the line start', async function () {
    this.timeout(60_000);
    const k = 40_000;
    const program = bigLoop(100_000, k, { cost: 400_000 }); // iteration k's line 4 runs 400 us
    for (let seed = 1; seed <= 4; seed++) {
      const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed } });
      const r = await watch(sim, ['start', 'continue'], 'bad');
      const where = `seed ${seed}: `;
      const inside = anchorsAt(sim, (index, within) => index === program.change && within < 0.5);
      assert.ok(inside > 0, `${where}setup: no snapshot fell inside the changing line before its change`);
      checkAnswer(sim, r, program.change, 'bad', where);
      // each such snapshot is counted from, then left for an earlier one (see the known issue below)
      checkProbes(r, logBound(program.trace.size) + 20 * inside, where);
    }
    await checkSameWithoutFastForward(program, [6], ['start', 'continue'], 'bad');
  });

  it('snapshots inside a callee where EXPR cannot be evaluated do not stop the search', async function () {
    this.timeout(60_000);
    for (const [k, cost] of [[30_000, 1], [77_777, 50_000]]) {
      const program = loopWithCallee(100_000, k, cost);
      for (let seed = 1; seed <= 3; seed++) {
        const where = `k ${k}, cost ${cost}, seed ${seed}: `;
        const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed } });
        const r = await watch(sim, ['start', 'continue'], 'x');
        assert.ok(anchorsAt(sim, (index) => program.trace.depthAt(index) === 2) > 0, `${where}setup: no snapshot fell inside work()`);
        checkAnswer(sim, r, program.change, 'x', where);
        // unknown values cost probes of their own (bisection tries the neighbours)
        checkProbes(r, 2 * logBound(program.trace.size), where);
        // the same, for a global that has a value in the callee too
        const simGlobal = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed } });
        const global = await watch(simGlobal, ['start', 'continue'], 'g');
        checkAnswer(simGlobal, global, program.change, 'g', `${where}global g: `);
        const inside = anchorsAt(simGlobal, (index, within) => index === program.change && within < 0.5);
        checkProbes(global, logBound(program.trace.size) + 20 * inside, `${where}global g: `);
      }
      await checkSameWithoutFastForward(program, [6], ['start', 'continue'], 'x');
    }
  });

  for (const [name, cost] of [['right after the loop', 1], ['after a long line after the loop', 300_000]] as const) {
    it(`the counted line never runs again (change ${name}): counts to the stop, then next`, async function () {
      this.timeout(60_000);
      const program = changeAfterLoop(100_000, cost);
      for (let seed = 1; seed <= 3; seed++) {
        const where = `seed ${seed}: `;
        const sim = new SimulatedProgram(program.trace, { breakpoints: [8], fastForward: { seed } });
        const r = await watch(sim, ['start', 'continue'], 'bad');
        assert.ok(sim.countedStopsPastEnd > 0, `${where}setup: no counted stop ran to the continue's own stop`);
        checkAnswer(sim, r, program.change, 'bad', where);
        checkProbes(r, logBound(program.trace.size), where);
      }
      await checkSameWithoutFastForward(program, [8], ['start', 'continue'], 'bad');
    });
  }

  it('without series (FastForwardUnavailable) searches with next and says why', async function () {
    this.timeout(60_000);
    const k = 12_345;
    const program = bigLoop(20_000, k);
    const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { unavailable: 'no perf events here (perf_event_paranoid 3)' } });
    const r = await watch(sim, ['start', 'continue'], 'bad');
    checkAnswer(sim, r, line4Of(k), 'bad');
    assert.equal(sim.seriesRuns, 0);
    assert.match(r.message, /searched with next, not at full speed: no perf events here \(perf_event_paranoid 3\)/);
    await checkSameWithoutFastForward(program, [6], ['start', 'continue'], 'bad');
  });

  it('finds a change inside a counted stop already in the history', async function () {
    this.timeout(60_000);
    const j = 123_456;
    const program = bigLoop(1_000_000, 900_000, { j });
    const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: {} });
    // just before the 600000th execution of line 4; then past the loop's end (the continue's own stop)
    for (const count of [600_000, 2_000_000]) {
      const history = ['start', countedStopCommand(4n, count)];
      const r = await watch(sim, history, 'seen');
      checkAnswer(sim, r, line3Of(j), 'seen', `fred-hits 4 ${count}: `);
      checkProbes(r, logBound(count), `fred-hits 4 ${count}: `);
    }
  });

  it('a second fred-reverse-watch finds a change inside the counted stops the first one left', async function () {
    this.timeout(120_000);
    const k = 654_321;
    const options: FastForwardOptions = { seed: 7 };
    const first = async (sim: SimulatedProgram) => (await watch(sim, ['start', 'continue'], 'bad')).target;
    // where does the first search go? (seen never changes here)
    const probe = new SimulatedProgram(bigLoop(1_000_000, k).trace, { breakpoints: [6], fastForward: options });
    const target = await first(probe);
    const last = target.map((c) => c.countedStop !== undefined).lastIndexOf(true);
    assert.ok(last > 0, `setup: the first search left no counted stop: ${JSON.stringify(linesOf(target))}`);
    const from = probe.indexOf(target.slice(0, last));
    const to = probe.indexOf(target.slice(0, last + 1));
    // a change of `seen` in the middle of that counted stop, in the same program otherwise
    const j = Math.floor(((from + to) / 2 - 2) / 3);
    assert.ok(line3Of(j) > from && line3Of(j) < to, `setup: iteration ${j} is not inside ${from}..${to}`);
    const program = bigLoop(1_000_000, k, { j });
    const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: options });
    assert.deepEqual(linesOf(await first(sim)), linesOf(target), 'the first search is deterministic');
    const r = await watch(sim, target, 'seen');
    checkAnswer(sim, r, line3Of(j), 'seen');
    checkProbes(r, logBound(1_000_000));
  });

  it('snapshots in a callee, a caller\'s local watched: evaluated in the caller\'s frame, logarithmic', async function () {
    // Evaluated in the innermost frame, the caller's local would be unknown at most
    // snapshots (119-364 probes here before fred-eval-at); in the user's frame it is known.
    this.timeout(120_000);
    const n = 1_000_000;
    const program = loopWithCallee(n, n - 10);
    for (let seed = 1; seed <= 3; seed++) {
      const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed } });
      const r = await watch(sim, ['start', 'continue'], 'x');
      checkAnswer(sim, r, program.change, 'x', `seed ${seed}: `);
      checkProbes(r, 2 * logBound(n), `seed ${seed}, ${sim.seriesRuns} series: `);
    }
  });

  it('a snapshot inside the changing line costs one probe, not a whole counting', async function () {
    // one `next` from a snapshot inside the line already shows the change: counting starts
    // from an earlier point at once
    this.timeout(60_000);
    const program = bigLoop(100_000, 40_000, { cost: 1_600_000 });
    for (let seed = 1; seed <= 4; seed++) {
      const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { seed } });
      const r = await watch(sim, ['start', 'continue'], 'bad');
      const inside = anchorsAt(sim, (index, within) => index === program.change && within < 0.5);
      checkAnswer(sim, r, program.change, 'bad', `seed ${seed}: `);
      checkProbes(r, 2 * logBound(program.trace.size), `seed ${seed}, ${inside} snapshots inside the line: `);
    }
  });

  it('a change after seconds of CPU time: found at full speed, or the message says it used next', async function () {
    // At 1 us per step the loop runs 3 s: series of growing spacing reach it; should they
    // not, the continue is searched with `next`s and the message must say so.
    this.timeout(120_000);
    const n = 1_000_000;
    const program = bigLoop(n, n - 1);
    const sim = new SimulatedProgram(program.trace, { breakpoints: [6], fastForward: { nsPerStep: 1000 } });
    const r = await watch(sim, ['start', 'continue'], 'bad');
    checkAnswer(sim, r, line4Of(n - 1), 'bad');
    const nexts = Math.max(0, ...r.target.map((c) => Number(/^next (\d+)$/.exec(c.text)?.[1] ?? 0)));
    assert.ok(nexts <= 1000 || /searched with next/.test(r.message), `${JSON.stringify(linesOf(r.target))}: "${r.message}" does not say it used next`);
    checkProbes(r, logBound(n), `${sim.seriesRuns} series: `);
  });
});
