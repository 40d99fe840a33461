// Faults during checkpoints: the copy writing the image is killed with SIGKILL at random
// points, 100 times; then the program itself is killed mid-checkpoint. Every time, the
// image in place verifies (the previous one or the complete new one: images are written
// under a temporary name and renamed), no temporary file is taken for an image, the
// program goes on, and restart from the last image works.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkpointToImage, defaultControlDir } from '../../src/fred/checkpointer/checkpointControl';
import { writerFile } from '../../src/fred/checkpointer/controlProtocol';
import { loadAddon } from '../../src/fred/checkpointer/nativePaths';
import { ckpt, fredCkpt, launch, program, restart, scratchDir, sleep, start, waitBlockedInRead } from './harness';
import { waitFor } from '../helpers/processGroup';

const ROUNDS = 100;

function writerOf(pid: number): number | undefined {
  try { return Number(fs.readFileSync(writerFile(defaultControlDir(), pid), 'utf8')) || undefined; } catch { return undefined; }
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

  it('a file the process had open is gone: restart refuses before anything runs, naming it, and works once it is back', async () => {
    const dir = scratchDir('gone');
    const data = path.join(dir, 'data.txt');
    fs.writeFileSync(data, 'hello\n');
    const script = `import time\nf = open(${JSON.stringify(data)})\nprint('ready', flush=True)\ntime.sleep(60)\n`;
    const p = start('python holding a file', fredCkpt, ['launch', '--', 'python3', '-c', script]);
    await p.waitOut('ready', /ready/);
    await waitFor('under fred', () => fs.readFileSync(`/proc/${p.pid}/maps`, 'utf8').includes('libfredckpt.so'));
    const image = path.join(dir, 'held.img');
    const c = await ckpt('checkpoint', ['checkpoint', String(p.pid), '-o', image, '--kill']);
    assert.equal(c.code, 0, c.stderr);
    await p.kill();
    fs.renameSync(data, `${data}.away`);
    const refused = await ckpt('restart without the file', ['restart', image]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^fred-ckpt restart: file ${data} \\(fd 3 of the checkpointed process\\) cannot be opened again \\(No such file or directory\\); put it back to restart\n$`));
    fs.renameSync(`${data}.away`, data);
    const again = start('restart with the file back', fredCkpt, ['restart', image]);
    await waitFor('restarted and sleeping', () => { try { return fs.readlinkSync(`/proc/${again.pid}/fd/3`) === data; } catch { return false; } });
    await again.kill();
  });
});

