// A frozen copy keeps a spare copy of itself forked ahead of time, so that a resume only
// wakes a process. The spare must behave exactly like a copy forked at resume time:
// signals sent to the terminal's process group while it waited are not the program's,
// a spare killed from outside is replaced, and without spares (FRED_CKPT_SPARE=0)
// resuming still works.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { waitFor } from '../helpers/processGroup';
import { ask, snapperProgram, snapshotFixture, startHeld, state } from './snapshotHarness';
import { running, waitGone } from './terminal';

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function spareOf(copyPid: number): Promise<number> {
  return waitFor(`the spare of frozen copy ${copyPid}`, () => childrenOf(copyPid).find(running));
}

describe('snapshot spares', function () {
  this.timeout(60000);
  const fixture = snapshotFixture();
  const terminals = fixture.terminals;

  it('Ctrl-C typed while the spare waited does not reach the program it becomes', async () => {
    const held = await startHeld('snapper', snapperProgram(), ['8']);
    terminals.push(held.term);
    await ask(held.term, 'inc');
    const snapshot = await fixture.store.take(held.pid);
    await spareOf(snapshot.copyPid);
    held.term.write('\x03');                       // SIGINT to the foreground group: the live program dies
    await waitGone('the live program to die of Ctrl-C', [held.pid]);
    const resumed = await fixture.store.resume(snapshot.id);
    const now = await state(held.term);
    assert.deepEqual({ n: now.n, pid: now.pid }, { n: 1, pid: resumed }, 'the resumed copy got the old Ctrl-C');
  });

  it('a spare killed from outside is replaced; the snapshot still resumes', async () => {
    const held = await startHeld('snapper', snapperProgram(), ['8']);
    terminals.push(held.term);
    const snapshot = await fixture.store.take(held.pid);
    const spare = await spareOf(snapshot.copyPid);
    process.kill(spare, 'SIGKILL');
    await waitGone('the killed spare', [spare]);
    const next = await waitFor('a new spare', () => childrenOf(snapshot.copyPid).find((p) => p !== spare && running(p)));
    assert.notEqual(next, spare);
    process.kill(held.pid, 'SIGKILL');
    await waitGone('the live program', [held.pid]);
    const resumed = await fixture.store.resume(snapshot.id);
    assert.equal((await state(held.term)).pid, resumed);
  });

  it('discarding a snapshot ends its spare too', async () => {
    const held = await startHeld('snapper', snapperProgram(), ['8']);
    terminals.push(held.term);
    const snapshot = await fixture.store.take(held.pid);
    const spare = await spareOf(snapshot.copyPid);
    await fixture.store.discard(snapshot.id);
    await waitGone('the frozen copy and its spare', [snapshot.copyPid, spare]);
    assert.equal((await state(held.term)).pid, held.pid);
  });

  it('a program resumed from a spare survives the discard of its snapshot', async () => {
    const held = await startHeld('snapper', snapperProgram(), ['8']);
    terminals.push(held.term);
    const snapshot = await fixture.store.take(held.pid);
    await spareOf(snapshot.copyPid);
    process.kill(held.pid, 'SIGKILL');
    await waitGone('the live program', [held.pid]);
    const resumed = await fixture.store.resume(snapshot.id);
    await fixture.store.discard(snapshot.id);
    await waitGone('the discarded frozen copy', [snapshot.copyPid]);
    assert.equal((await state(held.term)).pid, resumed, 'the resumed program died with its snapshot');
  });

  it('FRED_CKPT_SPARE=0: no spare, and resume forks on demand', async () => {
    const held = await startHeld('snapper without spares', snapperProgram(), ['8'], { env: { ...process.env, FRED_CKPT_SPARE: '0' } });
    terminals.push(held.term);
    await ask(held.term, 'inc');
    const snapshot = await fixture.store.take(held.pid);
    await ask(held.term, 'inc');
    assert.deepEqual(childrenOf(snapshot.copyPid), [], 'a spare was made although FRED_CKPT_SPARE=0');
    process.kill(held.pid, 'SIGKILL');
    await waitGone('the live program', [held.pid]);
    const resumed = await fixture.store.resume(snapshot.id);
    assert.deepEqual(await state(held.term).then((s) => ({ n: s.n, pid: s.pid })), { n: 1, pid: resumed });
  });
});
