// Drives one line-oriented program (gdb, pdb, or a wrapper that execs one) in a
// pseudo-terminal: commands are queued and written one at a time; a command is finished
// when the program's prompt shows at the end of what it printed. Waiting is driven by
// output and exit events only. The debugged program shares the terminal, so whatever it
// prints lands in the answer of the command that was running.
import * as fs from 'fs';
import * as pty from 'node-pty';
import { CommandOutput } from './debugger';
import { cleanTerminalText, endsInsideEscape } from './terminalText';

export interface PtySpawnOptions {
  /** Executable: the debugger itself or a wrapper such as fred-holder. */
  file: string;
  args: string[];
  /** The whole environment of the child (not merged with anything). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  cols?: number;
  rows?: number;
  /** TERM for the child; default xterm-256color. */
  terminalName?: string;
  /** Sees every byte written to the terminal and read from it (fred's --log). */
  transcript?: (direction: 'sent' | 'received', data: string) => void;
}

export interface RunOptions {
  /** Keep this command's output from onOutput listeners (fred's own queries). */
  silent?: boolean;
}

interface Pending {
  command: string;
  silent: boolean;
  raw: string;
  /** Index in raw just past the echoed command line; -1 while the echo is incomplete. */
  bodyStart: number;
  resolve(output: CommandOutput): void;
  reject(error: Error): void;
}

/**
 * node-pty writes asynchronously; a write still on its way when the debugger dies fails
 * (EBADF once node-pty closed the terminal, EIO before) and node-pty reports it with
 * console.error and a dump of the error object, on the user's terminal. fred says in one
 * line of its own that the debugger died, so that report alone is dropped.
 */
function dropLateWriteReports(): void {
  const report = console.error;
  console.error = (...args: unknown[]) => {
    const code = (args[1] as NodeJS.ErrnoException | undefined)?.code;
    if (args[0] === 'Unhandled pty write error' && (code === 'EBADF' || code === 'EIO')) return;
    report.apply(console, args);
  };
}
dropLateWriteReports();

/** How many trailing raw characters are enough to recognise a prompt. */
const PROMPT_WINDOW = 512;

export class PtyDriver {
  private term?: pty.IPty;
  private current?: Pending;
  private readonly queue: Pending[] = [];
  private exited = false;
  private readonly outputListeners = new Set<(chunk: string) => void>();
  private readonly exitListeners = new Set<(code: number | undefined) => void>();

  /**
   * @param prompt matched against the cleaned end of the output, e.g. /\(gdb\) $/
   * @param name used in error messages ("gdb", "pdb")
   */
  constructor(private readonly spawnOptions: PtySpawnOptions, private readonly prompt: RegExp, readonly name: string) {}

  get pid(): number {
    if (!this.term) throw new Error(`${this.name} is not started yet; call start() first`);
    return this.term.pid;
  }

  get hasExited(): boolean { return this.exited; }

  /** Spawn the program and wait for its first prompt; resolves with everything before it. */
  start(): Promise<CommandOutput> {
    if (this.term) return Promise.reject(new Error(`${this.name} was already started`));
    const o = this.spawnOptions;
    try {
      this.term = pty.spawn(o.file, o.args, {
        name: o.terminalName ?? 'xterm-256color',
        cols: o.cols ?? 120,
        rows: o.rows ?? 40,
        cwd: o.cwd ?? process.cwd(),
        env: o.env,
      });
    } catch (error) {
      return Promise.reject(new Error(`cannot start ${o.file}: ${(error as Error).message}; check that it is installed and on PATH`));
    }
    this.term.onData((chunk) => this.onData(chunk));
    this.term.onExit(({ exitCode, signal }) => this.onTermExit(signal ? undefined : exitCode));
    // The banner has no echo to skip: it is a command whose body starts at once.
    return new Promise((resolve, reject) => {
      this.current = { command: '', silent: false, raw: '', bodyStart: 0, resolve, reject };
    });
  }

  /** Queue one command line; resolves when the prompt is back (or the program ended). */
  run(command: string, options: RunOptions = {}): Promise<CommandOutput> {
    if (/[\r\n]/.test(command)) return Promise.reject(new Error(`one command at a time: "${command}" contains a line break`));
    if (!this.term) return Promise.reject(new Error(`${this.name} is not started yet; call start() first`));
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited; start a new session`));
    return new Promise((resolve, reject) => {
      this.queue.push({ command, silent: !!options.silent, raw: '', bodyStart: -1, resolve, reject });
      this.dispatch();
    });
  }

  /** The debugger took the last command (its echo came back) and has not shown its prompt
   *  since: a read of the terminal now is the program's, not the debugger's own. */
  commandRunning(): boolean { return this.current !== undefined && this.current.bodyStart >= 0; }

  /**
   * Like Ctrl-C at the terminal: the terminal's foreground job gets SIGINT. `signal`: sent
   * to that job directly, so that the terminal keeps its unread input (the ^C character
   * makes it drop that), when the job can be found.
   */
  interrupt(how: 'character' | 'signal' = 'character'): void {
    const group = how === 'signal' && this.term && !this.exited ? foregroundGroup(this.term.pid) : undefined;
    if (group === undefined) {
      this.write('\x03');
      return;
    }
    try { process.kill(-group, 'SIGINT'); } catch { /* already gone */ }
  }

  /** Raw bytes to the terminal (input for a program that reads it). */
  write(data: string): void {
    if (this.term && !this.exited) {
      this.spawnOptions.transcript?.('sent', data);
      this.term.write(data);
    }
  }

  resize(cols: number, rows: number): void {
    if (this.term && !this.exited) this.term.resize(cols, rows);
  }

  /** Send a signal to the pty's child (the debugger or its wrapper). */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.term && !this.exited) {
      try { process.kill(this.term.pid, signal); } catch { /* already gone */ }
    }
  }

  /** Resolves when the child has exited (and its output was read). */
  whenExited(): Promise<void> {
    if (this.exited || !this.term) return Promise.resolve();
    return new Promise((resolve) => { this.exitListeners.add(() => resolve()); });
  }

  onOutput(listener: (chunk: string) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  onExit(listener: (code: number | undefined) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  private dispatch(): void {
    if (this.current || this.exited || !this.term) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    this.spawnOptions.transcript?.('sent', next.command + '\r');
    this.term.write(next.command + '\r');
  }

  private onData(chunk: string): void {
    this.spawnOptions.transcript?.('received', chunk);
    const pending = this.current;
    if (!pending || !pending.silent) for (const listener of this.outputListeners) listener(chunk);
    if (!pending) return; // output between commands: only listeners care
    pending.raw += chunk;
    if (pending.bodyStart < 0) {
      // The echo of the command ends with the first line break; a prompt-looking string
      // inside the echo must not end the command.
      const newline = pending.raw.indexOf('\n');
      if (newline < 0) return;
      pending.bodyStart = newline + 1;
    }
    if (this.promptAtEnd(pending)) this.finish({ text: this.body(pending) });
  }

  private promptAtEnd(pending: Pending): boolean {
    const from = Math.max(pending.bodyStart, pending.raw.length - PROMPT_WINDOW);
    const tail = pending.raw.slice(from);
    if (endsInsideEscape(tail)) return false;
    return this.prompt.test(cleanTerminalText(tail));
  }

  /** The command's output: no echo, no final prompt, escapes removed. */
  private body(pending: Pending): string {
    const text = cleanTerminalText(pending.raw.slice(Math.max(pending.bodyStart, 0)));
    return text.replace(this.prompt, '');
  }

  private finish(output: CommandOutput): void {
    const pending = this.current;
    this.current = undefined;
    pending?.resolve(output);
    this.dispatch();
  }

  private onTermExit(code: number | undefined): void {
    this.exited = true;
    const pending = this.current;
    if (pending) this.finish({ text: this.body(pending), debuggerExited: true });
    for (const queued of this.queue.splice(0)) queued.reject(new Error(`${this.name} exited before running "${queued.command}"`));
    for (const listener of [...this.exitListeners]) listener(code);
  }
}

/** The foreground process group of the terminal that `pid` has (/proc/PID/stat's tpgid), undefined if none. */
function foregroundGroup(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tpgid = Number(fields[5]);
    return tpgid > 0 ? tpgid : undefined;
  } catch {
    return undefined;
  }
}
