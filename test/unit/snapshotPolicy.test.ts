// When fred snapshots (src/fred/session/snapshotPolicy.ts), with a fake program: which marks
// count as "the last snapshot" on the way to the time point now, and when a reverse command
// marks the point it starts from.
import { strict as assert } from 'assert';
import { gdbDialect } from '../../src/history/dialects';
import { entriesOf, textsOf } from '../../src/history/timePointEntry';
import { SessionEvents } from '../../src/fred/session/sessionEvents';
import { defaultPolicy, MarkedProgram, SnapshotMark, SnapshotTaking } from '../../src/fred/session/snapshotPolicy';
import { Snapshot, SnapshotStore } from '../../src/fred/session/snapshots';

function fakeProgram(history: string[], marks: SnapshotMark[], threads: boolean, exact = true): MarkedProgram & { taken: number } {
  let nextId = 100;
  const store = { list: () => [], discard: async () => undefined, forgetDead: () => undefined, has: () => true } as unknown as SnapshotStore;
  const program = {
    dialect: gdbDialect,
    timePoint: entriesOf(history, gdbDialect),
    marks,
    store,
    events: new SessionEvents(),
    taken: 0,
    snapshot: async (): Promise<Snapshot> => {
      program.taken++;
      return { id: nextId++, copyPid: 1, sourcePid: 1, pc: '0', takenAt: 0, bytes: 1 };
    },
    markState: async () => ({}),
    programHasThreads: async () => threads,
    replaysExactly: async () => exact,
  };
  return program;
}

const mark = (snapshotId: number, commands: string[]): SnapshotMark => ({ snapshotId, point: entriesOf(commands, gdbDialect), bytes: 1, pinned: false });
const next = gdbDialect.classify('next');

describe('snapshot policy: before a resuming command', () => {
  it('a longer mark on another path (where a reverse command started) does not stand for a snapshot here', async () => {
    // `continue`, `next`, fred-reverse-next (its start marked [.., continue, next]), then
    // `continue` (marked before it) and `next`: the snapshot before that `next` is due
    const history = ['break 10', 'run', 'continue', 'continue'];
    const marks = [mark(1, ['break 10', 'run', 'continue', 'next']), mark(2, ['break 10', 'run', 'continue'])];
    const program = fakeProgram(history, marks, true);
    const policy = new SnapshotTaking(defaultPolicy, program);
    await policy.beforeResume(next);
    assert.equal(program.taken, 1);
    assert.deepEqual(textsOf(marks[marks.length - 1].point), history);
  });

  it('a mark on the way here, as many moving commands back as --snapshot-every, is enough', async () => {
    const history = ['break 10', 'run', 'continue', 'next'];
    const marks = [mark(1, ['break 10', 'run', 'continue'])];
    const program = fakeProgram(history, marks, true);
    await new SnapshotTaking({ ...defaultPolicy, everyCommands: 2 }, program).beforeResume(next);
    assert.equal(program.taken, 0);
  });
});

describe('snapshot policy: where a reverse command starts', () => {
  const history = ['break 10', 'run', 'continue', 'next'];
  const before = () => [mark(1, ['break 10', 'run', 'continue'])];

  it('no snapshot when replaying back here is cheap and exact (threads taking turns)', async () => {
    const program = fakeProgram(history, before(), true);
    const policy = new SnapshotTaking(defaultPolicy, program);
    policy.commandRan(5); // the `next`
    await policy.markBeforeReverse();
    assert.equal(program.taken, 0);
  });

  it('a snapshot when the threads no longer take turns (a replay may go another way)', async () => {
    const program = fakeProgram(history, before(), true, false);
    const policy = new SnapshotTaking(defaultPolicy, program);
    policy.commandRan(5);
    await policy.markBeforeReverse();
    assert.equal(program.taken, 1);
  });

  it('a snapshot when replaying back would cost more than one (--cheap-replay)', async () => {
    for (const [ran, cheap] of [[40, defaultPolicy.cheapReplayMs], [5, 0]]) {
      const program = fakeProgram(history, before(), true);
      const policy = new SnapshotTaking({ ...defaultPolicy, cheapReplayMs: cheap }, program);
      policy.commandRan(ran);
      await policy.markBeforeReverse();
      assert.equal(program.taken, 1, `ran ${ran} ms, --cheap-replay ${cheap}`);
    }
  });
});
