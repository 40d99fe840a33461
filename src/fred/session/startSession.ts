// Builds a session: a private control directory, the debugger in a pty under
// fred-holder (which holds the terminal session and reaps snapshot copies), the
// snapshot store and the per-debugger program control.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createGdb } from '../../debugger-adapters/gdb';
import { gdbDialect, pdbDialect } from '../../history/dialects';
import { createPdb, createRestoredPdb } from '../../debugger-adapters/pdb';
import { Debugger } from '../../debugger-adapters/debugger';
import { ensureControlDir } from '../checkpointer/checkpointControl';
import { CliArguments } from '../cli/cliArguments';
import { CommandRunner, QuitReason } from './commandRunner';
import { writeGdbCommandFile } from '../cli/debuggerHelp';
import { FredError } from '../errors';
import { hardwareWatchpoints } from '../checkpointer/machineFacts';
import { GdbProcessControl, gdbSetupCommands } from '../gdb/gdbControl';
import { execHelper, loadAddon, sessionHolder } from '../checkpointer/nativePaths';
import { restoreImageUnderGdb } from '../checkpointer/imageRestore';
import { PdbProcessControl, pdbPrompt, pdbWrapper } from '../pdb/pdbControl';
import { RestorablePdb } from '../pdb/pdbDebugger';
import { RecordLog } from '../checkpointer/recordLog';
import { refusal } from '../gdb/refusedCommands';
import { Session } from './session';
import { SessionLog } from './sessionLog';
import { SnapshotStore } from './snapshots';
import { programWaitsForTerminal } from './terminalWait';
import { newSessionDirectory } from '../checkpointer/sessionDirectories';

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
  const args = gdbArgs.indexOf('--args');
  return positionalArguments(gdbArgs)[0] ?? (args >= 0 ? gdbArgs[args + 1] : undefined);
}

/** gdb's arguments that are not options nor their values: PROG, then a core file or PID. */
function positionalArguments(gdbArgs: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < gdbArgs.length; i++) {
    const arg = gdbArgs[i];
    if (arg === '--args') break;
    if (arg.startsWith('-')) {
      if (gdbOptionsWithValue.has(arg.replace(/^--/, '-'))) i++;
      continue;
    }
    found.push(arg);
  }
  return found;
}

/** gdb's index cache: fred's own cache directory, or a private one in /tmp (a user like nobody has no home). */
function indexCacheDirectory(): string {
  const candidates = [
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'fred', 'gdb-index'),
    path.join(os.tmpdir(), `fred-gdb-index-${process.getuid!()}`),
  ];
  for (const dir of candidates) {
    try {
      if (dir.startsWith(os.tmpdir())) return ensureControlDir(dir);   // another user may have made it first
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // not creatable here: try the next place
    }
  }
  throw new FredError('unsafe-directory', `cannot create a cache directory (tried ${candidates.join(', ')}); each must be a directory of yours with mode 0700; set XDG_CACHE_HOME`);
}

async function startDebugger(args: CliArguments, controlDir: string, log: RecordLog | undefined, transcript: SessionLog): Promise<{ dbg: Debugger; banner: string }> {
  if (!fs.existsSync(sessionHolder)) throw new FredError('usage', `${sessionHolder} is missing; run npm install`);
  const dbg = createGdb({ args: args.debuggerArgs, wrapper: [sessionHolder], env: { FRED_CKPT_CONTROL: controlDir }, transcript: transcript.transcript, hardwareWatchpoints: hardwareWatchpoints(), ...terminalSize() });
  let banner;
  try {
    banner = await dbg.start();
  } catch (error) {
    // gdb refused its arguments (an unknown option...): its own words, in one line
    const said = /exited before its first prompt: (.*)$/s.exec((error as Error).message);
    if (said) throw new FredError('debugger', `gdb did not start: ${said[1].trim()}`);
    throw error;
  }
  const cacheDir = indexCacheDirectory();
  for (const command of [...gdbSetupCommands(controlDir, cacheDir, log?.environment()), `source ${writeGdbCommandFile(controlDir)}`]) {
    const out = await dbg.execute(command);
    if (out.debuggerExited) throw new FredError('debugger', `gdb exited during start-up: ${out.text.trim()}`);
  }
  return { dbg, banner };
}

function terminalSize(): { cols: number; rows: number } {
  return { cols: process.stdout.columns || 120, rows: process.stdout.rows || 40 };
}

function sessionDirectory(): string {
  return newSessionDirectory();
}

/**
 * The interpreter file that python3 runs in the end (a launcher such as pyenv's shim is a
 * shell script that starts it): the process that records, not the launcher. Undefined
 * when it cannot be asked; then the first process the library loads into records.
 */
function pythonExecutable(python: string): string | undefined {
  try {
    return execFileSync(python, ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8', timeout: 10000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The record/replay log of this session's program (fred_record.h), in its private directory. */
function recordLogOf(controlDir: string, program?: string): RecordLog | undefined {
  // FRED_NO_RECORD=1: no log (the benchmark's baseline; replays then re-ask the world)
  if (process.env.FRED_NO_RECORD === '1') return undefined;
  return new RecordLog(path.join(controlDir, 'record.log'), program && path.resolve(program));
}

/** --log FILE, or session.log in the session directory (gone with it at the end). */
function openSessionLog(args: CliArguments, controlDir: string): SessionLog {
  return new SessionLog(args.log ? path.resolve(args.log) : path.join(controlDir, 'session.log'), process.argv.slice(2));
}

function finishing(session: Session, controlDir: string, transcript: SessionLog): () => Promise<void> {
  let closed = false;
  return async () => {
    if (closed) return;
    closed = true;
    await session.close().catch(() => undefined);
    transcript.note('session closed');
    transcript.close();
    // a copy or writer of the program may still be ending in it (ENOTEMPTY): a few tries,
    // then leave it to the next fred's cleanup of stale sessions (sessionDirectories.ts)
    try {
      fs.rmSync(controlDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // removed by removeStaleSessions once this fred has ended
    }
  };
}

/**
 * fred pdb: python3 -m pdb under fred-holder, the library preloaded into python3 only. pdb
 * starts stopped at the script's first line: that is the start of history, and a
 * snapshot of it is taken at once so going back there never needs a new launch.
 */
async function startPdbSession(args: CliArguments, onQuit: (reason: QuitReason) => void): Promise<StartedSession> {
  const image = args.restore && path.resolve(args.restore);
  // a bad image is refused before anything starts
  const restoredProgram = image ? imageProgram(image) : undefined;
  if (restoredProgram && !/python/.test(path.basename(restoredProgram))) {
    throw new FredError('usage', `${args.restore} is an image of ${restoredProgram}, not of a pdb session; restart it with fred --restore ${args.restore} gdb`);
  }
  const [script, ...scriptArgs] = args.debuggerArgs;
  if (script && !fs.existsSync(script)) throw new FredError('usage', `${script}: no such script`);
  if (!fs.existsSync(sessionHolder)) throw new FredError('usage', `${sessionHolder} is missing; run npm install`);
  const controlDir = sessionDirectory();
  const transcript = openSessionLog(args, controlDir);
  // a restored python3 carries its own library state: no record log for it (replays ask the world again)
  const log = image ? undefined : recordLogOf(controlDir, pythonExecutable(args.python));
  const launch = { wrapper: pdbWrapper(controlDir, log?.environment()), transcript: transcript.transcript, ...terminalSize() };
  const pdb = new RestorablePdb(image ? createRestoredPdb([execHelper, 'restart', image], launch) : createPdb({ script, args: scriptArgs, python: args.python, ...launch }));
  const store = new SnapshotStore(controlDir);
  const control = new PdbProcessControl(pdb, store, controlDir);
  const session = new Session(pdbDialect, pdb, control, store, args.policy);
  session.recordLog = log;
  const close = finishing(session, controlDir, transcript);
  try {
    const starting = pdb.start();
    const nudge = image ? askForPromptIfSilent(pdb) : undefined;
    const banner = await starting.finally(() => clearInterval(nudge));
    await control.installHelper();
    const start = await session.mark(true);
    control.startSnapshot = start && store.get(start.snapshotId);
    const runner = new CommandRunner(session, { imageDir: path.resolve(args.imageDir), programName: path.basename(script ?? restoredProgram ?? 'python3'), onQuit });
    if (!image) return { banner, session, runner, prompt: pdbPrompt, close };
    const where = await control.showLocation();
    return { banner: `fred: restarted from ${args.restore}\n${where}`, session, runner, prompt: pdbPrompt, close };
  } catch (error) {
    await close();
    if (error instanceof FredError) throw error;
    throw new FredError('debugger', `fred pdb could not start ${args.python} -m pdb ${script}: ${(error as Error).message}`);
  }
}

/**
 * A restored pdb shows where it stands and its prompt again by itself (fred's helper in it
 * handles the signal the library sends after a restart). Should none come (the program took
 * that signal for itself), a line asks pdb for a prompt, once python3 has waited for input
 * through two looks at /proc half a second apart: the redraw, when there is one, is written
 * before that wait begins. `!pass` does nothing (a comment would be a SyntaxError in pdb).
 */
function askForPromptIfSilent(pdb: Debugger): NodeJS.Timeout {
  let waitingSeen = 0;
  const timer = setInterval(() => {
    waitingSeen = programWaitsForTerminal(pdb.pid) ? waitingSeen + 1 : 0;
    if (waitingSeen < 2) return;
    clearInterval(timer);
    pdb.sendInput?.('!pass\n');
  }, 500);
  return timer;
}

/** The program an image was taken of (fred gdb --restore IMAGE without PROG). */
function imageProgram(image: string): string {
  try {
    return loadAddon().imageInfo(image).program;
  } catch (e) {
    throw new FredError('bad-image', (e as Error).message);
  }
}

/** gdb options after which gdb answers and exits by itself: no session to record. */
const gdbAnswersAlone = /^--?(help|h|version|v|batch|configuration)$/;
/** gdb options whose value is a command gdb runs at start-up. */
const gdbCommandOptions = new Set(['-ex', '-iex', '-eval-command', '-init-eval-command']);
/** gdb options that attach to a running process. */
const gdbAttaches = /^--?(p|pid)(=.*)?$/;

/**
 * The gdb arguments fred cannot make a session of: --help, --version, -batch run plain gdb
 * (its own output and exit status, then fred exits); -p PID is refused before gdb starts.
 */
function gdbAlone(gdbArgs: string[]): void {
  const before = gdbArgs.indexOf('--args') < 0 ? gdbArgs : gdbArgs.slice(0, gdbArgs.indexOf('--args'));
  const cannotAttach = 'fred cannot take over a process it did not start (its snapshots need fred\'s library loaded from the program\'s start); run the program under fred: fred gdb PROG';
  if (before.some((a) => gdbAttaches.test(a))) throw new FredError('unsupported', `fred gdb -p PID: ${cannotAttach}`);
  // `gdb PROG PID` attaches too (a second argument that is a number, not a core file)
  const pid = positionalArguments(before)[1];
  if (pid !== undefined && /^\d+$/.test(pid) && !fs.existsSync(pid)) throw new FredError('unsupported', `fred gdb PROG ${pid}: ${cannotAttach}`);
  // commands given on the command line reach gdb before fred sees them: refused here
  for (let i = 0; i < before.length - 1; i++) {
    if (!gdbCommandOptions.has(before[i].replace(/^--/, '-'))) continue;
    const answer = refusal(before[i + 1], 'gdb');
    if (answer) throw new FredError('unsupported', `fred gdb ${before[i]} '${before[i + 1]}': ${answer}`);
  }
  if (!before.some((a) => gdbAnswersAlone.test(a))) return;
  const result = spawnSync('gdb', gdbArgs, { stdio: 'inherit' });
  if (result.error) throw new FredError('debugger', `fred could not run gdb: ${result.error.message}`);
  process.exit(result.status ?? 1);
}

export async function startSession(args: CliArguments, onQuit: (reason: QuitReason) => void): Promise<StartedSession> {
  if (args.debugger === 'pdb') return startPdbSession(args, onQuit);
  gdbAlone(args.debuggerArgs);
  // a bad image is refused before anything starts (restart itself checks again, with the data)
  const imageOf = args.restore ? imageProgram(args.restore) : undefined;
  if (imageOf && args.debuggerArgs.length === 0) args.debuggerArgs = [imageOf];
  const program = programOf(args.debuggerArgs);
  if (program && !fs.existsSync(program)) throw new FredError('usage', `${program}: no such program`);
  const controlDir = sessionDirectory();
  const transcript = openSessionLog(args, controlDir);
  const log = recordLogOf(controlDir, program);
  const { dbg, banner } = await startDebugger(args, controlDir, log, transcript);
  const store = new SnapshotStore(controlDir);
  const session = new Session(gdbDialect, dbg, new GdbProcessControl(dbg, store), store, args.policy);
  session.recordLog = log;
  const runner = new CommandRunner(session, { imageDir: path.resolve(args.imageDir), programName: path.basename(program ?? 'program'), onQuit });
  const close = finishing(session, controlDir, transcript);
  if (!args.restore) return { banner, session, runner, prompt: '(gdb) ', close };
  try {
    await restoreImageUnderGdb(dbg, path.resolve(args.restore));
    await session.mark(true); // the image is the start of this session's history
    const where = await session.control.showLocation();
    return { banner: `${banner.trimEnd()}\nfred: restarted from ${args.restore}\n${where}`, session, runner, prompt: '(gdb) ', close };
  } catch (error) {
    await close();
    throw error;
  }
}
