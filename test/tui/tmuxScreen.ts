// Drives a program in a private tmux server as a user would: keys in with send-keys,
// the screen out with capture-pane. Each instance has its own socket; close() kills the
// server and the pane's process group, and waits until they are gone.
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import { groupAlive, killGroup, trackGroup, waitFor } from '../helpers/processGroup';

export class TmuxScreen {
  readonly socket = `fred-test-${crypto.randomBytes(4).toString('hex')}`;
  panePid = 0;

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Start `argv` in a pane of cols x rows; the pane stays after it exits (for its status). */
  start(argv: string[], cols: number, rows: number, env: Record<string, string> = {}): void {
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const exports = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ');
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'fred', '-x', String(cols), '-y', String(rows), `exec env ${exports} ${quoted}`);
    this.tmux('set-option', '-t', 'fred', 'remain-on-exit', 'on');
    this.panePid = Number(this.tmux('display-message', '-p', '-t', 'fred', '#{pane_pid}').trim());
    trackGroup(this.panePid);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'fred');
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

  /** The pane's process has exited: its exit status. */
  exitStatus(): number | undefined {
    const [dead, status] = this.tmux('display-message', '-p', '-t', 'fred', '#{pane_dead} #{pane_dead_status}').trim().split(' ');
    return dead === '1' ? Number(status) : undefined;
  }

  groupAlive(): boolean {
    return this.panePid > 0 && groupAlive(this.panePid);
  }

  async close(): Promise<void> {
    try { this.tmux('kill-server'); } catch { /* already gone */ }
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
