// The commands that bring the thread a reverse command acts on back into the program's code
// (src/history/threadSwitch.ts): they must mean the same in every replay. A restored thread
// waiting in fred's library may stand a frame or two deeper or shallower than where it was
// probed, so the history names no frame number: `fred-thread-to-program` finds the frame when
// it runs (stop 25's CI failure and a wrong landing under load came from `frame 3` + `finish`).
import { strict as assert } from 'assert';
import { gdbDialect } from '../../src/history/dialects/gdb';
import type { ProbeState } from '../../src/history/probing';
import { inStoppedThread } from '../../src/history/threadSwitch';
import { entriesOf, TimePoint, textsOf } from '../../src/history/timePointEntry';

const point = (lines: string[]) => entriesOf(lines, gdbDialect);

const location = { file: 'thread_steps.c', line: 29, function: 'work', pc: '0x55555555523e', depth: 3 };

describe('history/threadSwitch: into the stopped thread', () => {
  const stopped: ProbeState = { location, thread: 3, threads: [1, 2, 3] };

  it('selects the thread and leaves its library wait by a command that names no frame', async () => {
    const probe = async (at: TimePoint): Promise<ProbeState> =>
      at[at.length - 1].text === 'thread 3' ? { thread: 3, threads: [1, 2, 3], wayOut: 3 } : { location, thread: 2, threads: [1, 2, 3] };
    const steps = textsOf((await inStoppedThread(point(['break 29', 'run']), stopped, gdbDialect, probe))!);
    assert.deepEqual(steps, ['break 29', 'run', 'thread 3', 'fred-thread-to-program']);
    assert.ok(!steps.some((c) => /^frame\b/.test(c)));
  });

  it('only selects a thread that stands in the program already; nothing when it was selected', async () => {
    const inProgram = async (at: TimePoint): Promise<ProbeState> =>
      (at.length === 3 ? { location, thread: 3, threads: [1, 2, 3] } : { location, thread: 2, threads: [1, 2, 3] });
    assert.deepEqual(textsOf((await inStoppedThread(point(['run']), stopped, gdbDialect, inProgram))!), ['run', 'thread 3']);
    assert.deepEqual(textsOf((await inStoppedThread(point(['run']), stopped, gdbDialect, async () => stopped))!), ['run']);
  });

  it('no way in when the thread did not exist yet', async () => {
    assert.equal(await inStoppedThread(point(['run']), stopped, gdbDialect, async () => ({ location, thread: 1, threads: [1, 2] })), undefined);
  });

  it('fred-thread-to-program resumes like a finish and is replayed as it is (no value history to avoid)', () => {
    const c = gdbDialect.classify('fred-thread-to-program');
    assert.equal(c.kind, 'finish');
    assert.ok(c.resumes && c.movesProgram);
    assert.equal(gdbDialect.replayedForm('fred-thread-to-program'), 'fred-thread-to-program');
    assert.equal(gdbDialect.replayedForm('finish'), 'fred-finish');
  });
});
