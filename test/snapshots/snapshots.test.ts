// Snapshots of real processes: a frozen forked copy taken with SnapshotStore.take, resumed
// in place of the live process (same terminal), resumed again later with the same
// state, snapshotted again, listed, discarded, spilled to an image that fred-ckpt
// restarts, and open files whose offsets stay with the copy they belong to.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ask, blockedReading, fredCkpt, scratchDir, snapperProgram, snapshotFixture, startHeld, state } from './snapshotHarness';
import { groupOf, running, Terminal, waitGone } from './terminal';

async function killLive(pid: number, label: string): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await waitGone(`${label}: live process ${pid} to die`, [pid]);
}

describe('snapshots', function () {
  this.timeout(90000);
  const fixture = snapshotFixture();
  const terminals = fixture.terminals;

  it('snapshot of a 512 MiB process; resume replaces the killed live process and keeps reading the same terminal', async () => {
    const held = await startHeld('snapper 512', snapperProgram(), ['512']);
    terminals.push(held.term);
    await ask(held.term, 'inc');
    await ask(held.term, 'inc');
    const before = await state(held.term);
    await blockedReading(held.pid, 'before the snapshot');
    const snapshot = await fixture.store.take(held.pid);
    assert.ok(running(snapshot.copyPid), 'the frozen copy is not running');
    assert.equal(groupOf(snapshot.copyPid), groupOf(held.pid), 'the frozen copy left the program\'s process group');
    assert.ok(snapshot.bytes >= 512 * 1048576, `resident size ${snapshot.bytes} is below 512 MiB`);
    assert.deepEqual(fixture.store.list().map((s) => s.id), [snapshot.id]);

    assert.equal(await ask(held.term, 'inc'), 'n=3', 'the live process did not go on after the snapshot');
    await killLive(held.pid, 'resume');
    const resumed = await fixture.store.resume(snapshot.id);
    assert.notEqual(resumed, held.pid);
    const after = await state(held.term);
    assert.deepEqual(after, { ...before, pid: resumed }, 'the resumed copy is not at the snapshot-time state');
    assert.equal(after.tty, 1);
    assert.equal(after.fg, 1, 'the resumed copy is not in the terminal\'s foreground group');
    assert.equal(await ask(held.term, 'inc'), 'n=3', 'the resumed copy does not go on from the snapshot');
  });

  it('resuming the same snapshot twice gives the snapshot-time state both times; a resumed copy can be snapshotted', async () => {
    const held = await startHeld('snapper 64', snapperProgram(), ['64']);
    terminals.push(held.term);
    await ask(held.term, 'inc');
    const atSnapshot = await state(held.term);
    const first = await fixture.store.take(held.pid);
    await ask(held.term, 'inc');
    await killLive(held.pid, 'first resume');

    const copyA = await fixture.store.resume(first.id);
    assert.deepEqual(await state(held.term), { ...atSnapshot, pid: copyA });
    for (let i = 0; i < 4; i++) await ask(held.term, 'inc');
    const laterA = await state(held.term);
    assert.equal(laterA.n, 5);
    await blockedReading(copyA, 'copy A before its own snapshot');
    const second = await fixture.store.take(copyA);
    assert.equal(second.sourcePid, copyA);
    await ask(held.term, 'inc');
    await killLive(copyA, 'second resume');

    const copyB = await fixture.store.resume(first.id);
    assert.deepEqual(await state(held.term), { ...atSnapshot, pid: copyB }, 'the second resume of the same snapshot is not at snapshot time');
    await ask(held.term, 'inc');
    await killLive(copyB, 'resume of the copy\'s snapshot');

    const copyC = await fixture.store.resume(second.id);
    assert.deepEqual(await state(held.term), { ...laterA, pid: copyC }, 'the snapshot of a resumed copy is not at its state');
  });

  it('list and discard: a discarded snapshot\'s frozen copy ends, the others stay', async () => {
    const held = await startHeld('snapper 16', snapperProgram(), ['16']);
    terminals.push(held.term);
    const taken = [];
    for (let i = 0; i < 3; i++) {
      await ask(held.term, 'inc');
      await blockedReading(held.pid, `snapshot ${i + 1}`);
      taken.push(await fixture.store.take(held.pid));
    }
    assert.deepEqual(fixture.store.list().map((s) => s.id), taken.map((s) => s.id));
    assert.equal(new Set(taken.map((s) => s.copyPid)).size, 3, 'two snapshots share a frozen copy');
    await fixture.store.discard(taken[1].id);
    await waitGone('the discarded snapshot\'s copy to end', [taken[1].copyPid]);
    assert.deepEqual(fixture.store.list().map((s) => s.id), [taken[0].id, taken[2].id]);
    assert.ok(running(taken[0].copyPid) && running(taken[2].copyPid), 'discard ended another snapshot\'s copy');
    assert.equal((await state(held.term)).n, 3, 'discard disturbed the live process');
    await fixture.store.discardAll();
    assert.deepEqual(fixture.store.list(), []);
    await waitGone('every copy to end after discardAll', [taken[0].copyPid, taken[2].copyPid]);
  });

  it('spill writes an image while the live process keeps running; fred-ckpt restart continues it in a new terminal', async () => {
    const held = await startHeld('snapper 64', snapperProgram(), ['64']);
    terminals.push(held.term);
    await ask(held.term, 'inc');
    await ask(held.term, 'inc');
    const atSnapshot = await state(held.term);
    const snapshot = await fixture.store.take(held.pid);
    const image = path.join(scratchDir('spill'), 'spilled.img');
    const spilling = fixture.store.spill(snapshot.id, image);
    assert.equal(await ask(held.term, 'inc'), 'n=3', 'the live process is stalled by the spill');
    const spilled = await spilling;
    assert.equal(spilled.path, image);
    assert.equal(fs.statSync(image).size, spilled.bytes);
    assert.equal(fs.statSync(image).mode & 0o777, 0o600);
    assert.equal((await state(held.term)).n, 3);
    assert.ok(running(snapshot.copyPid), 'the snapshot ended after its spill');

    const restarted = new Terminal('restarted from the spilled image', fredCkpt, ['restart', image]);
    terminals.push(restarted);
    await blockedReading(restarted.pid, 'restarted image');
    assert.deepEqual(await state(restarted), { ...atSnapshot, pid: restarted.pid }, 'the spilled image is not at the snapshot-time state');
    assert.equal(await ask(restarted, 'inc'), 'n=3');
  });

  it('file offsets stay with their copy: a resumed copy reads on from its snapshot-time offset, every time', async () => {
    const dir = scratchDir('offsets');
    const file = path.join(dir, 'lines.txt');
    fs.writeFileSync(file, 'one\ntwo\nthree\nfour\nfive\n');
    const held = await startHeld('snapper with a file', snapperProgram(), ['1', file]);
    terminals.push(held.term);
    assert.equal(await ask(held.term, 'line'), 'line=one off=4');
    const snapshot = await fixture.store.take(held.pid);
    assert.equal(await ask(held.term, 'line'), 'line=two off=8');
    assert.equal(await ask(held.term, 'line'), 'line=three off=14');
    await killLive(held.pid, 'first resume');

    const copyA = await fixture.store.resume(snapshot.id);
    assert.equal(await ask(held.term, 'line'), 'line=two off=8', 'the resumed copy sees the live process\'s offset');
    assert.equal(await ask(held.term, 'line'), 'line=three off=14');
    assert.equal(await ask(held.term, 'line'), 'line=four off=19');
    await killLive(copyA, 'second resume');

    await fixture.store.resume(snapshot.id);
    assert.equal(await ask(held.term, 'line'), 'line=two off=8', 'the second resumed copy sees the first copy\'s offset');
  });
});
