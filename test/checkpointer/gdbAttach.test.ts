// restart --stop hands the restored process to a debugger: a real `gdb -p PID` shows a
// symbolized backtrace with locals and the shared libraries, and the program carries on.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { ckpt, fredCkpt, program, restart, run, scratchDir, start } from './harness';

function processState(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

describe('checkpointer: restart --stop and gdb -p', function () {
  this.timeout(90000);

  it('gdb -p shows a symbolized backtrace with locals and libc; the program then carries on correctly', async () => {
    const prog = program('countdown.c', { flags: ['-O0'] });
    const limit = 30;
    const p = start('countdown', fredCkpt, ['launch', '--', prog, String(limit)]);
    await p.waitOut('counted to 3', /\b3 /);
    const image = path.join(scratchDir('gdb'), 'countdown.img');
    const c = await ckpt('checkpoint countdown', ['checkpoint', String(p.pid), '-o', image, '--kill']);
    assert.equal(c.code, 0, c.stderr);
    await p.kill();

    const r = restart('countdown restarted --stop', image, ['--stop']);
    await waitFor('restored process stopped (state T) before resuming', () => processState(r.pid) === 'T');
    const beforeGdb = r.out;
    const gdb = await run('gdb -p', 'gdb', ['-nx', '-q', '-batch', '-p', String(r.pid),
      '-ex', 'bt', '-ex', 'info sharedlibrary', '-ex', 'frame function main', '-ex', 'info locals',
      '-ex', 'frame function step', '-ex', 'info locals',
      // the stop was a SIGSTOP: gdb reports it at the first continue; resume without it
      '-ex', 'continue', '-ex', 'signal 0'], { timeoutMs: 60000 });
    const text = gdb.stdout + gdb.stderr;
    assert.match(text, /#\d+ +0x[0-9a-f]+ in step \(i=\d+\) at .*countdown\.c:\d+/, `no symbolized frame for step:\n${text}`);
    assert.match(text, /#\d+ +0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at .*countdown\.c:\d+/, `no frame for main:\n${text}`);
    assert.match(text, /\/libc\.so\.6/, `info sharedlibrary lacks libc:\n${text}`);
    const i = Number(/^i = (\d+)$/m.exec(text)?.[1]);
    assert.ok(i >= 3 && i < limit, `info locals in main: i = ${i}\n${text}`);
    assert.match(text, new RegExp(`^limit = ${limit}$`, 'm'));
    assert.match(text, new RegExp(`^square = ${i * i}$`, 'm'));
    assert.match(text, /exited normally/, `the program did not finish under gdb:\n${text}`);

    await r.waitExit('restored program finishes');
    assert.equal(beforeGdb, '', 'the restored program ran before the debugger let it');
    const expected = Array.from({ length: limit }, (_, k) => k * k).reduce((a, b) => a + b, 0);
    assert.match(r.out, new RegExp(`^${i + 1} ${i + 2} .*${limit - 1} done total=${expected}\\n$`, 's'), r.out);
  });
});
