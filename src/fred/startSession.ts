// Builds a session: a private control directory, the debugger in a pty under
// fred-holder (which holds the terminal session and reaps snapshot copies), the
// snapshot store and the per-debugger program control.
import * as fs from 'fs';
import * as path from 'path';
import { createGdb } from '../debugger-adapters/gdb';
import { Debugger } from '../debugger-adapters/debugger';
import { defaultControlDir, ensureControlDir } from './checkpointControl';
import { CliArguments } from './cliArguments';
import { CommandRunner } from './commandRunner';
import { FredError } from './errors';
import { GdbProcessControl, gdbSetupCommands } from './gdbControl';
import { sessionHolder } from './nativePaths';
import { Session } from './session';
import { SnapshotStore } from './snapshots';

export interface StartedSession {
  banner: string;
  session: Session;
  runner: CommandRunner;
  /** Ends everything the session started; safe to call twice. */
  close(): Promise<void>;
  prompt: string;
}

/** gdb options that take a value: the program is the first argument that is neither. */
const gdbOptionsWithValue = new Set(['-x', '-ex', '-iex', '-ix', '-cd', '-d', '-p', '-pid', '-c', '-core', '-s', '-symbols', '-e', '-exec', '-se', '-b', '-l', '-tty', '-init-command', '-init-eval-command', '-command', '-eval-command', '-directory']);

export function programOf(gdbArgs: string[]): string | undefined {
  for (let i = 0; i < gdbArgs.length; i++) {
    const arg = gdbArgs[i];
    if (arg === '--args') return gdbArgs[i + 1];
    if (arg.startsWith('-')) {
      if (gdbOptionsWithValue.has(arg.replace(/^--/, '-'))) i++;
      continue;
    }
    return arg;
  }
  return undefined;
}

async function startDebugger(args: CliArguments, controlDir: string): Promise<{ dbg: Debugger; banner: string }> {
  if (!fs.existsSync(sessionHolder)) throw new FredError('usage', `${sessionHolder} is missing; run npm install`);
  const size = { cols: process.stdout.columns || 120, rows: process.stdout.rows || 40 };
  const dbg = createGdb({ args: args.debuggerArgs, wrapper: [sessionHolder], env: { FRED_CKPT_CONTROL: controlDir }, ...size });
  const banner = await dbg.start();
  for (const command of gdbSetupCommands(controlDir)) {
    const out = await dbg.execute(command);
    if (out.debuggerExited) throw new FredError('debugger', `gdb exited during start-up: ${out.text.trim()}`);
  }
  return { dbg, banner };
}

export async function startSession(args: CliArguments, onQuit: () => void): Promise<StartedSession> {
  if (args.debugger !== 'gdb') throw new FredError('unsupported', 'fred pdb is not available in this build yet; use fred gdb');
  const program = programOf(args.debuggerArgs);
  if (program && !fs.existsSync(program)) throw new FredError('usage', `fred gdb: ${program}: no such file`);
  const controlDir = fs.mkdtempSync(path.join(ensureControlDir(defaultControlDir()), 'session-'));
  const { dbg, banner } = await startDebugger(args, controlDir);
  const store = new SnapshotStore();
  const session = new Session('gdb', dbg, new GdbProcessControl(dbg, store), store, args.policy);
  const runner = new CommandRunner(session, { imageDir: path.resolve(args.imageDir), programName: path.basename(program ?? 'program'), onQuit });
  let closed = false;
  return {
    banner, session, runner, prompt: '(gdb) ',
    close: async () => {
      if (closed) return;
      closed = true;
      await session.close().catch(() => undefined);
      fs.rmSync(controlDir, { recursive: true, force: true });
    },
  };
}
