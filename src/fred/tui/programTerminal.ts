// The program's own terminal: a pseudo-terminal pair with no process on it. gdb's
// `tty` command gives its slave to the program at `run`; snapshots and restored copies
// inherit the same descriptors, so the program's output never mixes with the debugger's
// and keystrokes typed in the program pane reach the program. Nobody else holds the
// terminal as its controlling one, so the program may take it.
import * as fs from 'fs';
import * as tty from 'tty';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
  resize(fd: number, cols: number, rows: number): void;
}

function nativePty(): NativePty {
  // node-pty's openpty(3) binding: spawn() would need a process on the terminal
  const native = (require('node-pty') as { native?: NativePty }).native;
  if (!native || typeof native.open !== 'function') throw new Error('node-pty cannot open a terminal pair (no native open); reinstall node-pty');
  return native;
}

export class ProgramTerminal {
  readonly path: string;
  private readonly master: number;
  private readonly slave: number;
  private readonly stream: tty.ReadStream;
  private readonly native: NativePty;
  private closed = false;

  constructor(cols: number, rows: number, onData: (data: string) => void) {
    this.native = nativePty();
    const pair = this.native.open(Math.max(cols, 2), Math.max(rows, 1));
    this.master = pair.master;
    this.slave = pair.slave; // kept open (never read) so the terminal lives between runs
    this.path = pair.pty;
    this.stream = new tty.ReadStream(this.master);
    this.stream.setEncoding('utf8');
    this.stream.on('data', (data: string) => onData(data));
    this.stream.on('error', () => undefined); // EIO when every slave is closed: nothing to read
  }

  /** Keystrokes for the program. */
  write(data: string): void {
    if (!this.closed) this.stream.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.closed) this.native.resize(this.master, Math.max(cols, 2), Math.max(rows, 1));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.destroy();
    try { fs.closeSync(this.slave); } catch { /* already closed */ }
  }
}
