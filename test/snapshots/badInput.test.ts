// Bad snapshot requests get one clear FredError and leave the live process alone:
// unknown and discarded ids, a frozen copy killed from outside, spills nowhere.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FredError } from '../../src/fred/errors';
import { SnapshotStore } from '../../src/fred/session/snapshots';
import { ask, HeldProgram, scratchDir, snapperProgram, startHeld, state } from './snapshotHarness';
import { running, Terminal, waitGone } from './terminal';

async function rejectsWith(phase: string, promise: Promise<unknown>, code: string, message: RegExp): Promise<FredError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof FredError, `${phase}: expected a FredError, got ${error instanceof Error ? error.stack : String(error)}`);
  assert.equal(error.code, code, `${phase}: ${error.message}`);
  assert.match(error.message, message, phase);
  assert.ok(!error.message.includes('\n'), `${phase}: the message is not one line: ${error.message}`);
  return error;
}

describe('snapshots: bad input', function () {
  this.timeout(60000);
  const terminals: Terminal[] = [];
  let store: SnapshotStore;
  let held: HeldProgram;

  beforeEach(async () => {
    store = new SnapshotStore();
    held = await startHeld('snapper', snapperProgram(), ['8']);
    terminals.push(held.term);
    await ask(held.term, 'inc');
  });
  afterEach(async () => {
    await store.discardAll().catch(() => undefined);
    for (const t of terminals.splice(0)) await t.close();
  });

  /** The live program still runs, at the same pid and count, reading its terminal. */
  async function liveUntouched(n: number): Promise<void> {
    const now = await state(held.term);
    assert.deepEqual({ n: now.n, pid: now.pid, fg: now.fg }, { n, pid: held.pid, fg: 1 });
  }

  it('resume, spill or discard of an unknown id', async () => {
    await rejectsWith('resume 999', store.resume(999), 'no-snapshot', /snapshot 999/);
    await rejectsWith('spill 999', store.spill(999, path.join(scratchDir('unknown'), 'x.img')), 'no-snapshot', /snapshot 999/);
    await rejectsWith('discard 999', store.discard(999), 'no-snapshot', /snapshot 999/);
    await liveUntouched(1);
  });

  it('resume of a discarded snapshot', async () => {
    const snapshot = await store.take(held.pid);
    await store.discard(snapshot.id);
    await rejectsWith('resume after discard', store.resume(snapshot.id), 'no-snapshot', new RegExp(`snapshot ${snapshot.id}.*discarded`));
    await liveUntouched(1);
  });

  it('resume of a snapshot whose frozen copy was killed from outside', async () => {
    const snapshot = await store.take(held.pid);
    const other = await store.take(held.pid);
    process.kill(snapshot.copyPid, 'SIGKILL');
    await waitGone('the killed copy', [snapshot.copyPid]);
    await rejectsWith('resume of a killed copy', store.resume(snapshot.id), 'no-snapshot', new RegExp(`snapshot ${snapshot.id}.*killed`));
    assert.deepEqual(store.list().map((s) => s.id), [other.id], 'the dead snapshot is still listed');
    await liveUntouched(1);
    assert.ok(running(other.copyPid), 'another snapshot was harmed');
  });

  it('spill to a directory that does not exist, and to one where nothing can be created', async () => {
    const snapshot = await store.take(held.pid);
    await rejectsWith('spill into a missing directory', store.spill(snapshot.id, '/nonexistent-fred-dir/x.img'), 'checkpoint-failed', /nonexistent-fred-dir/);
    await rejectsWith('spill into /proc', store.spill(snapshot.id, '/proc/fred-x.img'), 'checkpoint-failed', /spill.*fred-x\.img|\/proc/);
    await liveUntouched(1);
    assert.ok(running(snapshot.copyPid), 'a failed spill ended the snapshot');
    const image = path.join(scratchDir('spill-after-failure'), 'ok.img');
    await store.spill(snapshot.id, image);
    assert.ok(fs.statSync(image).size > 0, 'the snapshot cannot spill after a failed spill');
  });
});
