// Whether the debugged program is waiting for a line from its terminal, read off /proc:
// some process under the session's holder is in read() on a terminal, or in select() while
// its standard input is a terminal (python3's input() under readline waits there). Line
// mode then hands it the next line the user gives, as a terminal would (gdb's own habit:
// while the program runs, what you type is the program's). Frozen snapshot copies wait in
// poll() on their own descriptors and spares in read() of an eventfd: neither counts.
import * as fs from 'fs';

const READ = 0;
const SELECT = 23;
const PSELECT6 = 270;

function children(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) found.push(...text.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return found;
}

function isTerminal(pid: number, fd: number): boolean {
  try {
    return /^\/dev\/(pts\/\d+|tty\w*)$/.test(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
  } catch {
    return false;
  }
}

/** The process is blocked reading a terminal (its own system call, from /proc/PID/syscall). */
function waitsForTerminal(pid: number): boolean {
  let fields: string[];
  try {
    fields = fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').trim().split(/\s+/);
  } catch {
    return false;
  }
  const call = Number(fields[0]);
  if (call === READ) return isTerminal(pid, Number(fields[1]));
  return (call === SELECT || call === PSELECT6) && isTerminal(pid, 0);
}

/** Some process below root (the session's holder) waits for a line from a terminal. */
export function programWaitsForTerminal(root: number): boolean {
  const seen = new Set<number>();
  const pending = children(root);
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    if (waitsForTerminal(pid)) return true;
    pending.push(...children(pid));
  }
  return false;
}
