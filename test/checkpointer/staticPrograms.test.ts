// Statically linked programs (nothing can be preloaded into them) run under a ptrace
// supervisor, fred-supervise: launch keeps exec semantics, checkpoint writes the image
// from outside, restart execs the program and restores the image into it. Each
// scenario runs for gcc -static (non-PIE) and -static-pie, as root and as nobody.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as pty from 'node-pty';
import { trackGroup, waitFor } from '../helpers/processGroup';
import {
  BuildOptions, checkpointKill, ckpt, fredCkpt, killGroupMembers, launch, NOBODY, Proc, program, restart, roundTrip, run, RunOptions,
  scratchDir, start, waitBlockedInRead, work,
} from './harness';

const variants: { name: string; options: BuildOptions }[] = [
  { name: 'static', options: { static: true, pie: false, variant: 'static' } },
  { name: 'static-pie', options: { flags: ['-static-pie'], variant: 'static-pie' } },
];

function build(source: string, variant: { name: string; options: BuildOptions }, flags: string[] = []): string {
  const prog = program(source, { ...variant.options, flags: [...(variant.options.flags ?? []), ...flags],
    variant: `${variant.options.variant}${flags.length ? '-O0' : ''}` });
  assert.match(execFileSync('file', ['-L', prog], { encoding: 'utf8' }), /static(-pie)? linked|statically linked/, `${prog} is not static`);
  return prog;
}

/** The "<n>@<pid> " tokens a dots program printed. */
function dots(p: Proc): { n: number; pid: number }[] {
  return [...p.out.matchAll(/(\d+)@(\d+) /g)].map((m) => ({ n: Number(m[1]), pid: Number(m[2]) }));
}

async function moreDots(p: Proc, count: number, phase: string): Promise<void> {
  await p.waitOut(phase, new RegExp(`(\\d+@\\d+ ){${dots(p).length + count}}`));
}

function statusField(pid: number, field: string): string {
  return new RegExp(`^${field}:\\s+(.*)$`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';
}

/** The state letter in /proc/PID/stat; 'gone' once the process has been reaped. */
function processState(pid: number): string {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 'gone'; // reaped between a caller's check and this read
  }
  return stat[stat.lastIndexOf(')') + 2];
}

/** The process is traced by fred's supervisor, which is not its child. */
function assertSupervised(pid: number): void {
  const tracer = Number(statusField(pid, 'TracerPid'));
  assert.ok(tracer > 0, `process ${pid} is not supervised`);
  assert.equal(fs.readFileSync(`/proc/${tracer}/comm`, 'utf8').trim(), 'fred-supervise');
  assert.equal(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim(), '', 'the program has a child');
}

async function chain(label: string, prog: string, options: RunOptions = {}): Promise<void> {
  const dir = scratchDir(label, options.as);
  const image = path.join(dir, 'chain.img');
  let current = start(label, fredCkpt, ['launch', '--', prog, '30'], options);
  await moreDots(current, 3, 'first dots');
  assert.ok(dots(current).every((d) => d.pid === current.pid), 'launch: the program does not have the pid of the command');
  assertSupervised(current.pid);
  for (let round = 1; round <= 3; round++) {
    const c = await ckpt(`checkpoint round ${round}`, ['checkpoint', String(current.pid), '-o', image, '--kill'], options);
    assert.equal(c.code, 0, `round ${round}: ${c.stderr}`);
    assert.equal(c.stdout, `${image}\n`);
    assert.equal(fs.statSync(image).mode & 0o777, 0o600);
    await current.waitExit(`round ${round}: killed by --kill`);
    await current.kill();
    const last = dots(current).pop()!.n;
    const next = restart(`${label} round ${round}`, image, [], options);
    await moreDots(next, 3, `round ${round}: dots after restart`);
    const now = dots(next);
    assert.ok(now[0].n > 0 && now[0].n <= last + 1, `restart began at ${now[0].n}; before the kill the count was at ${last}`);
    now.forEach((d, i) => assert.deepEqual(d, { n: now[0].n + i, pid: next.pid }, 'the count skipped, or the pid is not the restart command\'s'));
    assert.equal(fs.readlinkSync(`/proc/${next.pid}/exe`), prog);
    assert.deepEqual(fs.readFileSync(`/proc/${next.pid}/cmdline`, 'utf8').split('\0').filter(Boolean), [prog, '30']);
    assertSupervised(next.pid);
    current = next;
  }
  await current.kill();
}

describe('checkpointer: statically linked programs', function () {
  this.timeout(90000);

  for (const variant of variants) {
    describe(variant.name, () => {
      it('all registers (general purpose, x87, MXCSR, SSE/AVX, AVX-512) across a read(2) interrupted by the checkpoint', async () => {
        await roundTrip(`registers ${variant.name}`, build('registers.c', variant));
      });

      it('heap and brk, stack, globals, anonymous and private file maps; malloc works after restart', async () => {
        await roundTrip(`memory ${variant.name}`, build('memory.c', variant), [path.join(scratchDir(`memory-${variant.name}`), 'scratch')]);
      });

      it('regular files at their offsets and flags, directory and device fds, cwd, umask', async () => {
        const dir = scratchDir(`files-${variant.name}`);
        fs.writeFileSync(path.join(dir, 'input'), '0123456789abcdefghij');
        await roundTrip(`files ${variant.name}`, build('files.c', variant), [dir]);
        assert.equal(fs.readFileSync(path.join(dir, 'log'), 'utf8'), 'before\nafter\n');
        assert.equal(fs.readFileSync(path.join(dir, 'data'), 'utf8'), 'abcXYfgh');
      });

      it('signal handlers with their flags and masks, ignored signals, the blocked mask and a pending signal', async () => {
        await roundTrip(`signals ${variant.name}`, build('signals.c', variant));
      });

      it('TLS, errno, fs_base and rseq', async () => {
        await roundTrip(`tls ${variant.name}`, build('tls.c', variant));
      });

      for (const mode of [{ flags: ['--lazy'], mapped: (image: string) => image, what: 'the image file (--lazy)' },
        { flags: [], mapped: () => '/memfd:fred-image', what: "restart's private copy (default)" }]) {
        it(`a restarted process whose large areas are mapped from ${mode.what} is checkpointed again into the same file`, async () => {
          const dir = scratchDir(`lazy-${variant.name}-${mode.flags.length}`);
          const image = path.join(dir, 'image.img');
          const p = await launch(`lazy ${variant.name}`, build('memory.c', variant), [path.join(dir, 'scratch')]);
          await checkpointKill(p, image);
          const second = restart(`lazy ${variant.name} restarted`, image, mode.flags);
          await waitBlockedInRead(second.pid, 'first restart');
          assert.ok(fs.readFileSync(`/proc/${second.pid}/maps`, 'utf8').includes(mode.mapped(image)), 'nothing mapped from the image');
          await checkpointKill(second, image);
          const third = restart(`lazy ${variant.name} restarted again`, image, mode.flags);
          await waitBlockedInRead(third.pid, 'second restart');
          third.send('check\n');
          await third.waitOut('PASS or FAIL after two restarts', /PASS|FAIL.*/);
          assert.match(third.out, /PASS/);
          await third.kill();
        });
      }

      it('chains: checkpoint --kill, restart, three times; exec semantics, /proc/PID/exe and the command line', async () => {
        await chain(`chain-${variant.name}`, build('dots.c', variant));
      });

      it('as an unprivileged user (nobody): a round trip and a chain', async () => {
        const dir = scratchDir(`nobody-${variant.name}`, NOBODY);
        await roundTrip(`nobody ${variant.name}`, build('memory.c', variant), [path.join(dir, 'scratch')],
          { as: NOBODY, cwd: dir, image: path.join(dir, 'image.img') });
        await chain(`nobody-chain-${variant.name}`, build('dots.c', variant), { as: NOBODY, cwd: dir });
      });
    });
  }

  it('kill -12 to a launched static program writes an image into --dir; the program goes on; info and verify read it', async () => {
    const prog = build('dots.c', variants[0]);
    const dir = scratchDir('static-signal');
    const p = start('static dots', fredCkpt, ['launch', '--dir', dir, '--', prog, '50']);
    await moreDots(p, 2, 'first dots');
    process.kill(p.pid, 'SIGUSR2');
    const image = path.join(dir, `fred-dots-static-${p.pid}.img`);
    await waitFor('image written by the supervisor', () => fs.existsSync(image));
    await moreDots(p, 3, 'dots go on after the checkpoint');
    assert.equal(p.err, '', 'the checkpoint signal reached the program or the supervisor complained');
    await p.kill();
    const info = JSON.parse((await ckpt('info --json', ['info', image, '--json'])).stdout);
    assert.equal(info.program, prog);
    assert.equal(info.commandLine, `${prog} 50`);
    assert.equal(info.pid, p.pid);
    assert.ok(info.areas.some((a: { file: string; codeFromFile: boolean }) => a.file === prog && a.codeFromFile), 'no code area from the program');
    assert.ok(info.areas.some((a: { kind: string }) => a.kind === 'heap'), 'no heap');
    assert.ok(!info.areas.some((a: { file: string }) => /libc|libfredckpt/.test(a.file)), 'a library in a static program');
    assert.equal(info.fromOutside, true);
    const text = await ckpt('info', ['info', image]);
    assert.match(text.stdout, new RegExp(`^program +${prog}$`, 'm'));
    assert.match(text.stdout, /^taken .* from outside, by its ptrace supervisor/m);
    const v = await ckpt('verify', ['verify', image]);
    assert.equal(v.code, 0, v.stderr);
  });

  it('in a terminal: the terminal settings (termios) are applied to the new terminal, the supervisor leaves Ctrl-C alone', async () => {
    const image = path.join(scratchDir('static-termios'), 'image.img');
    const inPty = (args: string[]) => {
      const term = pty.spawn(fredCkpt, args, { name: 'xterm', cols: 80, rows: 24, cwd: work(), env: process.env as Record<string, string> });
      trackGroup(term.pid);
      let out = '';
      term.onData((d) => { out += d; });
      return { term, output: () => out };
    };
    const first = inPty(['launch', '--', build('termios.c', variants[0])]);
    try {
      await waitFor('termios: program ready', () => /ready \d+/.test(first.output()));
      await waitBlockedInRead(first.term.pid, 'termios');
      assertSupervised(first.term.pid);
      const c = await ckpt('checkpoint termios', ['checkpoint', String(first.term.pid), '-o', image, '--kill']);
      assert.equal(c.code, 0, c.stderr);
    } finally {
      await killGroupMembers(first.term.pid, 'termios');
    }
    const second = inPty(['restart', image]);
    try {
      await waitBlockedInRead(second.term.pid, 'termios restarted');
      second.term.write('check\r');
      await waitFor('termios restarted: PASS or FAIL', () => /PASS|FAIL.*/.exec(second.output()));
      assert.match(second.output(), /PASS/, second.output());
    } finally {
      await killGroupMembers(second.term.pid, 'termios restarted');
    }
    const third = inPty(['launch', '--', build('dots.c', variants[0]), '50']);
    try {
      await waitFor('dots in a terminal', () => /\d+@\d+ /.test(third.output()));
      const supervisor = Number(statusField(third.term.pid, 'TracerPid'));
      third.term.write('\x03');
      await waitFor('Ctrl-C ends the program', () => ['Z', 'gone'].includes(processState(third.term.pid)));
      await waitFor('its supervisor ends with it', () => ['Z', 'gone'].includes(processState(supervisor)));
    } finally {
      await killGroupMembers(third.term.pid, 'dots in a terminal');
    }
  });

  it('ASLR off (--no-aslr) is recorded and kept by restart', async () => {
    const p = await launch('no-aslr static-pie', build('tls.c', variants[1]), [], { launchArgs: ['--no-aslr'] });
    const image = path.join(scratchDir('static-noaslr'), 'image.img');
    await checkpointKill(p, image);
    assert.equal(JSON.parse((await ckpt('info', ['info', image, '--json'])).stdout).aslr, false);
    const r = restart('no-aslr restarted', image);
    await waitBlockedInRead(r.pid, 'no-aslr restarted');
    assert.equal(Number.parseInt(fs.readFileSync(`/proc/${r.pid}/personality`, 'utf8'), 16) & 0x0040000, 0x0040000);
    r.send('check\n');
    await r.waitOut('PASS', /PASS|FAIL.*/);
    assert.match(r.out, /PASS/);
    await r.kill();
  });

  it('restart --stop: the supervisor lets go, gdb -p shows a symbolized backtrace, and the program carries on', async () => {
    const prog = build('countdown.c', variants[0], ['-O0']);
    const limit = 30;
    const p = start('static countdown', fredCkpt, ['launch', '--', prog, String(limit)]);
    await p.waitOut('counted to 3', /\b3 /);
    const image = path.join(scratchDir('static-gdb'), 'countdown.img');
    const c = await ckpt('checkpoint countdown', ['checkpoint', String(p.pid), '-o', image, '--kill']);
    assert.equal(c.code, 0, c.stderr);
    await p.kill();
    const r = restart('countdown restarted --stop', image, ['--stop']);
    await waitFor('restored process stopped and no longer traced', () => processState(r.pid) === 'T' && statusField(r.pid, 'TracerPid') === '0');
    const gdb = await run('gdb -p', 'gdb', ['-nx', '-q', '-batch', '-p', String(r.pid), '-ex', 'bt', '-ex', 'frame function main',
      '-ex', 'info locals', '-ex', 'continue', '-ex', 'signal 0'], { timeoutMs: 60000 });
    const text = gdb.stdout + gdb.stderr;
    assert.match(text, /#\d+ +0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at .*countdown\.c:\d+/, `no frame for main:\n${text}`);
    const i = Number(/^i = (\d+)$/m.exec(text)?.[1]);
    assert.ok(i >= 3 && i < limit, `info locals in main: i = ${i}\n${text}`);
    assert.match(text, /exited normally/, `the program did not finish under gdb:\n${text}`);
    await r.waitExit('restored program finishes');
    const expected = Array.from({ length: limit }, (_, k) => k * k).reduce((a, b) => a + b, 0);
    assert.match(r.out, new RegExp(`^${i + 1} ${i + 2} .*${limit - 1} done total=${expected}\\n$`, 's'), r.out);
  });

  for (const [what, message] of [['thread', /the process has 2 threads/], ['pipe', /fd \d+ is a pipe/]] as const) {
    it(`a static program holding a ${what} is refused, naming it, and keeps running`, async () => {
      const p = await launch(`static holds ${what}`, build('holds.c', variants[0]), [what]);
      const image = path.join(scratchDir(`static-refuse-${what}`), 'refused.img');
      const r = await ckpt(`checkpoint ${what}`, ['checkpoint', String(p.pid), '-o', image]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^fred-ckpt: checkpoint of process \d+ failed: [^\n]+\n$/);
      assert.match(r.stderr, message);
      assert.ok(!fs.existsSync(image), 'a refused checkpoint left an image');
      p.send('check\n');
      await p.waitOut('the refused process goes on', /PASS/);
      await p.kill();
    });
  }

  it('a stopped program, and an image path that cannot be written, are refused with one line; the program goes on', async () => {
    const p = start('static dots', fredCkpt, ['launch', '--', build('dots.c', variants[0]), '50']);
    await moreDots(p, 1, 'first dots');
    process.kill(p.pid, 'SIGSTOP');
    await waitFor('program stopped', () => processState(p.pid) === 't');
    let r = await ckpt('checkpoint stopped', ['checkpoint', String(p.pid)]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `fred-ckpt: process ${p.pid} is stopped; continue it (kill -CONT ${p.pid}) and checkpoint again\n`);
    process.kill(p.pid, 'SIGCONT');
    await moreDots(p, 2, 'dots after SIGCONT');
    const image = path.join(scratchDir('static-unwritable'), 'missing', 'a.img');
    r = await ckpt('checkpoint to a missing directory', ['checkpoint', String(p.pid), '-o', image]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^fred-ckpt: checkpoint of process \d+ failed: cannot create .*missing\/a\.img\.tmp\d+: No such file or directory\n$/);
    await moreDots(p, 2, 'dots after the failed checkpoint');
    assertSupervised(p.pid);
    await p.kill();
  });

  it('bad input: a truncated image and a changed executable are refused with one line, exit 2, nothing run', async () => {
    const dir = scratchDir('static-bad');
    const prog = path.join(dir, 'dots');
    fs.copyFileSync(build('dots.c', variants[0]), prog);
    fs.chmodSync(prog, 0o755);
    const p = start('static dots copy', fredCkpt, ['launch', '--', prog, '50']);
    await moreDots(p, 1, 'first dots');
    const image = path.join(dir, 'good.img');
    assert.equal((await ckpt('checkpoint', ['checkpoint', String(p.pid), '-o', image, '--kill'])).code, 0);
    await p.kill();
    const truncated = path.join(dir, 'truncated.img');
    fs.writeFileSync(truncated, fs.readFileSync(image).subarray(0, 8192));
    let r = await run('restart truncated', fredCkpt, ['restart', truncated]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^fred-ckpt restart: .*truncated.*\n$/);
    assert.equal(r.stdout, '');
    fs.appendFileSync(prog, 'x');
    r = await run('restart with a changed executable', fredCkpt, ['restart', image]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `fred-ckpt restart: executable ${prog} changed since the checkpoint (size or modification time differ); cannot restart\n`);
    assert.equal(r.stdout, '');
  });
});
