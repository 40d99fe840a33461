// Another local user must not be able to steer a checkpoint: a control directory that is
// not the user's own (another owner, open modes, a symbolic link) is never trusted, by
// the preloaded library or by fred-ckpt; a FIFO given as an image is refused at once; a
// program the kernel runs with other privileges (set-user-ID) is refused by launch.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ckpt, launch, NOBODY, program, scratchDir } from './harness';
import { waitFor } from '../helpers/processGroup';

const ROOT = { uid: 0, gid: 0 };
const name = (who: { uid: number }) => (who.uid === 0 ? 'root' : 'nobody');

describe('checkpointer: no trust in shared directories', function () {
  this.timeout(60000);

  for (const [victim, squatter] of [[NOBODY, ROOT], [ROOT, NOBODY]]) {
    it(`a control directory made by ${name(squatter)} (mode 0777): ${name(victim)}'s program ignores the request planted there and writes no file of ${name(victim)}'s`, async () => {
      const dir = scratchDir('squat');
      const control = path.join(dir, 'control');
      fs.mkdirSync(control, { mode: 0o777 });
      fs.chmodSync(control, 0o777);
      fs.chownSync(control, squatter.uid, squatter.gid);
      const precious = path.join(dir, 'precious.txt');
      fs.writeFileSync(precious, 'the victim\'s own data\n', { mode: 0o600 });
      fs.chownSync(precious, victim.uid, victim.gid);
      const p = await launch('victim', program('registers.c'), [], { as: victim.uid === 0 ? undefined : victim, env: { ...process.env, FRED_CKPT_CONTROL: control } });
      try {
        const request = path.join(control, `req.${p.pid}`);
        fs.writeFileSync(request, `image ${precious}\n`);
        fs.chownSync(request, squatter.uid, squatter.gid);
        process.kill(p.pid, 'SIGUSR2'); // the victim's own `kill -12 PID`, as the README teaches
        await waitFor('the refusal on stderr', () => /ignoring checkpoint requests/.test(p.err));
        assert.match(p.err, new RegExp(`fred-ckpt: ignoring checkpoint requests: control directory ${control} (belongs to uid ${squatter.uid}, not to you|has mode 777)`));
        assert.equal(fs.readFileSync(precious, 'utf8'), 'the victim\'s own data\n');
        p.send('check\n');
        await p.waitOut('the program goes on', /PASS/);
      } finally {
        await p.kill();
      }
    });
  }

  it('a control directory that is a symbolic link (even to one of the user\'s own): fred-ckpt checkpoint refuses it, naming it', async () => {
    const dir = scratchDir('link', NOBODY);
    const real = path.join(dir, 'real');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.chownSync(real, NOBODY.uid, NOBODY.gid);
    const control = path.join(dir, 'control');
    fs.symlinkSync(real, control);
    fs.lchownSync(control, NOBODY.uid, NOBODY.gid);
    const p = await launch('linked', program('registers.c'), [], { as: NOBODY, env: { ...process.env, FRED_CKPT_CONTROL: control } });
    try {
      const r = await ckpt('checkpoint', ['checkpoint', String(p.pid), '-o', path.join(dir, 'x.img')], { as: NOBODY });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `fred-ckpt: control directory ${control} is a symbolic link; remove it or set FRED_CKPT_CONTROL to a directory of your own\n`);
      assert.ok(!fs.existsSync(path.join(dir, 'x.img')));
    } finally {
      await p.kill();
    }
  });

  it('a FIFO given as the image: info, verify and restart refuse it at once (exit 2), nothing waits for a writer', async () => {
    const fifo = path.join(scratchDir('fifo'), 'image.img');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['info', fifo], ['verify', fifo], ['restart', fifo], ['restart', fifo, '--verify']]) {
      const r = await ckpt(args.join(' '), args, { timeoutMs: 20000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${fifo}: not a regular file`), args.join(' '));
    }
  });

  it('launch refuses a set-user-ID program of another user, saying why', async () => {
    const dir = scratchDir('setuid');
    const copy = path.join(dir, 'memory-setuid');
    fs.copyFileSync(program('registers.c'), copy);
    fs.chmodSync(copy, 0o4755);
    const r = await ckpt('launch setuid', ['launch', '--', copy], { as: NOBODY });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^fred-ckpt launch: ${copy} is set-user-ID: the kernel runs it without the preloaded library, so it cannot be checkpointed`));
  });
});
