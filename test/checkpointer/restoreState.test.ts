// What a restart gives back (zdtm style): each program sets up state, is checkpointed
// and killed, restarted from its image, and checks its own state.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as pty from 'node-pty';
import { trackGroup, waitFor } from '../helpers/processGroup';
import {
  checkpointKill, ckpt, fredCkpt, killGroupMembers, launch, NOBODY, program, restart, roundTrip, scratchDir, waitBlockedInRead, work,
} from './harness';

/** Private areas of /proc/PID/maps as comparable text. How the kernel splits or merges
 * areas is not part of the process: contiguous areas of the same permissions and origin
 * (the same file at contiguous offsets, or anonymous memory) are merged, and pages
 * mapped lazily from the image count as anonymous. */
function privateLayout(pid: number, image?: string): string[] {
  const areas: { start: bigint; end: bigint; perms: string; file: string; offset: bigint }[] = [];
  for (const line of fs.readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ \d+\s*(.*)$/.exec(line);
    if (!m || m[3].endsWith('s') || m[5] === '[vsyscall]') continue;
    let file = m[5].replace(/ \(deleted\)$/, '');
    if (file === image || file === '/memfd:fred-image' || file === '[heap]' || file === '[stack]') file = '';   // the image, or restart's copy of it
    const start = BigInt(`0x${m[1]}`), end = BigInt(`0x${m[2]}`);
    const offset = file.startsWith('/') ? BigInt(`0x${m[4]}`) : 0n;
    const last = areas[areas.length - 1];
    const continues = last && last.end === start && last.perms === m[3] && last.file === file &&
      (!file.startsWith('/') || last.offset + (last.end - last.start) === offset);
    if (continues) last.end = end;
    else areas.push({ start, end, perms: m[3], file, offset });
  }
  return areas.map((a) => `${a.start.toString(16)}-${a.end.toString(16)} ${a.perms} ${a.file}${a.file.startsWith('/') ? `@${a.offset.toString(16)}` : ''}`);
}

describe('checkpointer: what a restart restores', function () {
  this.timeout(60000);

  it('heap and brk (malloc works after restart), stack, globals, anonymous and private file maps', async () => {
    await roundTrip('memory', program('memory.c'), [path.join(scratchDir('memory'), 'scratch')]);
  });

  it('a large area of written, zero and untouched pages (the writer splits it between CPUs)', async () => {
    await roundTrip('sparse', program('sparse.c'));
  });

  it('all registers: general purpose, x87, MXCSR, SSE/AVX (and AVX-512 where present)', async () => {
    const r = await roundTrip('registers', program('registers.c'));
    assert.match(r.out, /PASS/);
  });

  it('TLS, errno, fs_base and pthread_self', async () => {
    await roundTrip('tls', program('tls.c'));
  });

  it('signal handlers, their flags and masks, ignored signals, the blocked mask and a pending signal', async () => {
    await roundTrip('signals', program('signals.c'));
  });

  it('regular files (offset, flags, read on, write on), directory and device fds, cwd, umask', async () => {
    const dir = scratchDir('files');
    fs.writeFileSync(path.join(dir, 'input'), '0123456789abcdefghij');
    await roundTrip('files', program('files.c'), [dir]);
    assert.equal(fs.readFileSync(path.join(dir, 'log'), 'utf8'), 'before\nafter\n');
    assert.equal(fs.readFileSync(path.join(dir, 'data'), 'utf8'), 'abcXYfgh');
  });

  it('a C++ program: containers, iostreams, virtual calls, exceptions after restart', async () => {
    await roundTrip('c++', program('cxx.cpp'));
  });

  it('a non-PIE program (brk heap right after the data segment)', async () => {
    await roundTrip('memory non-PIE', program('memory.c', { pie: false, variant: 'nopie' }), [path.join(scratchDir('nopie'), 'scratch')]);
  });

  it('ASLR off with --no-aslr: the image records it and the restart keeps it off', async () => {
    const dir = scratchDir('noaslr');
    const image = path.join(dir, 'image.img');
    const p = await launch('no-aslr', program('tls.c'), [], { launchArgs: ['--no-aslr'] });
    const personality = fs.readFileSync(`/proc/${p.pid}/personality`, 'utf8').trim();
    assert.equal(Number.parseInt(personality, 16) & 0x0040000, 0x0040000, 'launch --no-aslr did not set ADDR_NO_RANDOMIZE');
    await checkpointKill(p, image);
    const info = JSON.parse((await ckpt('info', ['info', image, '--json'])).stdout);
    assert.equal(info.aslr, false);
    const r = restart('no-aslr restarted', image);
    await waitBlockedInRead(r.pid, 'no-aslr restarted');
    assert.equal(Number.parseInt(fs.readFileSync(`/proc/${r.pid}/personality`, 'utf8'), 16) & 0x0040000, 0x0040000);
    r.send('check\n');
    await r.waitOut('PASS', /PASS|FAIL.*/);
    assert.match(r.out, /PASS/);
  });

  it('ASLR off with setarch -R around the program', async () => {
    await roundTrip('setarch -R', 'setarch', ['-R', program('memory.c'), path.join(scratchDir('setarch'), 'scratch')]);
  });

  it('as an unprivileged user (nobody)', async () => {
    const dir = scratchDir('nobody', NOBODY);
    await roundTrip('as nobody', program('memory.c'), [path.join(dir, 'scratch')], { as: NOBODY, image: path.join(dir, 'image.img'), cwd: dir });
  });

  it('the private areas of /proc/PID/maps are the same before and after restart', async () => {
    const dir = scratchDir('maps');
    const image = path.join(dir, 'image.img');
    const p = await launch('maps', program('memory.c'), [path.join(dir, 'scratch')]);
    const c = await ckpt('checkpoint maps', ['checkpoint', String(p.pid), '-o', image]);
    assert.equal(c.code, 0, c.stderr);
    const before = privateLayout(p.pid);         /* as at checkpoint time: the handler's frame grew the stack */
    await p.kill();
    const r = restart('maps restarted', image);
    await waitBlockedInRead(r.pid, 'maps restarted');
    const after = privateLayout(r.pid, image);
    assert.deepEqual(after, before);
    r.send('check\n');
    await r.waitOut('PASS', /PASS|FAIL.*/);
    assert.match(r.out, /PASS/);
  });

  it('terminal settings (termios) are applied to the new terminal', async () => {
    const dir = scratchDir('termios');
    const image = path.join(dir, 'image.img');
    const runInPty = (label: string, args: string[]) => {
      const term = pty.spawn(fredCkpt, args, { name: 'xterm', cols: 80, rows: 24, cwd: work(), env: process.env as Record<string, string> });
      trackGroup(term.pid);
      let out = '';
      term.onData((d) => { out += d; });
      return { term, output: () => out, label };
    };
    const first = runInPty('termios', ['launch', '--', program('termios.c')]);
    try {
      await waitFor('termios: program ready', () => /ready \d+/.test(first.output()));
      await waitBlockedInRead(first.term.pid, 'termios');
      const c = await ckpt('checkpoint termios', ['checkpoint', String(first.term.pid), '-o', image, '--kill']);
      assert.equal(c.code, 0, c.stderr);
    } finally {
      await killGroupMembers(first.term.pid, 'termios');
    }
    const second = runInPty('termios restarted', ['restart', image]);
    try {
      await waitBlockedInRead(second.term.pid, 'termios restarted');
      second.term.write('check\r');
      await waitFor('termios restarted: PASS or FAIL', () => /PASS|FAIL.*/.exec(second.output()));
      assert.match(second.output(), /PASS/, second.output());
    } finally {
      await killGroupMembers(second.term.pid, 'termios restarted');
    }
  });
});
