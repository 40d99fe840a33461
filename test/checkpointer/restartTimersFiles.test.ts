// What a restart gives back beyond memory, for state the kernel keeps per process and a
// fresh process lacks: interval and POSIX timers (with the time they had left), and the
// offset of a regular file at fds 0-2 (`prog < FILE`), for static programs (restored from
// outside) too. As root and as nobody.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { checkpointKill, fredCkpt, NOBODY, Proc, program, restart, roundTrip, scratchDir, start } from './harness';

const users: { name: string; as?: { uid: number; gid: number } }[] = [{ name: 'as root' }, { name: 'as nobody', as: NOBODY }];

/** Wait until pid sits in pause() (x86_64 system call 34). */
async function waitPaused(p: Proc, phase: string): Promise<void> {
  await waitFor(`${p.label}: ${phase}: in pause()`, () => {
    try { return fs.readFileSync(`/proc/${p.pid}/syscall`, 'utf8').startsWith('34 '); } catch { return false; }
  });
}

/** stdin_lines.c with stdin from FILE: stops after 700 of 3000 lines (stdio has read ahead). */
async function launchReading(dir: string, file: string, prog: string, as?: { uid: number; gid: number }): Promise<Proc> {
  const p = start('stdin_lines', 'sh', ['-c', 'exec "$0" launch -- "$1" 700 < "$2"', fredCkpt, prog, file], { cwd: dir, as });
  await p.waitOut('700 lines read', /ready \d+/);
  await waitPaused(p, 'before the checkpoint');
  return p;
}

async function finish(r: Proc): Promise<void> {
  try {
    await waitPaused(r, 'after restart');
    process.kill(r.pid, 'SIGUSR1');
    await r.waitOut('the rest of the lines', /PASS.*|FAIL.*/);
    assert.match(r.out, /PASS 3000 lines/, `${r.out}\n${r.err}`);
  } finally {
    await r.kill();
  }
}

for (const user of users) {
  describe(`checkpointer (${user.name}): timers and files at fds 0-2 after restart`, function () {
    this.timeout(60000);

    it('a SIGALRM counter (ITIMER_REAL) and a POSIX timer keep counting; other timers keep their settings', async () => {
      const dir = scratchDir('timers', user.as);
      await roundTrip('timers', program('timers.c'), [], { as: user.as, cwd: dir, image: path.join(dir, 'image.img') });
    });

    for (const [stdin, linked] of [['the same file', 'dynamic'], ['a pipe (the file is opened again)', 'dynamic'],
      ['the same file', 'static'], ['a pipe (the file is opened again)', 'static']]) {
      it(`stdin from a file goes on at the next line when the restart is given ${stdin} (${linked} program)`, async () => {
        const prog = program('stdin_lines.c', linked === 'static' ? { static: true, variant: 'static' } : {});
        const dir = scratchDir('stdin', user.as);
        const file = path.join(dir, 'numbers.txt');
        fs.writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `${i + 1}\n`).join(''), { mode: 0o644 });
        const p = await launchReading(dir, file, prog, user.as);
        const image = path.join(dir, 'image.img');
        await checkpointKill(p, image, { as: user.as });
        const r = stdin === 'the same file'
          ? start('stdin_lines restarted', 'sh', ['-c', 'exec "$0" restart "$1" < "$2"', fredCkpt, image, file], { cwd: dir, as: user.as })
          : restart('stdin_lines restarted', image, [], { cwd: dir, as: user.as });
        await finish(r);
      });
    }
  });
}
