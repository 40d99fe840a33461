// What /proc says of a process, for tests that find the session's processes (the holder,
// gdb, python3) by their parent and name. Each answers '' or 0 once the process is gone.
import * as fs from 'fs';

/** The command line, arguments joined by spaces. */
export function commandLine(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' '); } catch { return ''; }
}

/** The command name (comm), as ps shows it. */
export function commandName(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; }
}

/** The parent's pid (/proc/PID/stat field 4; the name in parentheses may hold spaces). */
export function parentOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}
