// Snapshots of a program with several pthreads: fork copies only the thread that took the
// checkpoint signal, so a resumed copy starts the others again from their saved state.
// The program (test/checkpointer/programs/workers.c) checks its own result.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { waitFor } from '../helpers/processGroup';
import { fredCkpt, snapshotFixture, startHeld, work } from './snapshotHarness';
import { Terminal, waitGone } from './terminal';

function workersProgram(): string {
  const out = path.join(work(), 'workers');
  if (!fs.existsSync(out)) {
    execFileSync('gcc', ['-O1', '-g', '-pthread', '-o', out, path.join(repoRoot, 'test', 'checkpointer', 'programs', 'workers.c')],
      { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  return out;
}

function threadCount(pid: number): number { return fs.readdirSync(`/proc/${pid}/task`).length; }

/** Wait until one of pid's threads reads stdin. The main thread need not be the process's
 * first: a resumed copy's first thread is the one that took the signal, maybe a worker
 * (which may then finish and leave it a zombie). */
async function threadReading(pid: number, label: string): Promise<void> {
  await waitFor(`${label}: a thread of ${pid} reading stdin`, () => fs.readdirSync(`/proc/${pid}/task`).some((tid) => {
    try { return fs.readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'utf8').startsWith('0 0x0 '); } catch { return false; }
  }), 20000);
}

describe('snapshots: threads', function () {
  this.timeout(90000);
  const fixture = snapshotFixture();
  const terminals = fixture.terminals;

  it('a spilled snapshot of 8 workers restarts with fred-ckpt in a new terminal and finishes', async () => {
    const held = await startHeld('workers spill', workersProgram(), ['8', '20000', 'gate']);
    terminals.push(held.term);
    const snapshot = await fixture.store.take(held.pid);
    const image = path.join(fs.mkdtempSync(path.join(work(), 'spill-')), 'workers.img');
    await fixture.store.spill(snapshot.id, image);
    const restarted = new Terminal('workers restarted from the spilled image', fredCkpt, ['restart', image]);
    terminals.push(restarted);
    await threadReading(restarted.pid, 'restarted image');
    assert.equal(threadCount(restarted.pid), 9);
    restarted.type('check');
    assert.equal((await restarted.expect('the restarted program finishes', /PASS|FAIL[^\r\n]*/, 60000))[0], 'PASS');
  });

  for (const mode of ['gate', 'free']) {
    it(`a snapshot of 8 workers (${mode}) resumes twice with all 9 threads, each run finishing with the right sum`, async () => {
      const held = await startHeld(`workers ${mode}`, workersProgram(), ['8', mode === 'gate' ? '20000' : '2000000', mode]);
      terminals.push(held.term);
      const snapshot = await fixture.store.take(held.pid);
      assert.equal(threadCount(held.pid), 9, 'the live process lost threads');
      held.term.type('check');
      assert.equal((await held.term.expect('the live process finishes', /PASS|FAIL[^\r\n]*/, 60000))[0], 'PASS');
      await waitGone('the live process', [held.pid], 60000);
      for (const round of [1, 2]) {
        const resumed = await fixture.store.resume(snapshot.id);
        await threadReading(resumed, `resumed copy ${round}`);
        if (mode === 'gate') assert.equal(threadCount(resumed), 9, `resumed copy ${round} does not have its 9 threads`);
        held.term.type('check');
        const verdict = await held.term.expect(`resumed copy ${round} finishes`, /PASS|FAIL[^\r\n]*/, 60000);
        assert.equal(verdict[0], 'PASS', `resumed copy ${round}: ${verdict[0]}`);
        await waitGone(`resumed copy ${round}`, [resumed], 60000);
      }
    });
  }
});
