// fred in line mode with stdin kept open, so a test can type, wait for what fred printed,
// and press Ctrl-C (SIGINT to fred, as the terminal would send it).
import { ChildProcess } from 'child_process';
import * as path from 'path';
import { killGroup, spawnGroup, waitFor } from '../helpers/processGroup';

const fredCli = path.resolve(__dirname, '..', '..', 'src', 'fred', 'cli', 'cli.js');

export class LiveFred {
  transcript = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  /** args: everything after `fred`, e.g. ['--cheap-replay', '0', 'gdb', PROGRAM]; launcher: e.g. setpriv's to run as nobody. */
  constructor(args: string[], launcher: string[] = []) {
    const [cmd, ...prefix] = [...launcher, process.execPath];
    this.child = spawnGroup(cmd, [...prefix, fredCli, ...args], { cwd: path.dirname(args[args.length - 1]), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => { this.transcript += d; });
    this.child.stderr!.on('data', (d) => { this.transcript += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  type(...lines: string[]): void { for (const line of lines) this.child.stdin!.write(`${line}\n`); }

  /** Wait until the transcript matches (phase names what hung). */
  async until(phase: string, pattern: RegExp, timeoutMs = 60000): Promise<void> {
    try {
      await waitFor(phase, () => pattern.test(this.transcript), timeoutMs);
    } catch (e) {
      throw new Error(`${(e as Error).message}\ntranscript so far:\n${this.transcript}`);
    }
  }

  /** Ctrl-C once `echoed` (a command fred echoed) is running, after a moment for the program
   *  to get going; returns when the debugger has shown the stop, as a user waits to see it
   *  before typing (a line typed earlier goes to the still running program, as it would). */
  async interruptAfter(echoed: RegExp, ms = 700): Promise<void> {
    await this.until('the command to interrupt is running', echoed);
    await new Promise((r) => setTimeout(r, ms));
    const stopsBefore = this.interruptStops();
    this.child.kill('SIGINT');
    await waitFor(() => `the debugger shows the Ctrl-C stop; transcript so far:\n${this.transcript}`, () => this.interruptStops() > stopsBefore, 60000);
  }

  private interruptStops(): number {
    return this.transcript.match(/^Program (?:interrupted\.|received signal SIGINT)/gm)?.length ?? 0;
  }

  /** Type quit and wait for fred to end; returns its exit status. */
  async quit(timeoutMs = 120000): Promise<number | null> {
    this.type('quit');
    const hung = new Promise<'hung'>((r) => { const t = setTimeout(() => r('hung'), timeoutMs); t.unref(); });
    const status = await Promise.race([this.exited, hung]);
    if (status === 'hung') throw new Error(`fred did not end within ${timeoutMs} ms after quit; transcript:\n${this.transcript}`);
    return status;
  }

  async end(): Promise<void> { await killGroup(this.child.pid!); }
}
