// State fred cannot restore yet is refused at checkpoint time with a message naming it
// (never a silently broken image), and the process keeps running.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ckpt, cleanFds, launch, program, scratchDir, start } from './harness';

const cases: { what: string; message: RegExp }[] = [
  { what: 'clone', message: /thread \d+ was not started by pthread_create \(raw clone, or another thread library\); fred checkpoints threads started with pthreads only/ },
  { what: 'pipe', message: /fd \d+ is a pipe/ },
  { what: 'socket', message: /fd \d+ is a socket/ },
  { what: 'shared-anon', message: /shared memory mapping [0-9a-f]+-[0-9a-f]+ \(\/dev\/zero/ },
  { what: 'shared-file', message: /shared memory mapping [0-9a-f]+-[0-9a-f]+ \(.*\/shared\.dat\)/ },
  { what: 'sysv-shm', message: /shared memory mapping [0-9a-f]+-[0-9a-f]+ \(\/SYSV/ },
  { what: 'child', message: /the process has child processes \(\d+/ },
  { what: 'thread-blocks-signal', message: /thread \d+ blocks the checkpoint signal \(12\); fred cannot checkpoint the process while it does/ },
];

describe('checkpointer: refusals', function () {
  this.timeout(60000);

  for (const { what, message } of cases) {
    it(`refuses a process holding: ${what}`, async () => {
      const dir = scratchDir(`refuse-${what}`);
      const p = await launch(`holds ${what}`, program('holds.c'), what === 'shared-file' ? [what, path.join(dir, 'shared.dat')] : [what]);
      const image = path.join(dir, 'refused.img');
      const r = await ckpt(`checkpoint ${what}`, ['checkpoint', String(p.pid), '-o', image]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^fred-ckpt: checkpoint of process \d+ failed: [^\n]+\n$/);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.ok(!fs.existsSync(image), 'a refused checkpoint left an image');
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.img')), []);
      p.send('check\n');
      await p.waitOut('the refused process goes on', /PASS/);
      await p.kill();
    });
  }

  for (const [what, message] of [['blocks-signal', /blocks the checkpoint signal \(12\)/], ['ignores-signal', /no longer handles the checkpoint signal \(12\)/]] as const) {
    it(`refuses at once a process that ${what.replace('-signal', ' the checkpoint signal')}`, async () => {
      const p = await launch(`holds ${what}`, program('holds.c'), [what]);
      const r = await ckpt(`checkpoint ${what}`, ['checkpoint', String(p.pid)]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^fred-ckpt: process \d+ [^\n]+\n$/);
      assert.match(r.stderr, message);
      await p.kill();
    });
  }

  it('checkpoint refuses a statically linked program started by other means, naming it', async () => {
    const prog = program('dots.c', { static: true, variant: 'static' });
    const p = start('static dots', ...cleanFds(prog, ['50']));
    await p.waitOut('first dot', /@/);
    const r = await ckpt('checkpoint static', ['checkpoint', String(p.pid)]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `fred-ckpt: process ${p.pid} runs ${prog}, a statically linked program not under fred-ckpt; start it with 'fred-ckpt launch -- ${prog}'\n`);
    await p.kill();
  });
});
