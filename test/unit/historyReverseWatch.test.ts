// fred-reverse-watch over a simulated program: where EXPR last changed, probe counts,
// unknown values, abort and progress.
import { strict as assert } from 'assert';
import { SearchAbortedError } from '../../src/history/probing';
import { reverseWatch } from '../../src/history/reverseWatch';
import { linesOf, pointOf, SimulatedProgram, Trace, TraceBuilder, Written } from './historySimulator';
import { gdbDialect } from '../../src/history/dialects';

/**
 * main: 1 bad = 0
 *       2 for (i = 0; i < n; i++)
 *       3   sum += i
 *       4   if (i == k) bad = 1
 *       6 puts("done")          <- breakpoint
 *       7 return 0
 */
function bigLoop(n: number, k: number): Trace {
  const b = new TraceBuilder().variable('bad', 0).variable('i', 0);
  b.line(1);
  for (let i = 0; i < n; i++) {
    b.line(2);
    b.line(3);
    b.line(4, i === k ? { bad: 1 } : {});
  }
  b.line(2);
  b.line(6);
  b.line(7);
  return b.build();
}

/** Index of the line 4 of iteration k in bigLoop. */
const line4Of = (k: number) => 3 + 3 * k;

/**
 * main: 1 g = 0
 *       2 for (i = 0; i < 3; i++)
 *       3   update(i)        update: 10 tmp = i * 2;  11 if (i == 1) g = 5;  12 return
 *       4 x = compute()      compute: 20 t = 7; 21 return t      (x = 7 after the call)
 *       5 puts(x)
 */
function callsProgram(): Trace {
  const b = new TraceBuilder().variable('g', 0).variable('tmp', 0, 'update').variable('x', 0, 'main');
  b.line(1);
  for (let i = 0; i < 3; i++) {
    b.line(2);
    b.call(3, 'update', () => {
      b.line(10, { tmp: i * 2 });
      b.line(11, i === 1 ? { g: 5 } : {});
      b.line(12);
    });
  }
  b.line(2);
  b.call(4, 'compute', () => { b.line(20); b.line(21); }, { x: 7 });
  b.line(5);
  return b.build();
}

function checkJustBefore(sim: SimulatedProgram, target: Written, expression: string, now: string): void {
  const before = sim.run(target, expression);
  const after = sim.run([...linesOf(target), 'next'], expression);
  assert.notEqual(before.value, now, 'the value at the answer must still be the old one');
  assert.equal(after.value, now, 'one next from the answer must show the change');
}

describe('history/reverseWatch', () => {
  for (const [name, k] of [['first', 0], ['an early', 5], ['the middle', 500_000], ['the last', 999_999]] as const) {
    it(`finds a change at ${name} iteration of a 1e6 loop within 2*log2(N)+10 probes`, async function () {
      this.timeout(120_000);
      const trace = bigLoop(1_000_000, k);
      const sim = new SimulatedProgram(trace, { breakpoints: [6] });
      const history = ['start', 'continue'];
      const r = await reverseWatch({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, expression: 'bad' });
      assert.equal(r.found, true);
      assert.equal(r.exact, true);
      assert.equal(sim.indexOf(r.target), line4Of(k));
      checkJustBefore(sim, r.target, 'bad', '1');
      const n = trace.size;
      assert.ok(r.probes <= 2 * Math.log2(n) + 10, `${r.probes} probes for N = ${n}`);
      console.log(`      ${r.probes} probes, bound ${Math.floor(2 * Math.log2(n) + 10)}`);
      assert.match(r.message, /bad changes from 0 to 1 in the next statement/);
    });
  }

  it('opens the initial `run` when the change happened before its first stop', async function () {
    this.timeout(60_000);
    const trace = bigLoop(10_000, 1234);
    const sim = new SimulatedProgram(trace, { breakpoints: [6] });
    const r = await reverseWatch({ history: pointOf(['run'], gdbDialect), dialect: gdbDialect, prober: sim, expression: 'bad' });
    assert.equal(sim.indexOf(r.target), line4Of(1234));
    checkJustBefore(sim, r.target, 'bad', '1');
  });

  it('bisects over the history first, then inside the command', async () => {
    const trace = bigLoop(100, 37);
    const sim = new SimulatedProgram(trace);
    const history = ['start', ...Array.from({ length: 40 }, () => 'next 7'), 'p bad', 'next 3'];
    const r = await reverseWatch({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, expression: 'bad == 1' });
    assert.equal(sim.indexOf(r.target), line4Of(37));
    checkJustBefore(sim, r.target, 'bad == 1', 'true');
  });

  it('goes down into the function that made the change', async () => {
    const trace = callsProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [5] });
    const r = await reverseWatch({ history: pointOf(['start', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim, expression: 'g' });
    assert.equal(r.exact, true);
    assert.equal(sim.run(r.target).location?.function, 'update');
    assert.equal(sim.run(r.target).location?.line, 11);
    checkJustBefore(sim, r.target, 'g', '5');
  });

  it('stops on the calling line when the change is the assignment of a call result', async () => {
    const trace = callsProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [5] });
    const r = await reverseWatch({ history: pointOf(['start', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim, expression: 'x' });
    assert.equal(sim.run(r.target).location?.line, 4);
    assert.equal(sim.run(r.target).location?.function, 'main');
    checkJustBefore(sim, r.target, 'x', '7');
  });

  it('says so when the expression never changed', async () => {
    const trace = bigLoop(100, 10);
    const sim = new SimulatedProgram(trace, { breakpoints: [6] });
    const history = ['start', 'continue'];
    const r = await reverseWatch({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, expression: 'i' });
    assert.equal(r.found, false);
    assert.deepEqual(linesOf(r.target), history);
    assert.match(r.message, /no change to go back to/);
  });

  it('refuses an expression that cannot be evaluated now', async () => {
    const sim = new SimulatedProgram(callsProgram(), { breakpoints: [5] });
    await assert.rejects(
      reverseWatch({ history: pointOf(['start', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim, expression: 'tmp' }),
      /cannot evaluate "tmp" here/,
    );
  });

  it('with values unknown at many probes, never reports a wrong statement', async () => {
    // tmp only exists inside update(): every probe in main is unknown.
    const trace = callsProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [12] });
    const history = ['run', 'continue', 'continue'];
    const r = await reverseWatch({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, expression: 'tmp' });
    assert.equal(r.found, true);
    const before = sim.run(r.target, 'tmp');
    assert.notEqual(before.value, '4');
    if (r.exact) checkJustBefore(sim, r.target, 'tmp', '4');
    else assert.match(r.message, /could not be evaluated/);
    assert.equal(sim.run(r.target).location?.line, 10, r.message);
  });

  it('reports progress and stops on abort (Ctrl-C)', async () => {
    const trace = bigLoop(100_000, 77_777);
    const sim = new SimulatedProgram(trace, { breakpoints: [6] });
    const controller = new AbortController();
    const seen: number[] = [];
    const search = reverseWatch({
      history: pointOf(['start', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim, expression: 'bad',
      options: {
        signal: controller.signal,
        onProgress: (p) => { seen.push(p.probes); if (p.probes >= 8) controller.abort(); },
      },
    });
    await assert.rejects(search, (e: unknown) => e instanceof SearchAbortedError && /interrupted after \d+ probes/.test(e.message));
    assert.ok(seen.length > 0);
    assert.equal(sim.probes, 8, 'no probe after the abort');
  });
});
