// Drives a program in a private tmux server as a user would: keys in with send-keys,
// the screen out with capture-pane. Each instance has its own socket; close() kills the
// server and the pane's process group, and waits until they are gone.
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { groupAlive, killGroup, trackGroup, waitFor } from '../helpers/processGroup';

export class TmuxScreen {
  readonly socket = `fred-test-${crypto.randomBytes(4).toString('hex')}`;
  private readonly statusFile = path.join(os.tmpdir(), `${this.socket}.status`);
  panePid = 0;

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /**
   * Start `argv` in a pane of cols x rows, under a shell that writes down its exit status
   * (the pane stays after it). The shell and argv share one process group.
   */
  start(argv: string[], cols: number, rows: number, env: Record<string, string> = {}): void {
    // tmux runs a command given as several arguments as it is, without a shell's quoting
    const exports = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    // the exit status goes to a file: what a dying pane printed last may never reach the screen
    const reportStatus = '"$@"; echo $? > "$0.tmp" && mv "$0.tmp" "$0"';
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'fred', '-x', String(cols), '-y', String(rows), 'sh', '-c', reportStatus, this.statusFile, 'env', ...exports, ...argv);
    this.tmux('set-option', '-t', 'fred', 'remain-on-exit', 'on');
    this.panePid = Number(this.tmux('display-message', '-p', '-t', 'fred', '#{pane_pid}').trim());
    trackGroup(this.panePid);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'fred');
  }

  /** The screen and the lines scrolled off it (what a program printed just before it ended may be there). */
  screenWithHistory(): string {
    return this.tmux('capture-pane', '-p', '-S', '-', '-t', 'fred');
  }

  /** The screen with its colours and attributes as SGR escape sequences (capture-pane -e). */
  colouredScreen(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'fred');
  }

  /** Literal text, then Enter. */
  type(line: string): void {
    this.tmux('send-keys', '-t', 'fred', '-l', line);
    this.tmux('send-keys', '-t', 'fred', 'Enter');
  }

  /** tmux key names: F2, C-c, Tab... */
  keys(...names: string[]): void {
    this.tmux('send-keys', '-t', 'fred', ...names);
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', 'fred', '-x', String(cols), '-y', String(rows));
  }

  /** Wait until the screen matches; the error names the phase and shows the screen. */
  async waitFor(phase: string, pattern: RegExp, timeoutMs = 30000): Promise<string> {
    let last = '';
    try {
      return await waitFor(phase, () => {
        last = this.screen();
        return pattern.test(last) ? last : undefined;
      }, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`);
    }
  }

  /** Once the program has exited: its exit status as the shell reported it (128+N: signal N). */
  exitStatus(): number | undefined {
    try {
      return Number(fs.readFileSync(this.statusFile, 'utf8').trim());
    } catch {
      return undefined;
    }
  }

  /** Some process of the pane's group still runs (zombies waiting for tmux do not count). */
  groupAlive(): boolean {
    return this.panePid > 0 && groupAlive(this.panePid) && livingMembers(this.panePid).length > 0;
  }

  async close(): Promise<void> {
    try { this.tmux('kill-server'); } catch { /* already gone */ }
    fs.rmSync(this.statusFile, { force: true });
    // a killed server may leave its socket file behind
    const uid = process.getuid?.() ?? 0;
    fs.rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.socket), { force: true });
    if (this.panePid) await killGroup(this.panePid);
  }
}

/** Every descendant of pid (children, their children...), read from /proc. */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    let children = '';
    try {
      for (const task of fs.readdirSync(`/proc/${parent}/task`)) children += ` ${fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8')}`;
    } catch { /* gone */ }
    for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** A process exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Processes of process group pgid that are not zombies. */
export function livingMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // fields after the command name: state ppid pgrp
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry));
    } catch { /* gone */ }
  }
  return members;
}
