// The fredckpt Python module (src/python/fredckpt.py): its self test run under fred-ckpt
// (checkpoint, resume, restore of its own image, hooks, refusals), the module outside
// fred-ckpt, and an image taken from inside restarted from outside with fred-ckpt.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { ckpt, fredCkpt, restart, scratchDir, start } from '../checkpointer/harness';

const programs = path.join(repoRoot, 'test', 'python', 'programs');
const pythonPath = () => execFileSync(fredCkpt, ['python-path'], { encoding: 'utf8' }).trim();

describe('fredckpt (Python checkpoint API)', function () {
  this.timeout(60000);

  it('fred-ckpt python-path names the directory holding fredckpt.py', () => {
    assert.ok(fs.existsSync(path.join(pythonPath(), 'fredckpt.py')));
  });

  for (const python of ['/usr/bin/python3', 'python3']) {
    it(`${python}: the self test passes (resume, sessions, restore of its own image in the same pid, restart hooks, refusals)`, async () => {
      const dir = scratchDir('fredckpt-self');
      const p = start(`self test (${python})`, fredCkpt, ['launch', '--', python, path.join(programs, 'api_self_test.py'), dir],
        { cwd: dir, env: { ...process.env, PYTHONPATH: pythonPath(), FRED_CKPT_DIR: dir } });
      p.closeStdin();
      const exit = await p.waitExit('self test to finish');
      assert.match(p.out, /PASS/, `${p.out}\n${p.err}`);
      assert.equal(exit.code, 0);
      const phases = [...p.out.matchAll(/phase (\d) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      assert.deepEqual(phases, [[1, p.pid], [2, p.pid]], 'restore() did not continue in the same process');
      await p.kill();
    });
  }

  it('outside fred-ckpt the module imports, enabled() is False, and every call raises NotUnderFred', async () => {
    const p = start('outside', 'python3', [path.join(programs, 'api_outside.py')], { env: { ...process.env, PYTHONPATH: pythonPath(), LD_PRELOAD: '' } });
    p.closeStdin();
    await p.waitExit('outside test');
    assert.match(p.out, /^PASS$/m, `${p.out}\n${p.err}`);
    await p.kill();
  });

  it('an image taken with fredckpt.checkpoint() restarts with fred-ckpt restart; checkpoint() then returns RESTART and runs the hooks', async () => {
    const dir = scratchDir('fredckpt-outside');
    const image = path.join(dir, 'inside.img');
    const env = { ...process.env, PYTHONPATH: pythonPath(), FRED_CKPT_DIR: dir };
    const p = start('waiter', fredCkpt, ['launch', '--', 'python3', path.join(programs, 'api_waiter.py'), image], { cwd: dir, env });
    const [, pid, sum] = await p.waitOut('checkpoint() returns in the same process', /returned resume (\d+) (\d+)/);
    assert.equal(Number(pid), p.pid);
    assert.ok(!/hook restart/.test(p.out));
    const info = await ckpt('info of the image', ['info', image]);
    assert.equal(info.code, 0, info.stderr);
    await p.kill();

    const r = restart('waiter restarted', image, [], { cwd: dir, env });
    r.closeStdin();
    await r.waitOut('checkpoint() returns RESTART', /returned restart (\d+) (\d+)/);
    assert.match(r.out, /hook restart\r?\nreturned restart/);
    const [, newPid, newSum] = /returned restart (\d+) (\d+)/.exec(r.out)!;
    assert.equal(Number(newPid), r.pid);
    assert.equal(newSum, sum);
    await r.waitOut('sessions() lists the image', /sessions \[.*inside\.img.*\]/);
    await r.kill();
  });
});
