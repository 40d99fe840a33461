// Timeline bookkeeping, replay planning and snapshot retention (pure, no probes).
import { strict as assert } from 'assert';
import { planReplay, replayable } from '../../src/history/replayPlan';
import { snapshotsToDrop } from '../../src/history/retention';
import { Timeline } from '../../src/history/timeline';

describe('history/timeline', () => {
  it('logs commands with their classification; run starts a new execution', () => {
    const t = new Timeline('gdb');
    t.record('break main');
    t.record('run');
    t.record('n');
    t.record('p x');
    assert.deepEqual(t.commands, ['run', 'n', 'p x']);
    assert.deepEqual(t.entries.map((e) => e.kind), ['run', 'next', 'read-only']);
    t.record('r');
    assert.deepEqual(t.commands, ['r']);
    const p = new Timeline('pdb');
    p.record('n');
    p.record('restart');
    p.record('s');
    assert.deepEqual(p.commands, ['s']);
  });

  it('numbers user checkpoints separately from automatic snapshots', () => {
    const t = new Timeline('gdb');
    t.record('run');
    t.addSnapshot('auto-1');
    t.record('next');
    const c1 = t.addSnapshot('user-a', { user: true });
    t.addSnapshot('auto-2');
    const c2 = t.addSnapshot('user-b', { user: true, commands: ['run'] });
    assert.equal(c1.checkpoint, 1);
    assert.equal(c2.checkpoint, 2);
    assert.deepEqual(t.checkpoint(1).commands, ['run', 'next']);
    assert.equal(t.lastCheckpoint()?.id, 'user-b');
    assert.throws(() => t.checkpoint(3), /no checkpoint 3: the checkpoints are 1, 2/);
    assert.throws(() => t.addSnapshot('auto-1'), /already recorded/);
    assert.equal(t.removeSnapshot('auto-2'), true);
    assert.deepEqual(t.snapshots.map((s) => s.id), ['auto-1', 'user-a', 'user-b']);
    assert.throws(() => new Timeline('gdb').checkpoint(1), /take one with fred-checkpoint/);
  });

  it('moveTo keeps recorded stops only on the common prefix', () => {
    const t = new Timeline('gdb');
    t.record('run', { location: { depth: 1, line: 3 } });
    t.record('next', { location: { depth: 1, line: 4 } });
    t.record('next', { location: { depth: 1, line: 5 } });
    t.moveTo(['run', 'next', 'step']);
    assert.equal(t.entries[1].stop?.location?.line, 4);
    assert.equal(t.entries[2].stop, undefined);
    assert.equal(t.entries[2].kind, 'step');
  });

  it('branches save and switch histories', () => {
    const t = new Timeline('gdb');
    t.record('run');
    t.record('next');
    t.branch('try');
    assert.equal(t.currentBranch, 'try');
    t.record('step');
    assert.deepEqual(t.switchTo('main'), ['run', 'next']);
    assert.deepEqual(t.commands, ['run', 'next']);
    assert.deepEqual(t.branches, ['main', 'try']);
    assert.deepEqual(t.switchTo('try'), ['run', 'next', 'step']);
    assert.throws(() => t.switchTo('nope'), /no branch nope: the branches are main, try/);
    assert.throws(() => t.branch('main'), /already exists/);
  });
});

describe('history/replayPlan', () => {
  it('replays resuming commands, side effects and frame selection; drops the rest', () => {
    const cmds = ['break 5', 'run', 'next', 'print x', 'print x = 3', 'info locals', 'up', 'finish', 'watch y', 'set listsize 3', 'c 3'];
    assert.deepEqual(replayable(cmds, 'gdb'), ['run', 'next', 'print x = 3', 'up', 'finish', 'c 3']);
    assert.deepEqual(replayable(['run', 'next', 'run', 'step'], 'gdb'), ['run', 'step']);
    assert.deepEqual(replayable(['n', 'p x', '!x = 1', 'restart', 'n', 'u'], 'pdb'), ['n', 'u']);
  });

  it('picks the snapshot covering the longest prefix of the target', () => {
    const snapshots = [
      { id: 'start', commands: ['run'] },
      { id: 'a', commands: ['run', 'next', 'p x'] },
      { id: 'b', commands: ['run', 'next', 'next', 'up'] }, // trailing frame selection is not in the process
      { id: 'other', commands: ['run', 'step'] },
    ];
    assert.deepEqual(planReplay(['run', 'next', 'next', 'up', 'finish'], snapshots, 'gdb'),
      { snapshotId: 'b', covered: ['run', 'next', 'next'], replay: ['up', 'finish'] });
    assert.deepEqual(planReplay(['run', 'next', 'info frame', 'continue'], snapshots, 'gdb'),
      { snapshotId: 'a', covered: ['run', 'next'], replay: ['continue'] });
    assert.deepEqual(planReplay(['run', 'continue'], snapshots, 'gdb'),
      { snapshotId: 'start', covered: ['run'], replay: ['continue'] });
    assert.deepEqual(planReplay(['run', 'continue'], [], 'gdb'), { covered: [], replay: ['run', 'continue'] });
    assert.deepEqual(planReplay([], [{ id: 's', commands: [] }], 'pdb'), { snapshotId: 's', covered: [], replay: [] });
  });

  it('is what Timeline.planReplay uses', () => {
    const t = new Timeline('gdb');
    t.record('run');
    t.addSnapshot('s0');
    t.record('next');
    t.record('next');
    assert.deepEqual(t.planReplay(), { snapshotId: 's0', covered: ['run'], replay: ['next', 'next'] });
    assert.deepEqual(t.planReplay(['run', 'next 5']), { snapshotId: 's0', covered: ['run'], replay: ['next 5'] });
  });
});

describe('history/retention', () => {
  const mb = 1 << 20;
  it('drops nothing under budget and never drops pinned snapshots', () => {
    const marks = [
      { id: 'start', bytes: 10 * mb, age: 100, pinned: true },
      { id: 'user', bytes: 10 * mb, age: 50, pinned: true },
      { id: 'a', bytes: 10 * mb, age: 1 },
    ];
    assert.deepEqual(snapshotsToDrop(marks, 30 * mb), []);
    assert.deepEqual(snapshotsToDrop(marks, 5 * mb), ['a']);
  });

  it('thins old automatic snapshots exponentially, keeping the youngest', () => {
    const marks = Array.from({ length: 16 }, (_, i) => ({ id: `s${i}`, bytes: mb, age: i }));
    const dropped = snapshotsToDrop(marks, 5 * mb);
    const kept = marks.map((m) => m.id).filter((id) => !dropped.includes(id));
    assert.deepEqual(kept, ['s0', 's1', 's2', 's4', 's8']);
    // The thinned ones go first, oldest first.
    assert.deepEqual(dropped.slice(0, 3), ['s15', 's14', 's13']);
    // When even the ladder does not fit, its oldest rungs go too; the youngest stays longest.
    assert.deepEqual(marks.map((m) => m.id).filter((id) => !snapshotsToDrop(marks, 2 * mb).includes(id)), ['s0', 's1']);
  });
});
