// How to reach a time point (replayPlan.ts), on classified entries: which snapshot to
// restart from and which commands to replay; the kinds come from the entries, not the lines.
import { strict as assert } from 'assert';
import { gdbDialect, pdbDialect } from '../../src/history/dialects';
import { planReplay, replayable } from '../../src/history/replayPlan';
import { entriesOf, textsOf } from '../../src/history/timePointEntry';

const gdb = (lines: string[]) => entriesOf(lines, gdbDialect);

describe('history/replayPlan on time point entries', () => {
  it('keeps what moves the program from the last run on; drops reads and breakpoints', () => {
    const point = gdb(['break 10', 'run', 'print x', 'next 2', 'break 20', 'print x = 5', 'up', 'info locals', 'continue']);
    assert.deepEqual(textsOf(replayable(point, gdbDialect)), ['run', 'next 2', 'print x = 5', 'up', 'continue']);
    assert.deepEqual(textsOf(replayable(gdb(['run', 'next', 'run', 'step']), gdbDialect)), ['run', 'step']);
  });

  it('pdb: its restart is the program start, nothing to send for it', () => {
    const point = entriesOf(['n', 'restart', 'n 3', 'p x'], pdbDialect);
    assert.deepEqual(textsOf(replayable(point, pdbDialect)), ['n 3']);
  });

  it('restarts from the snapshot covering the longest prefix; a trailing frame selection does not count against it', () => {
    const target = gdb(['run', 'next', 'next', 'step', 'next']);
    const plan = planReplay(target, [
      { id: 'a', point: gdb(['run', 'next']) },
      { id: 'b', point: gdb(['run', 'next', 'next', 'up']) },
      { id: 'c', point: gdb(['run', 'step']) },
    ], gdbDialect);
    assert.equal(plan.snapshotId, 'b');
    assert.deepEqual(textsOf(plan.covered), ['run', 'next', 'next']);
    assert.deepEqual(textsOf(plan.replay), ['step', 'next']);
    assert.equal(plan.replay[0], target[3], 'the target\'s own entries are replayed, not classified again');
  });

  it('no snapshot on the way: replay everything from the start', () => {
    const plan = planReplay(gdb(['run', 'next']), [{ id: 'x', point: gdb(['run', 'step']) }], gdbDialect);
    assert.equal(plan.snapshotId, undefined);
    assert.deepEqual(textsOf(plan.replay), ['run', 'next']);
  });
});
