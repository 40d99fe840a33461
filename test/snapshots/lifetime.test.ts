// Frozen copies never outlive the session that made them: not when fred-holder is killed,
// not when the node process that took them is killed (with or without a holder).
import { strict as assert } from 'assert';
import * as path from 'path';
import { SnapshotStore } from '../../src/fred/session/snapshots';
import { spawnGroup, trackGroup, waitFor } from '../helpers/processGroup';
import { ask, snapperProgram, startHeld } from './snapshotHarness';
import { groupOf, running, Terminal, waitGone } from './terminal';

interface Owned { program: number; holder: number; copies: number[] }

/** Run sessionOwner.js in its own node process; resolves with what it made. */
async function startOwner(mode: 'holder' | 'plain'): Promise<{ node: number; owned: Owned }> {
  const child = spawnGroup(process.execPath, [path.join(__dirname, 'sessionOwner.js'), mode, snapperProgram()], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const line = await waitFor(`session owner (${mode}) to report its snapshots`, () => {
    if (child.exitCode !== null) throw new Error(`session owner exited ${child.exitCode}: ${err}`);
    return /^\{.*\}$/m.exec(out)?.[0];
  });
  const owned = JSON.parse(line) as Owned;
  for (const pid of [owned.program, owned.holder, ...owned.copies]) {
    const group = pid ? groupOf(pid) : undefined;
    if (group) trackGroup(group);
  }
  return { node: child.pid!, owned };
}

describe('snapshot lifetime', function () {
  this.timeout(60000);
  const terminals: Terminal[] = [];
  afterEach(async () => { for (const t of terminals.splice(0)) await t.close(); });

  it('killing fred-holder (SIGKILL) ends the program, its frozen copies and a resumed copy', async () => {
    const held = await startHeld('snapper under a holder', snapperProgram(), ['8']);
    terminals.push(held.term);
    const store = new SnapshotStore();
    const first = await store.take(held.pid);
    await ask(held.term, 'inc');
    const second = await store.take(held.pid);
    const resumed = await store.resume(first.id);
    assert.ok([first.copyPid, second.copyPid, resumed].every(running));
    process.kill(held.holder, 'SIGKILL');
    await waitGone('every copy to end after the holder was killed', [held.pid, first.copyPid, second.copyPid, resumed]);
  });

  it('killing the node process that took the snapshots (program under fred-holder) ends the copies', async () => {
    const { node, owned } = await startOwner('holder');
    assert.ok(owned.copies.every(running));
    process.kill(node, 'SIGKILL');
    await waitGone('the holder, the program and its copies to end after their node process was killed',
      [owned.holder, owned.program, ...owned.copies]);
  });

  it('killing the node process that started the program without a holder ends the copies', async () => {
    const { node, owned } = await startOwner('plain');
    assert.ok(owned.copies.every(running));
    process.kill(node, 'SIGKILL');
    await waitGone('the copies to end after the node process that started the program was killed', owned.copies);
  });
});
