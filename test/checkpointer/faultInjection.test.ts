// Faults during checkpoints: the copy writing the image is killed with SIGKILL at random
// points, 100 times; then the program itself is killed mid-checkpoint. Every time, the
// image in place verifies (the previous one or the complete new one: images are written
// under a temporary name and renamed), no temporary file is taken for an image, the
// program goes on, and restart from the last image works.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkpointToImage, defaultControlDir } from '../../src/fred/checkpointControl';
import { loadAddon } from '../../src/fred/nativePaths';
import { launch, program, restart, scratchDir, sleep, waitBlockedInRead } from './harness';

const ROUNDS = 100;

function writerOf(pid: number): number | undefined {
  try { return Number(fs.readFileSync(path.join(defaultControlDir(), `wrk.${pid}`), 'utf8')) || undefined; } catch { return undefined; }
}

describe('checkpointer: SIGKILL at random points during checkpoints', function () {
  this.timeout(600000);

  it(`${ROUNDS} writers killed at random points: the image in place always verifies; then the program killed mid-checkpoint restarts`, async () => {
    const dir = scratchDir('faults');
    const image = path.join(dir, 'image.img');
    const p = await launch('memory under faults', program('memory.c'), [path.join(dir, 'scratch')]);
    await checkpointToImage(p.pid, image);
    const addon = loadAddon();
    let killed = 0, completed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await waitBlockedInRead(p.pid, `round ${round}`);       // out of the last checkpoint's handler
      const pending = checkpointToImage(p.pid, image).then(() => 'ok', (e: Error) => e.message);
      const delayMs = Math.random() * 6;
      const until = Date.now() + delayMs;
      let writer: number | undefined;
      while (Date.now() < until && writer === undefined) { writer = writerOf(p.pid); await sleep(0.2); }
      writer ??= writerOf(p.pid);
      if (writer) { try { process.kill(writer, 'SIGKILL'); killed++; } catch { /* already done */ } }
      const outcome = await pending;
      if (outcome === 'ok') completed++;
      else assert.match(outcome, /died (before it finished; earlier images are intact|after .* was complete)/, `round ${round}: ${outcome}`);
      assert.doesNotThrow(() => addon.imageVerify(image), `round ${round}: the image in place does not verify (${outcome})`);
      for (const name of fs.readdirSync(dir).filter((n) => n.includes('.tmp')))
        assert.throws(() => addon.imageVerify(path.join(dir, name)), `round ${round}: a partial image ${name} verifies`);
      assert.ok(fs.existsSync(`/proc/${p.pid}`), `round ${round}: the program died`);
    }
    assert.ok(killed > 0, 'no writer was ever caught');
    // the program itself killed while its checkpoint is being written
    const last = checkpointToImage(p.pid, image).then(() => 'ok', (e: Error) => e.message);
    await sleep(Math.random() * 3);
    process.kill(p.pid, 'SIGKILL');
    await last;
    await p.kill();
    addon.imageVerify(image);
    const r = restart('restart after the faults', image);
    await waitBlockedInRead(r.pid, 'restarted');
    r.send('check\n');
    await r.waitOut('PASS or FAIL', /PASS|FAIL.*/);
    assert.match(r.out, /PASS/);
    await r.kill();
    console.log(`      (${killed} writers killed, ${completed} checkpoints completed anyway)`);
  });
});
