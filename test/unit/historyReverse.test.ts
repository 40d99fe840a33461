// reverse-next / reverse-step / reverse-finish / reverse-continue / undo over a simulated
// program. Ground truth: the trace index a fresh forward run of the answer reaches.
import { strict as assert } from 'assert';
import { reverseContinue, reverseFinish, reverseNext, reverseStep, undo } from '../../src/history/reverse';
import { linesOf, pointOf, SimulatedProgram, Trace, TraceBuilder } from './historySimulator';
import { gdbDialect, pdbDialect } from '../../src/history/dialects';
import { entriesOf, textsOf } from '../../src/history/timePointEntry';

/**
 * main:  1 sum = 0
 *        2 for (i = 0; i < 5; i++)      (the header runs 6 times)
 *        3   sum = add(sum, i)          add: 10 r = a + b; 11 return r
 *        4 printf(sum)
 *        5 return 0
 */
function loopProgram(iterations = 5): Trace {
  const b = new TraceBuilder().variable('sum', 0).variable('i', 0).variable('r', 0, 'add');
  b.line(1);
  let sum = 0;
  for (let i = 0; i < iterations; i++) {
    b.line(2, { i });
    b.call(3, 'add', () => { b.line(10, { r: sum + i }); b.line(11); }, { sum: sum + i });
    sum += i;
  }
  b.line(2, { i: iterations });
  b.line(4);
  b.line(5);
  return b.build();
}

/** main: 1 r = fact(4); 2 return.  fact: 20 if (n <= 1) return 1;  21 return n * fact(n - 1) */
function recursiveProgram(n = 4): Trace {
  const b = new TraceBuilder().variable('r', 0);
  const fact = (k: number): void => {
    b.line(20);
    if (k > 1) b.call(21, 'fact', () => fact(k - 1));
  };
  b.call(1, 'fact', () => fact(n), { r: 24 });
  b.line(2);
  return b.build();
}

/** Index in the trace of the k-th (0-based) occurrence of `line`. */
function nth(trace: Trace, line: number, k: number): number {
  for (let i = 0, seen = 0; i < trace.size; i++) {
    if (trace.lineAt(i) === line && seen++ === k) return i;
  }
  throw new Error(`line ${line} does not occur ${k + 1} times`);
}

describe('history/reverse: undo', () => {
  it('drops the last n program-moving commands, keeping what came before', () => {
    const h = entriesOf(['run', 'next', 'print x', 'break 4', 'step', 'p y = 3', 'info locals'], gdbDialect);
    assert.deepEqual(textsOf(undo(h, 1)), ['run', 'next', 'print x', 'break 4', 'step']);
    assert.deepEqual(textsOf(undo(h, 2)), ['run', 'next', 'print x', 'break 4']);
    assert.deepEqual(textsOf(undo(h, 3)), ['run']);
    // run is not undone (that would end the program): at its stop there is nothing to undo
    assert.throws(() => undo(h, 4), /only 3 command\(s\) moved the program; cannot undo 4/);
    assert.throws(() => undo(entriesOf(['run'], gdbDialect), 1), /nothing to undo/);
    assert.throws(() => undo(entriesOf(['print x'], pdbDialect), 1), /start of history/);
  });
});

describe('history/reverse: reverse-next', () => {
  it('drops the last next, and counts down `next k` (rn 3 after next 5)', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    let r = await reverseNext({ history: pointOf(['start', 'next', 'next', 'next'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.deepEqual(linesOf(r.target), ['start', 'next', 'next']);
    r = await reverseNext({ history: pointOf(['start', 'next 5'], gdbDialect), dialect: gdbDialect, prober: sim, count: 3 });
    assert.deepEqual(linesOf(r.target), ['start', 'next 2']);
    r = await reverseNext({ history: pointOf(['start', 'n', 'n', 'p sum', 'bt'], gdbDialect), dialect: gdbDialect, prober: sim, count: 2 });
    assert.deepEqual(linesOf(r.target), ['start']);
  });

  it('after stepping into a function, goes back to the calling line', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const r = await reverseNext({ history: pointOf(['start', 'next', 'next', 'step'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 3, 0));
  });

  it('after a next that returned from a function, lands on the caller line that called it', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const history = ['start', 'next', 'next', 'step', 'next', 'next'];
    assert.equal(sim.indexOf(history), nth(trace, 2, 1));
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 3, 0));
    assert.equal(sim.run(r.target).location?.depth, 1);
  });

  it('expands a continue to a breakpoint in a loop into nexts', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [3] });
    const history = ['run', 'continue', 'continue'];
    assert.equal(sim.indexOf(history), nth(trace, 3, 2));
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 2, 2));
  });

  it('after a continue to a breakpoint inside a callee, goes to the previous line of that callee', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [11] });
    const history = ['run', 'continue'];
    assert.equal(sim.indexOf(history), nth(trace, 11, 1));
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 10, 1));
    // A second reverse-next from the first line of add goes to the calling line.
    const r2 = await reverseNext({ history: pointOf(r.target, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r2.target), nth(trace, 3, 1));
  });

  it('after a next that stopped at a breakpoint inside the called function', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [11] });
    const history = ['start', 'next', 'next'];
    assert.equal(sim.indexOf(history), nth(trace, 3, 0));
    const stopped = [...history, 'next'];
    assert.equal(sim.indexOf(stopped), nth(trace, 11, 0));
    const r = await reverseNext({ history: pointOf(stopped, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 10, 0));
  });

  it('after `next 10` cut short by a breakpoint, counts the nexts that really ran', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [4] });
    const history = ['start', 'next 3', 'next 50'];
    assert.equal(sim.indexOf(history), nth(trace, 4, 0));
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 2, 5));
  });

  it('after finish, goes back to the start of the calling line', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const history = ['start', 'next 2', 'step', 'finish'];
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 3, 0));
  });

  it('after a finish that stopped at a breakpoint on the way, goes to the line that made the call', async () => {
    const trace = recursiveProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [20] });
    const history = ['start', 'step', 'next', 'finish']; // fact(4) at 21; its finish stops in fact(3) at 20
    assert.equal(sim.indexOf(history), nth(trace, 20, 1));
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 21, 0));
  });

  it('after until that left a loop, goes to the loop header', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const history = ['start', 'next 2', 'until'];
    assert.equal(sim.indexOf(history), nth(trace, 4, 0));
    const r = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 2, 5));
  });

  it('after the program exited, goes to the last line executed', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const r = await reverseNext({ history: pointOf(['start', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 5, 0));
  });

  it('opens the initial run to go before its first stop, and refuses to go past the start', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [4] });
    const r = await reverseNext({ history: pointOf(['run'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 2, 5));
    await assert.rejects(reverseNext({ history: pointOf(['start'], gdbDialect), dialect: gdbDialect, prober: sim }), /already at the start of history/);
    const far = await reverseNext({ history: pointOf(['start', 'next'], gdbDialect), dialect: gdbDialect, prober: sim, count: 2 });
    assert.deepEqual(linesOf(far.target), ['start']);
    assert.match(far.message ?? '', /reached the start of history after 1 of 2/);
  });

  it('uses a logarithmic number of probes to expand a long continue', async () => {
    const trace = loopProgram(50_000);
    const sim = new SimulatedProgram(trace, { breakpoints: [4] });
    const r = await reverseNext({ history: pointOf(['start', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 2, 50_000));
    const distance = nth(trace, 4, 0);
    assert.ok(r.probes <= 2 * Math.log2(distance) + 10, `${r.probes} probes for a distance of ${distance}`);
  });

  it('pdb: reverse-next after `return` lands on the function\'s last line', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { debuggerKind: 'pdb' });
    const history = ['n', 'n', 's', 'r'];
    const r = await reverseNext({ history: pointOf(history, pdbDialect), dialect: pdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 11, 0));
  });
});

describe('history/reverse: reverse-step', () => {
  it('enters the function the previous line called and lands on its last line', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const history = ['start', 'next', 'next', 'next'];
    assert.equal(sim.indexOf(history), nth(trace, 2, 1));
    const r = await reverseStep({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 11, 0));
    const r2 = await reverseStep({ history: pointOf(r.target, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r2.target), nth(trace, 10, 0));
    const r3 = await reverseStep({ history: pointOf(r2.target, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r3.target), nth(trace, 3, 0));
  });

  it('behaves like reverse-next when the previous line called nothing', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const r = await reverseStep({ history: pointOf(['start', 'next', 'next'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 2, 0));
  });

  it('rs 2 after a continue to a breakpoint', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [4] });
    const r = await reverseStep({ history: pointOf(['run'], gdbDialect), dialect: gdbDialect, prober: sim, count: 2 });
    // back from line 4: the final loop header, then the last line of the last add call.
    assert.equal(sim.indexOf(r.target), nth(trace, 11, 4));
  });
});

describe('history/reverse: reverse-finish', () => {
  it('goes back to the line that called the current function', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [11] });
    const r = await reverseFinish({ history: pointOf(['run', 'continue', 'continue'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 3, 2));
    await assert.rejects(reverseFinish({ history: pointOf(['start', 'next'], gdbDialect), dialect: gdbDialect, prober: sim }), /outermost frame/);
  });

  it('climbs out of recursion one frame at a time', async () => {
    const trace = recursiveProgram(4);
    const sim = new SimulatedProgram(trace, { breakpoints: [20] });
    const history = ['run', 'c', 'c', 'c'];
    assert.equal(sim.run(history).location?.depth, 5);
    const r = await reverseFinish({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 21, 2));
    assert.equal(sim.run(r.target).location?.depth, 4);
    const r3 = await reverseFinish({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, count: 4 });
    assert.equal(sim.indexOf(r3.target), nth(trace, 1, 0));
    await assert.rejects(reverseFinish({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, count: 5 }), /outermost frame/);
  });

  it('finds the call inside a `step 7`', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace);
    const history = ['start', 'step 7'];
    assert.equal(sim.indexOf(history), nth(trace, 10, 1));
    const r = await reverseFinish({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(r.target), nth(trace, 3, 1));
  });
});

describe('history/reverse: reverse-continue', () => {
  it('goes back to the previous breakpoint stop, then to the start of history', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { breakpoints: [3] });
    const history = ['run', 'c', 'c', 'next', 'p sum', 'next'];
    let r = await reverseContinue({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
    assert.deepEqual(linesOf(r.target), ['run', 'c', 'c']);
    r = await reverseContinue({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim, count: 3 });
    assert.deepEqual(linesOf(r.target), ['run']);
    const plain = new SimulatedProgram(trace);
    r = await reverseContinue({ history: pointOf(['start', 'next', 'next'], gdbDialect), dialect: gdbDialect, prober: plain });
    assert.deepEqual(linesOf(r.target), ['start']);
    assert.match(r.message ?? '', /start of history/);
    await assert.rejects(reverseContinue({ history: pointOf(['start'], gdbDialect), dialect: gdbDialect, prober: plain }), /already at the start/);
  });
});

describe('history/reverse: pdb', () => {
  it('reverse-finish, reverse-step and reverse-continue with pdb commands and no run', async () => {
    const trace = loopProgram();
    const sim = new SimulatedProgram(trace, { debuggerKind: 'pdb', breakpoints: [3] });
    let r = await reverseFinish({ history: pointOf(['n', 'n', 's', 'n'], pdbDialect), dialect: pdbDialect, prober: sim });
    assert.deepEqual(linesOf(r.target), ['n', 'n']);
    r = await reverseStep({ history: pointOf(['n', 'n', 'n'], pdbDialect), dialect: pdbDialect, prober: sim });
    assert.equal(sim.run(r.target).location?.function, 'add');
    r = await reverseContinue({ history: pointOf(['c', 'c', 'n'], pdbDialect), dialect: pdbDialect, prober: sim });
    assert.deepEqual(linesOf(r.target), ['c', 'c']);
    r = await reverseContinue({ history: pointOf(['n', 'n'], pdbDialect), dialect: pdbDialect, prober: sim, count: 2 });
    assert.deepEqual(linesOf(r.target), []);
    await assert.rejects(reverseNext({ history: pointOf([], pdbDialect), dialect: pdbDialect, prober: sim }), /already at the start of history/);
  });
});

