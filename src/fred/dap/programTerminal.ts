// A terminal of the editor for the program (the protocol's runInTerminal): the editor runs
// a small shell there that writes down its terminal's name and its pid, then sleeps while
// the program uses the terminal (gdb's `tty`). The sleeper reads nothing, so the program
// gets what the user types there. Ended by its pid when the session ends.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { FredError } from '../errors';

export interface ProgramTerminal {
  /** The terminal's device, e.g. /dev/pts/7. */
  tty: string;
  close(): void;
}

/** Sends the client a runInTerminal request; resolves with its response. */
export type RunInTerminal = (args: DebugProtocol.RunInTerminalRequestArguments) => Promise<{ success: boolean; message?: string }>;

const WAIT_MS = 30000;

export async function openProgramTerminal(runInTerminal: RunInTerminal, options: { kind: 'integrated' | 'external'; title: string; cwd: string }): Promise<ProgramTerminal> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-dap-terminal-')); // mode 0700
  const answer = path.join(dir, 'terminal');
  // the name is written whole (mv) so that a half-written file is never read
  const script = `printf '%s %s\\n' "$(tty)" "$$" > '${answer}.tmp' && mv '${answer}.tmp' '${answer}' && exec sleep 2147483647`;
  try {
    const response = await runInTerminal({ kind: options.kind, title: options.title, cwd: options.cwd, args: ['/bin/sh', '-c', script] });
    if (!response.success) throw new FredError('usage', `the editor did not open a terminal for the program: ${response.message ?? 'no reason given'}`);
    const started = Date.now();
    while (!fs.existsSync(answer)) {
      if (Date.now() - started > WAIT_MS) throw new FredError('timeout', `the editor's terminal did not start the program's terminal helper within ${WAIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const [tty, pidText] = fs.readFileSync(answer, 'utf8').trim().split(' ');
    if (!/^\/dev\//.test(tty)) throw new FredError('usage', `the editor's terminal is not a terminal (tty said '${tty}')`);
    const pid = Number(pidText);
    return {
      tty,
      close: () => {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // the user closed the terminal already
        }
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
