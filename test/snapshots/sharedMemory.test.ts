// Snapshots of a program with shared mappings of every kind (System V, a shared file
// mapping, shared anonymous memory, a read-only shared view of a file) and a timer: a
// resumed snapshot sees the values of snapshot time and its timer runs; what cannot be
// put back is refused before the live program is given up, naming the mapping.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SnapshotStore } from '../../src/fred/session/snapshots';
import { waitFor } from '../helpers/processGroup';
import { fredCkpt, Proc, scratchDir, start } from '../checkpointer/harness';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';

function build(dir: string): string {
  const out = path.join(dir, 'shared_kinds');
  execFileSync('gcc', ['-O1', '-g', '-Wall', '-o', out, path.join(repoRoot, 'test', 'snapshots', 'programs', 'shared_kinds.c')], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

/** Send a command and wait for its answer (from the resumed copy too, which shares the pipes: the process p started may be dead). */
async function ask(p: Proc, command: string, answer: RegExp): Promise<string> {
  p.out = '';
  p.send(`${command}\n`);
  return (await waitFor(`shared_kinds: answer to ${command}`, () => answer.exec(p.out) ?? undefined))[0];
}

describe('snapshots: shared memory and timers', function () {
  this.timeout(60000);
  let dir: string;
  let p: Proc;
  let store: SnapshotStore;

  beforeEach(async function () {
    dir = scratchDir('shared');
    fs.writeFileSync(path.join(dir, 'ro.txt'), 'a read-only view\n');
    p = start('shared_kinds', fredCkpt, ['launch', '--', build(dir), dir], { cwd: dir });
    await p.waitOut('program ready', /ready \d+/);
    store = new SnapshotStore();
  });

  afterEach(async function () {
    await store.discardAll().catch(() => undefined);
    await p.kill();
  });

  it('a resumed snapshot has the values of snapshot time in every shared mapping, and its timer runs', async function () {
    const snapshot = await store.take(p.pid);
    assert.equal(snapshot.shared, true, 'the answer says the snapshot holds shared memory');
    await ask(p, 'set 2', /set 2/);
    await store.check(snapshot.id);
    // the live program makes way (stopped, not killed: node would close the stdin pipe the new copy reads)
    process.kill(p.pid, 'SIGSTOP');
    await store.resume(snapshot.id);
    assert.equal(await ask(p, 'get', /values .*/), 'values 1 1 1 a');
    assert.equal(await ask(p, 'ticks', /ticking|stopped/), 'ticking');
    assert.equal(fs.readFileSync(path.join(dir, 'rw.bin')).readInt32LE(0), 1, 'the file mapping wrote the value back into the file');
  });

  it('a read-only view of a file that changed since the snapshot: refused, naming the file; the live program goes on', async function () {
    const snapshot = await store.take(p.pid);
    fs.writeFileSync(path.join(dir, 'ro.txt'), 'changed from outside\n');
    await assert.rejects(store.check(snapshot.id), /shared memory mapping .*ro\.txt .*changed since the snapshot and is read-only here/);
    await assert.rejects(store.resume(snapshot.id), /ro\.txt/);
    assert.equal(await ask(p, 'get', /values .*/), 'values 1 1 1 c');
  });

  it('a read-only view of a file on disk alone (python3 maps gconv-modules.cache so) needs no check before a resume', async function () {
    const py = start('python3', fredCkpt, ['launch', '--', 'python3', '-c', 'import os, sys\nprint("ready", os.getpid(), flush=True)\nsys.stdin.readline()'], { cwd: dir });
    try {
      await py.waitOut('python3 ready', /ready \d+/);
      // the case needs a python3 that maps a file read-only and shared (Debian's maps
      // gconv-modules.cache); a python3 built without it has nothing here to test
      if (!fs.readFileSync(`/proc/${py.pid}/maps`, 'utf8').split('\n').some((l) => / r--s .*\//.test(l))) this.skip();
      const snapshot = await store.take(py.pid);
      assert.equal(snapshot.shared, false);
      await store.check(snapshot.id);
    } finally {
      await py.kill();
    }
  });
});
