// A program in a fresh pseudo-terminal (node-pty), as a user would see it: output is
// collected and awaited in order (a cursor moves past each match, so an old answer is
// never mistaken for a new one), lines are typed with a carriage return.
import * as fs from 'fs';
import * as pty from 'node-pty';
import { killGroup, trackGroup, waitFor } from '../helpers/processGroup';

export interface TerminalOptions { cwd?: string; env?: NodeJS.ProcessEnv; cols?: number; rows?: number }

export class Terminal {
  output = '';
  private cursor = 0;
  exit?: { code: number; signal?: number };
  private readonly term: pty.IPty;
  private readonly groups = new Set<number>();

  constructor(readonly label: string, file: string, args: string[], options: TerminalOptions = {}) {
    this.term = pty.spawn(file, args, {
      name: 'xterm-256color', cols: options.cols ?? 100, rows: options.rows ?? 30,
      cwd: options.cwd ?? process.cwd(), env: (options.env ?? process.env) as { [key: string]: string },
    });
    this.track(this.term.pid);   // the pty's child leads its own session and process group
    this.term.onData((chunk) => { this.output += chunk; });
    this.term.onExit(({ exitCode, signal }) => { this.exit = { code: exitCode, signal }; });
  }

  /** pid of the process node-pty started (the session leader). */
  get pid(): number { return this.term.pid; }

  /** End this process group too when the terminal is closed. */
  track(pgid: number): void {
    this.groups.add(pgid);
    trackGroup(pgid);
  }

  /** Wait for re in the output after the last match; the error names the phase and shows the tail. */
  async expect(phase: string, re: RegExp, timeoutMs = 20000): Promise<RegExpMatchArray> {
    let found: RegExpMatchArray | undefined;
    try {
      await waitFor(`${this.label}: ${phase}`, () => {
        const m = re.exec(this.output.slice(this.cursor));
        if (m) found = m;
        else if (this.exit) throw new Error(`${this.label} ended (${JSON.stringify(this.exit)}) during: ${phase}`);
        return !!m;
      }, timeoutMs);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  terminal: ${JSON.stringify(this.output.slice(-600))}\n  its processes: ${this.processes()}`);
    }
    this.cursor += found!.index! + found![0].length;
    return found!;
  }

  /** The processes of the terminal's session, each with its state and where it waits: what a failure shows. */
  private processes(): string {
    const rows: string[] = [];
    for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[3]) !== this.term.pid) continue;
        const wchan = fs.readFileSync(`/proc/${entry}/wchan`, 'utf8');
        rows.push(`${entry} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)} ${fields[0]} ${wchan || '-'}`);
      } catch { /* gone meanwhile */ }
    }
    return rows.join('; ') || 'none';
  }

  /** Type a line (Enter is a carriage return at a terminal). */
  type(line: string): void { this.term.write(`${line}\r`); }

  write(data: string): void { this.term.write(data); }

  resize(cols: number, rows: number): void { this.term.resize(cols, rows); }

  /** Kill every group this terminal started and wait (bounded) until none has a live member. */
  async close(): Promise<void> {
    for (const pgid of this.groups) await killGroup(pgid, 0);
    try { this.term.kill('SIGKILL'); } catch { /* already gone */ }
    await waitFor(`${this.label}: process groups ${[...this.groups].join(' ')} to die`,
      () => [...this.groups].every((g) => liveMembers(g).length === 0), 5000);
  }
}

/** Members of a process group that are not zombies (this machine's init reaps slowly). */
export function liveMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (groupOf(Number(entry)) === pgid && running(Number(entry))) members.push(Number(entry));
  }
  return members;
}

/** The process group of pid (undefined when it is gone). */
export function groupOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

/** The process exists and is not a zombie. */
export function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitGone(phase: string, pids: number[], timeoutMs = 10000): Promise<void> {
  try {
    await waitFor(phase, () => pids.every((p) => !running(p)), timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message} (still running: ${pids.filter(running).join(' ')})`);
  }
}
