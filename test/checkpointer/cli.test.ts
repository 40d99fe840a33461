// fred-ckpt as a user meets it: the classic LD_PRELOAD + signal way, launch, checkpoint,
// restart (exec semantics, chains), info and verify, and how the restored process looks.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { ckpt, cleanFds, fredCkpt, Proc, program, restart, scratchDir, start } from './harness';

/** The "<n>@<pid> " tokens a dots program printed. */
function dots(p: Proc): { n: number; pid: number }[] {
  return [...p.out.matchAll(/(\d+)@(\d+) /g)].map((m) => ({ n: Number(m[1]), pid: Number(m[2]) }));
}

async function moreDots(p: Proc, count: number, phase: string): Promise<void> {
  const have = dots(p).length;
  await p.waitOut(phase, new RegExp(`(\\d+@\\d+ ){${have + count}}`));
}

/** After a restart the count goes on from where the image left it, one by one, in the new pid. */
function assertContinues(before: Proc, after: Proc): void {
  const old = dots(before), now = dots(after);
  assert.ok(now.length >= 2, 'the restarted program printed nothing');
  assert.ok(now[0].n > 0 && now[0].n <= old[old.length - 1].n + 1, `restart began at ${now[0].n}; before the kill the count was at ${old[old.length - 1].n}`);
  now.forEach((d, i) => {
    assert.equal(d.n, now[0].n + i, 'the count skipped or repeated after restart');
    assert.equal(d.pid, after.pid, 'the restored program does not have the pid of the restart command');
  });
}

function lib(): string { return execFileSync(fredCkpt, ['lib'], { encoding: 'utf8' }).trim(); }

describe('fred-ckpt command line', function () {
  this.timeout(60000);

  it('lib prints the absolute path of an existing library', () => {
    const p = lib();
    assert.ok(path.isAbsolute(p), p);
    assert.ok(fs.statSync(p).isFile(), `${p} does not exist`);
    assert.match(p, /libfredckpt\.so$/);
  });

  it('the classic way: LD_PRELOAD, kill -12 writes an image to the cwd, the program goes on; kill -9, restart continues', async () => {
    const dir = scratchDir('classic');
    const p = start('classic dots', ...cleanFds(program('dots.c'), ['50']), { cwd: dir, env: { ...process.env, LD_PRELOAD: lib() } });
    await moreDots(p, 3, 'first dots');
    process.kill(p.pid, 'SIGUSR2');
    const image = path.join(dir, `fred-dots-${p.pid}.img`);
    await waitFor('classic: image written into the working directory', () => fs.existsSync(image));
    await moreDots(p, 3, 'dots go on after the checkpoint');
    process.kill(p.pid, 'SIGKILL');
    await p.waitExit('killed');
    await p.kill();
    const r = restart('classic restarted', image);
    await moreDots(r, 3, 'dots after restart');
    assertContinues(p, r);
    await r.kill();
  });

  it('the classic way honours FRED_CKPT_DIR', async () => {
    const cwd = scratchDir('classic-cwd'), dir = scratchDir('classic-dir');
    const p = start('classic dots', ...cleanFds(program('dots.c'), ['50']), { cwd, env: { ...process.env, LD_PRELOAD: lib(), FRED_CKPT_DIR: dir } });
    await moreDots(p, 1, 'first dots');
    process.kill(p.pid, 'SIGUSR2');
    await waitFor('image in FRED_CKPT_DIR', () => fs.existsSync(path.join(dir, `fred-dots-${p.pid}.img`)));
    assert.deepEqual(fs.readdirSync(cwd), []);
    await p.kill();
  });

  it('the classic way refuses a process holding an inherited pipe, naming it, and keeps running', async () => {
    const dir = scratchDir('classic-fd');
    const p = start('dots with fd 251', ...cleanFds(program('dots.c'), ['50'], 251), { cwd: dir, env: { ...process.env, LD_PRELOAD: lib() } });
    await moreDots(p, 1, 'first dots');
    const r = await ckpt('checkpoint with inherited pipe', ['checkpoint', String(p.pid)], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^fred-ckpt: .*fd 251 is a pipe.*\n$/);
    process.kill(p.pid, 'SIGUSR2');
    await waitFor('the signal-only checkpoint reports on stderr', () => /fd 251 is a pipe/.test(p.err));
    await moreDots(p, 2, 'dots go on after the refusal');
    assert.deepEqual(fs.readdirSync(dir), []);
    await p.kill();
  });

  it('launch closes inherited descriptors above 2, so checkpoints work', async () => {
    const p = start('launch with fd 251', ...cleanFds(fredCkpt, ['launch', '--', program('dots.c'), '50'], 251));
    await moreDots(p, 1, 'first dots');
    assert.deepEqual(fs.readdirSync(`/proc/${p.pid}/fd`).sort(), ['0', '1', '2']);
    const image = path.join(scratchDir('launch-fd'), 'a.img');
    const r = await ckpt('checkpoint', ['checkpoint', String(p.pid), '-o', image]);
    assert.equal(r.code, 0, r.stderr);
    await p.kill();
  });

  it('launch has exec semantics and --dir sets where images go; checkpoint prints the path and the program continues', async () => {
    const dir = scratchDir('launch');
    const p = start('launched dots', fredCkpt, ['launch', '--dir', dir, '--', program('dots.c'), '50']);
    await moreDots(p, 2, 'first dots');
    assert.ok(dots(p).every((d) => d.pid === p.pid), 'the program does not have the pid of the launch command');
    const r = await ckpt('checkpoint', ['checkpoint', String(p.pid)]);
    assert.equal(r.code, 0, r.stderr);
    const image = path.join(dir, `fred-dots-${p.pid}.img`);
    assert.equal(r.stdout, `${image}\n`);
    assert.equal(fs.statSync(image).mode & 0o777, 0o600, 'images must be private (0600)');
    await moreDots(p, 2, 'dots go on after the checkpoint');
    const o = path.join(dir, 'named.img');
    const r2 = await ckpt('checkpoint -o', ['checkpoint', String(p.pid), '-o', o]);
    assert.equal(r2.stdout, `${o}\n`);
    assert.equal(fs.statSync(o).mode & 0o777, 0o600);
    await p.kill();
  });

  it('checkpoint --kill, restart: exec semantics, ps name and command line, /proc/PID/exe; chains of three', async () => {
    const prog = program('dots.c');
    const image = path.join(scratchDir('chain'), 'chain.img');
    let current = start('chain dots', fredCkpt, ['launch', '--', prog, '40']);
    await moreDots(current, 2, 'first dots');
    for (let round = 1; round <= 3; round++) {
      const r = await ckpt(`checkpoint round ${round}`, ['checkpoint', String(current.pid), '-o', image, '--kill']);
      assert.equal(r.code, 0, `round ${round}: ${r.stderr}`);
      assert.equal(r.stdout, `${image}\n`);
      await current.waitExit(`round ${round}: killed by --kill`);
      await current.kill();
      const next = restart(`chain round ${round}`, image);
      await moreDots(next, 3, `round ${round}: dots after restart`);
      assertContinues(current, next);
      assert.equal(fs.readlinkSync(`/proc/${next.pid}/exe`), prog);
      assert.equal(fs.readFileSync(`/proc/${next.pid}/comm`, 'utf8').trim(), 'dots');
      assert.deepEqual(fs.readFileSync(`/proc/${next.pid}/cmdline`, 'utf8').split('\0').filter(Boolean), [prog, '40']);
      const ps = execFileSync('ps', ['-o', 'comm=,args=', '-p', String(next.pid)], { encoding: 'utf8' }).trim();
      assert.equal(ps.replace(/\s+/g, ' '), `dots ${prog} 40`);
      current = next;
    }
    await current.kill();
  });

  it('info shows the header and the area table (text and --json); verify checks every checksum', async () => {
    const prog = program('dots.c');
    const p = start('info dots', fredCkpt, ['launch', '--', prog, '50']);
    await moreDots(p, 1, 'first dots');
    const image = path.join(scratchDir('info'), 'info.img');
    assert.equal((await ckpt('checkpoint', ['checkpoint', String(p.pid), '-o', image, '--kill'])).code, 0);
    await p.kill();
    const text = await ckpt('info', ['info', image]);
    assert.equal(text.code, 0, text.stderr);
    for (const field of ['image', 'format', 'program', 'command', 'pid', 'directory', 'taken', 'size'])
      assert.match(text.stdout, new RegExp(`^${field} +\\S`, 'm'), `info lacks '${field}'`);
    assert.match(text.stdout, new RegExp(`^program +${prog}$`, 'm'));
    assert.match(text.stdout, /^[0-9a-f]+-[0-9a-f]+ +rw-p heap .*\[heap\]/m);
    assert.match(text.stdout, /^[0-9a-f]+-[0-9a-f]+ +rw-p stack .*\[stack\]/m);
    assert.match(text.stdout, /r-xp file .*libc\.so\.6 \(code from file\)/);
    const json = await ckpt('info --json', ['info', image, '--json']);
    const info = JSON.parse(json.stdout);
    assert.equal(info.formatVersion, 2);
    assert.equal(info.program, prog);
    assert.equal(info.commandLine, `${prog} 50`);
    assert.equal(info.pid, p.pid);
    assert.equal(info.threads, 1);
    assert.ok(Math.abs(info.timeUnixMs - Date.now()) < 600000, 'checkpoint time is not now');
    assert.ok(info.imageBytes >= info.storedBytes && info.mappedBytes > info.storedBytes);
    for (const key of ['start', 'end', 'permissions', 'kind', 'file', 'storedBytes', 'buildId'])
      assert.ok(info.areas.every((a: Record<string, unknown>) => key in a), `areas lack ${key}`);
    const libc = info.areas.find((a: { file: string; buildId: string }) => a.file.endsWith('libc.so.6') && a.buildId);
    assert.ok(libc, 'no build-id recorded for libc');
    assert.equal(info.areas.reduce((s: number, a: { storedBytes: number }) => s + a.storedBytes, 0), info.storedBytes);
    const v = await ckpt('verify', ['verify', image]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /all checksums match/);
    const r = restart('restart --verify', image, ['--verify']);
    await moreDots(r, 2, 'dots after restart --verify');
    await r.kill();
  });
});
