// Start a session from an image written by fred-checkpoint (or fred-ckpt): the restored
// process must live in the debugger's terminal session (fred-holder reaps it and it reads
// that terminal), so gdb itself starts `fred-exec restart --stop IMAGE` in the background
// with the terminal as its streams, then attaches to it. The process stops inside fred's
// checkpoint handler; gdb lets the handler return to the program's own code, found as the
// frame just older than the signal trampoline.
import * as fs from 'fs';
import { Debugger } from '../../debugger-adapters/debugger';
import { FredError } from '../errors';
import { execHelper } from './nativePaths';

const quiet = { silent: true };

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function stopped(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (let delay = 1; Date.now() < until; delay = Math.min(delay * 2, 50)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'T') return true;
      if (state === 'Z' || state === 'X') return false; // refused and exited, not yet reaped
    } catch {
      return false; // gone: the restart refused (its reason went to the terminal)
    }
    await new Promise((r) => setTimeout(r, delay));
  }
  return false;
}

/** Restore image under gdb; on return the program is stopped where the image was taken. */
export async function restoreImageUnderGdb(gdb: Debugger, image: string): Promise<void> {
  const started = await gdb.execute(`shell ${shellQuote(execHelper)} restart --stop ${shellQuote(image)} </dev/tty >/dev/tty 2>&1 & echo fred-restored-pid $!`, quiet);
  const pid = Number(/fred-restored-pid (\d+)/.exec(started.text)?.[1]);
  if (!pid) throw new FredError('bad-image', `cannot restart ${image}: ${started.text.trim()}`);
  if (!(await stopped(pid, 30000))) {
    throw new FredError('bad-image', `cannot restart ${image} (run 'fred-ckpt restart ${image}' to see why)`);
  }
  const attached = await gdb.execute(`attach ${pid}`, quiet);
  if (!/Attaching to/.test(attached.text) || /ptrace: /.test(attached.text))
    throw new FredError('debugger', `gdb could not attach to the restarted process ${pid}: ${attached.text.trim()}`);
  await gdb.execute('handle SIGSTOP nostop noprint nopass', quiet);
  try {
    // the frame just older than the signal trampoline is the program's own code
    const found = await gdb.execute(
      'python f = gdb.newest_frame(); exec("while f is not None and f.type() != gdb.SIGTRAMP_FRAME:\\n    f = f.older()"); ' +
      'print("fred-resume-pc %x" % f.older().pc() if f is not None and f.older() is not None else "fred-resume-pc none")',
      quiet,
    );
    const pc = /fred-resume-pc ([0-9a-f]+)/.exec(found.text)?.[1];
    if (!pc) throw new FredError('bad-image', `cannot find where ${image} resumes the program: ${found.text.trim()}`);
    await gdb.execute(`tbreak *0x${pc}`, quiet);
    await gdb.execute('continue', quiet);
  } finally {
    await gdb.execute('handle SIGSTOP stop print pass', quiet);
  }
}
