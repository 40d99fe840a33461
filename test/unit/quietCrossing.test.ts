// A reverse-next/step skips the replay that asks "would a breakpoint of now have stopped
// inside the command it crosses" only when the run that made the history proves there is
// none (quietCrossing.ts). Ground truth: the simulated forward run with the breakpoints of now.
import { strict as assert } from 'assert';
import { reverseNext, reverseStep } from '../../src/history/reverse';
import { crossingProvenQuiet } from '../../src/history/quietCrossing';
import { linesOf, pointOf, SimulatedProgram, Trace, TraceBuilder } from './historySimulator';
import { gdbDialect } from '../../src/history/dialects';

/** main: 1 x = 0;  2 f();  3 y = 1;  4 return.   f: 10 a = 1;  11 return */
function callProgram(): Trace {
  const b = new TraceBuilder();
  b.line(1);
  b.call(2, 'f', () => { b.line(10); b.line(11); });
  b.line(3);
  b.line(4);
  return b.build();
}

const indexOfLine = (trace: Trace, line: number) => {
  for (let i = 0; i < trace.size; i++) if (trace.lineAt(i) === line) return i;
  throw new Error(`no line ${line}`);
};

describe('history/quietCrossing: no replay for a crossing the forward run proves empty', () => {
  const trace = callProgram();

  for (const history of [['start', 'next', 'next'], ['start', 'next 2']]) {
    it(`[${history.join(', ')}]: breakpoints of now all set before the run: no wouldStop, lands on the call line`, async () => {
      const sim = new SimulatedProgram(trace, { breakpoints: [4], breakpointsNow: [4] });
      const result = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
      assert.equal(sim.indexOf(result.target), indexOfLine(trace, 2));
      assert.equal(sim.wouldStopRuns, 0);
    });

    it(`[${history.join(', ')}]: a breakpoint set after the fact inside the call is still found`, async () => {
      const sim = new SimulatedProgram(trace, { breakpoints: [4], breakpointsNow: [4, 10] });
      const result = await reverseNext({ history: pointOf(history, gdbDialect), dialect: gdbDialect, prober: sim });
      assert.equal(sim.indexOf(result.target), indexOfLine(trace, 10));
      assert.ok(sim.wouldStopRuns > 0);
    });
  }

  it('reverse-step into the call: no wouldStop when proven, the last line of the callee', async () => {
    const sim = new SimulatedProgram(trace, { breakpoints: [4], breakpointsNow: [4] });
    const result = await reverseStep({ history: pointOf(['start', 'next', 'next'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(result.target), indexOfLine(trace, 11));
    assert.equal(sim.wouldStopRuns, 0);
  });

  it('only a breakpoint set after the fact: reverse-step over a plain line lands on it, reverse-next over the call stops at it', async () => {
    // from line 4 back over line 3 (no call): nothing inside
    const sim = new SimulatedProgram(trace, { breakpointsNow: [10] });
    const result = await reverseStep({ history: pointOf(['start', 'next', 'next', 'next'], gdbDialect), dialect: gdbDialect, prober: sim });
    assert.equal(sim.indexOf(result.target), indexOfLine(trace, 3));
    const again = new SimulatedProgram(trace, { breakpointsNow: [10] });
    const over = await reverseNext({ history: pointOf(['start', 'next', 'next'], gdbDialect), dialect: gdbDialect, prober: again });
    assert.equal(again.indexOf(over.target), indexOfLine(trace, 10));
    assert.ok(again.wouldStopRuns > 0);
  });

  it('proves nothing across two commands, for `continue N`, single instructions or counted stops', () => {
    const armed = () => true;
    assert.equal(crossingProvenQuiet(pointOf(['start'], gdbDialect), pointOf(['start', 'next'], gdbDialect), armed), true);
    assert.equal(crossingProvenQuiet(pointOf(['start', 'next'], gdbDialect), pointOf(['start', 'next 3'], gdbDialect), armed), true);
    assert.equal(crossingProvenQuiet(pointOf(['start'], gdbDialect), pointOf(['start', 'next', 'next'], gdbDialect), armed), false);
    assert.equal(crossingProvenQuiet(pointOf(['start'], gdbDialect), pointOf(['start', 'continue 3'], gdbDialect), armed), false);
    assert.equal(crossingProvenQuiet(pointOf(['start'], gdbDialect), pointOf(['start', 'stepi 4'], gdbDialect), armed), false);
    assert.equal(crossingProvenQuiet(pointOf(['start'], gdbDialect), pointOf(['start', 'fred-hits 4 2'], gdbDialect), armed), false);
    assert.equal(crossingProvenQuiet(pointOf(['start'], gdbDialect), pointOf(['start', 'continue'], gdbDialect), () => false), false);
  });
});
