// Another local user must not steer fred: a control directory made by someone else (or
// open to others, or a symlink) is refused by the preload library itself, so a request
// planted there cannot make the victim's process write over the victim's files.
// Two unprivileged users (daemon is the victim, nobody the attacker), and root as victim
// of nobody.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { requestFile, requestLine } from '../../src/fred/checkpointer/controlProtocol';
import { waitFor } from '../helpers/processGroup';
import { fredCkpt, NOBODY, run, scratchDir, sleep, start } from './harness';

const DAEMON = { uid: 1, gid: 1 };

async function as(who: typeof NOBODY | undefined, script: string): Promise<void> {
  const r = await run(`sh as ${who?.uid ?? 0}`, 'sh', ['-c', script], { as: who });
  assert.equal(r.code, 0, `${script}: ${r.stderr}`);
}

for (const scenario of [
  { name: 'daemon, with /tmp/fred-ckpt-1 made by nobody (mode 777)', victim: DAEMON, defaultDir: true },
  { name: 'root, with FRED_CKPT_CONTROL made by nobody (mode 777)', victim: undefined, defaultDir: false },
]) {
  describe(`checkpointer: a squatted control directory is refused (victim ${scenario.name})`, function () {
    this.timeout(60000);

    it("a request planted by the other user does not touch the victim's file; the checkpoint is refused with one line", async () => {
      const victimDir = scratchDir('victim', scenario.victim);
      const victimFile = path.join(victimDir, 'precious.txt');
      fs.writeFileSync(victimFile, 'precious\n');
      if (scenario.victim) fs.chownSync(victimFile, scenario.victim.uid, scenario.victim.gid);
      const control = scenario.defaultDir ? `/tmp/fred-ckpt-${scenario.victim!.uid}` : path.join(scratchDir('squat-parent'), 'control');
      fs.rmSync(control, { recursive: true, force: true });
      if (!scenario.defaultDir) fs.chmodSync(path.dirname(control), 0o777);
      await as(NOBODY, `mkdir -m 777 ${control} && chmod 777 ${control}`);
      try {
        const env = { ...process.env, FRED_CKPT_CONTROL: scenario.defaultDir ? '' : control };
        const p = start('victim sleeps', fredCkpt, ['launch', '--', 'sleep', '30'], { as: scenario.victim, cwd: victimDir, env });
        await waitFor('victim under fred', () => { try { return fs.readFileSync(`/proc/${p.pid}/maps`, 'utf8').includes('libfredckpt.so'); } catch { return false; } });
        await as(NOBODY, `echo "${requestLine({ kind: 'image', path: victimFile })}" > ${requestFile(control, p.pid)}`);
        process.kill(p.pid, 'SIGUSR2');              // as the README teaches: kill -12 PID
        await waitFor('the refusal on stderr', () => /must be a directory of yours with mode 0700/.test(p.err));
        await sleep(300);
        assert.equal(fs.readFileSync(victimFile, 'utf8'), 'precious\n', "the victim's file was written");
        assert.match(p.err, /^fred-ckpt: checkpoint of pid \d+ refused: [^\n]*\n$/);
        assert.ok(fs.existsSync(`/proc/${p.pid}`), 'the program did not go on');
        await p.kill();
      } finally {
        fs.rmSync(control, { recursive: true, force: true });
      }
    });
  });
}

describe('checkpointer: fred-ckpt checkpoint refuses an unsafe control directory', function () {
  this.timeout(60000);
  it('a symlink to a directory of the user and a directory open to others are refused, naming them', async () => {
    const parent = scratchDir('links', NOBODY);
    const real = path.join(parent, 'real');
    const link = path.join(parent, 'link');
    const open = path.join(parent, 'open');
    await as(NOBODY, `mkdir -m 700 ${real} && ln -s ${real} ${link} && mkdir -m 777 ${open} && chmod 777 ${open}`);
    for (const control of [link, open]) {
      const env = { ...process.env, FRED_CKPT_CONTROL: control };
      const p = start('nobody sleeps', fredCkpt, ['launch', '--', 'sleep', '30'], { as: NOBODY, env });
      await waitFor('under fred', () => { try { return fs.readFileSync(`/proc/${p.pid}/maps`, 'utf8').includes('libfredckpt.so'); } catch { return false; } });
      const r = await run('checkpoint', fredCkpt, ['checkpoint', String(p.pid), '-o', path.join(parent, 'x.img')], { as: NOBODY });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`control directory ${control} must be a directory of yours with mode 0700`));
      await p.kill();
    }
  });
});

describe('checkpointer: launch refuses programs that run with other privileges', function () {
  this.timeout(60000);
  it('a set-user-ID program (root, run by nobody) is refused with one line naming it; nothing runs', async () => {
    const dir = scratchDir('setuid');
    const copy = path.join(dir, 'sleep-setuid');
    fs.copyFileSync('/usr/bin/sleep', copy);
    fs.chmodSync(copy, 0o4755);
    const r = await run('launch setuid', fredCkpt, ['launch', '--', copy, '30'], { as: NOBODY });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^fred-ckpt launch: ${copy} is set-user-ID, so it would run with other privileges and without fred; [^\\n]*\\n$`));
  });
});
