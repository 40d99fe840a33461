// fred-ckpt: the checkpointer on its own. `launch` and `restart` are exec'd natively by
// bin/fred-ckpt (exec semantics); this file parses and runs the other commands.
// Exit status: 0 success, 2 a user error (one line on stderr), 1 an internal error.
import * as fs from 'fs';
import * as path from 'path';
import {
  awaitAnswer, checkpointToImage, defaultControlDir, ensureControlDir, environOf, isAlive, isStaticExecutable, leaveRequest, resultFile,
} from '../checkpointer/checkpointControl';
import { controlSignals, defaultImageName, parseImageAnswer, writerFile } from '../checkpointer/controlProtocol';
import { ckptSpec, ckptSubcommands } from './cliSpec';
import { describe, FredError } from '../errors';
import { fredVersion, helpText } from './helpPages';
import { execHelper, ImageInfo, loadAddon, preloadLibrary, pythonModuleDir } from '../checkpointer/nativePaths';

/** One line: what was wrong, and where the usage is. */
function usageError(what: string): FredError {
  return new FredError('usage', `${what}; run 'fred-ckpt --help' for usage`);
}

function imageName(pid: number): string {
  const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  const dir = environ.find((e) => e.startsWith('FRED_CKPT_DIR='))?.slice('FRED_CKPT_DIR='.length) || fs.readlinkSync(`/proc/${pid}/cwd`);
  const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  return path.join(dir, defaultImageName(comm, pid));
}

function statusOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    throw new FredError('no-process', `no process ${pid} is running`);
  }
}

/** The fred-supervise process tracing pid (a static program under fred-ckpt launch/restart), if any. */
function supervisorOf(pid: number): number | undefined {
  const tracer = Number(/^TracerPid:\s+(\d+)/m.exec(statusOf(pid))?.[1]);
  if (!tracer) return undefined;
  try {
    // fred-exec may have been rebuilt since the supervisor started
    const exe = fs.readlinkSync(`/proc/${tracer}/exe`).replace(/ \(deleted\)$/, '');
    const ours = fs.readFileSync(`/proc/${tracer}/comm`, 'utf8').trim() === 'fred-supervise' && exe === execHelper;
    return ours ? tracer : undefined;
  } catch {
    return undefined;
  }
}

/** A static program: its supervisor stops it and writes the image from outside (fred_supervisor.c). */
async function checkpointSupervised(pid: number, supervisor: number, file: string): Promise<{ path: string }> {
  const status = statusOf(pid);
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  if (uid !== process.getuid!()) throw new FredError('not-yours', `process ${pid} belongs to another user (uid ${uid}); fred checkpoints only your own processes`);
  if (/^State:\s+[tT]/m.test(status)) throw new FredError('checkpoint-failed', `process ${pid} is stopped; continue it (kill -CONT ${pid}) and checkpoint again`);
  const env = environOf(supervisor);
  const target = { pid, controlDir: ensureControlDir(env.get('FRED_CKPT_CONTROL') || defaultControlDir()), signal: Number(env.get('FRED_CKPT_SIGNAL')) || controlSignals.checkpoint };
  fs.rmSync(writerFile(target.controlDir, pid), { force: true });
  leaveRequest(target, { kind: 'image', path: file });
  process.kill(pid, target.signal);
  const line = await awaitAnswer(resultFile(target.controlDir, pid), `checkpoint of process ${pid}`, () => isAlive(supervisor), 120000,
    () => `its supervisor (pid ${supervisor}) died before it finished; earlier images are intact`);
  return { path: parseImageAnswer(line, `the supervisor of process ${pid}`).path };
}

/** A static program not started by fred-ckpt: nothing in it can take a checkpoint. */
function refuseUnsupervisedStatic(pid: number): void {
  let exe: string | undefined;
  try { exe = fs.readlinkSync(`/proc/${pid}/exe`); } catch { return; }
  if (isStaticExecutable(exe))
    throw new FredError('not-under-fred', `process ${pid} runs ${exe}, a statically linked program not under fred-ckpt; start it with 'fred-ckpt launch -- ${exe}'`);
}

async function checkpoint(args: string[]): Promise<void> {
  let output: string | undefined;
  let kill = false;
  let pidText: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o' && i + 1 < args.length) output = path.resolve(args[++i]);
    else if (args[i] === '--kill') kill = true;
    else if (!pidText && /^\d+$/.test(args[i])) pidText = args[i];
    else throw usageError(`checkpoint: unexpected argument '${args[i]}'`);
  }
  if (!pidText) throw usageError('checkpoint: which PID?');
  const pid = Number(pidText);
  let file = output;
  if (!file) {
    try { file = imageName(pid); } catch { file = undefined; }
  }
  const supervisor = /^\d+$/.test(pidText) && pid > 0 ? supervisorOf(pid) : undefined;
  if (supervisor === undefined && pid > 0 && fs.existsSync(`/proc/${pid}`)) refuseUnsupervisedStatic(pid);
  const destination = file ?? path.resolve(`fred-${pid}.img`);
  const result = supervisor !== undefined ? await checkpointSupervised(pid, supervisor, destination) : await checkpointToImage(pid, destination);
  if (kill) process.kill(pid, 'SIGKILL');
  process.stdout.write(`${result.path}\n`);
}

const mib = (bytes: number) => (bytes / 1048576).toFixed(bytes < 1048576 ? 3 : 1);

function formatInfo(file: string, info: ImageInfo): string {
  const lines = [
    `image       ${file}`,
    `format      version ${info.formatVersion}`,
    `program     ${info.program}`,
    `command     ${info.commandLine}`,
    `pid         ${info.pid} (uid ${info.uid}), ${info.threads} thread${info.threads === 1 ? '' : 's'}, ASLR ${info.aslr ? 'on' : 'off'}`,
    `directory   ${info.cwd}`,
    `taken       ${new Date(info.timeUnixMs).toISOString()} in ${info.checkpointMs.toFixed(1)} ms${
      (info as ImageInfo & { fromOutside?: boolean }).fromOutside ? ' from outside, by its ptrace supervisor (statically linked program)' : ''}`,
    `size        ${mib(info.imageBytes)} MiB image, ${mib(info.storedBytes)} MiB stored of ${mib(info.mappedBytes)} MiB mapped`,
    '',
    'address range                       perm kind      stored MiB  file',
  ];
  for (const a of info.areas) {
    const range = `${a.start.padStart(12, '0')}-${a.end.padStart(12, '0')}`;
    const from = a.codeFromFile ? ' (code from file)' : '';
    lines.push(`${range.padEnd(35)} ${a.permissions} ${a.kind.padEnd(9)} ${mib(a.storedBytes).padStart(10)}  ${a.file}${from}${a.buildId ? ` build-id ${a.buildId}` : ''}`);
  }
  lines.push('', 'fd  kind             offset  path');
  for (const f of info.files) lines.push(`${String(f.fd).padEnd(3)} ${f.kind.padEnd(15)} ${String(f.offset).padStart(7)}  ${f.path}`);
  return lines.join('\n') + '\n';
}

function imageArgument(args: string[], command: string, allowed: string[]): string {
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && !allowed.includes(a));
  if (unknown.length) throw usageError(`${command}: unknown option ${unknown[0]}`);
  if (files.length !== 1) throw usageError(`${command}: expected one IMAGE`);
  return files[0];
}

function withImage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FredError) throw e;
    throw new FredError('bad-image', (e as Error).message);
  }
}

/** --help and --version, for fred-ckpt and each of its commands (also launch and restart: bin/fred-ckpt sends them here). */
function answersAlone(command: string | undefined, args: string[]): string | undefined {
  const sub = command !== undefined && Object.hasOwn(ckptSubcommands, command) ? ckptSubcommands[command] : undefined;
  const own = sub ? args.slice(0, command === 'launch' && args.includes('--') ? args.indexOf('--') : args.length) : [command];
  if (own.some((a) => a === '--version' || a === '-V')) return `fred-ckpt ${fredVersion()}\n`;
  if (own.some((a) => a === '--help' || a === '-h') || command === 'help') return sub ? helpText(sub) : helpText(ckptSpec, ckptSubcommands);
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const answer = answersAlone(command, args);
  if (answer) {
    process.stdout.write(answer);
    return 0;
  }
  switch (command) {
    case 'lib':
      process.stdout.write(`${preloadLibrary}\n`);
      return 0;
    case 'python-path':
      process.stdout.write(`${pythonModuleDir}\n`);
      return 0;
    case 'checkpoint':
      await checkpoint(args);
      return 0;
    case 'info': {
      const file = imageArgument(args, 'info', ['--json']);
      const info = withImage(() => loadAddon().imageInfo(file));
      process.stdout.write(args.includes('--json') ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(file, info));
      return 0;
    }
    case 'verify': {
      const file = imageArgument(args, 'verify', []);
      withImage(() => loadAddon().imageVerify(file));
      process.stdout.write(`${file}: all checksums match\n`);
      return 0;
    }
    case undefined:
      process.stderr.write(helpText(ckptSpec, ckptSubcommands));
      return 2;
    default:
      throw usageError(`unknown command '${command}'`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (error) => {
      const { line, status } = describe(error);
      process.stderr.write(`fred-ckpt: ${line}\n`);
      process.exit(status);
    },
  );
}
