// Scenario harness for `fred gdb`: run the real CLI in line mode with a command script,
// cut the transcript into the state dumps the script asked for, and compute the ground
// truth by running plain gdb (no fred) with the shorter command sequence.
import * as assert from 'assert';
import { Scenario, stateDump, tidyLines } from './transcript';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { killGroup, spawnGroup } from '../helpers/processGroup';
import { loadAddon } from '../../src/fred/checkpointer/nativePaths';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const examples = path.join(repoRoot, 'examples');

const testPrograms = path.join(repoRoot, 'test', 'session', 'programs');

let buildDir: string | undefined;

/** examples/NAME.c, or test/session/programs/NAME.c (programs only tests use), or NAME.cc there (C++). */
function sourceOf(name: string): string {
  const example = path.join(examples, `${name}.c`);
  if (fs.existsSync(example)) return example;
  const cxx = path.join(testPrograms, `${name}.cc`);
  return fs.existsSync(cxx) ? cxx : path.join(testPrograms, `${name}.c`);
}

/** Compile NAME.c or NAME.cc (see sourceOf) once per run (gcc/g++ -g -O0) and return the binary's path. */
export function example(name: string): string {
  buildDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'fred-scenarios-'));
  const binary = path.join(buildDir, name);
  const source = sourceOf(name);
  if (!fs.existsSync(binary)) execFileSync(source.endsWith('.cc') ? 'g++' : 'gcc', ['-g', '-O0', '-o', binary, source]);
  return binary;
}

/** Replace @MARKER by the line number of the line holding that marker comment. */
export function withLines(name: string, command: string): string {
  const source = fs.readFileSync(sourceOf(name), 'utf8').split('\n');
  return command.replace(/(?<!@)@([A-Z_]+)/g, (_, marker: string) => {
    const index = source.findIndex((line) => new RegExp(`/\\* ${marker} \\*/`).test(line));
    if (index < 0) throw new Error(`no /* ${marker} */ line in ${sourceOf(name)}`);
    return String(index + 1);
  });
}

/** The commands that print the program's state, between markers (and `show`'s). */
export function dumpState(tag: string, show: readonly string[] = []): string[] {
  return [`echo @@${tag}\\n`, 'bt', 'info locals', 'p $pc', ...show, 'echo @@END\\n'];
}

/** Mask what legitimately differs between runs: value-history numbers, stack and library addresses, pids. */
export function normalise(text: string): string {
  return tidyLines(text
    .replace(/^\$\d+ = /gm, '$N = ')
    .replace(/0x(0000)?7ff[0-9a-f]{9}/g, '0x7ff...')
    .replace(/process \d+/g, 'process N'));
}

/** The text between "@@tag" and "@@END" output lines, without fred's echoed commands. */
export function section(transcript: string, tag: string): string {
  return stateDump(transcript, tag, '(gdb) ', normalise);
}

export interface FredRun { transcript: string; status: number | null }

/**
 * A dump as the program's own code stands: thread 2 waits inside fred's library (its
 * pthread_cond_wait takes turns), and a restore brings such a thread back at its resume
 * point or a few instructions of fred's code further (its call, cut short, decided again;
 * or inside a C library function fred's wait calls, such as snprintf). The frames of the
 * program and its state are the same: the frames from fred's wait inwards are left out,
 * and frame 0's locals and pc stand for "somewhere in that wait".
 */
export function programView(dump: string): string {
  const lines = dump.split('\n');
  const inFred = (l: string) => /^#\d+ .* from \S*libfredckpt\.so$/.test(l);
  const lastFred = lines.map(inFred).lastIndexOf(true);
  const waiting = lastFred >= 0;
  return lines.filter((l, i) => !(waiting && i <= lastFred && /^#\d+ /.test(l)))
    .map((l) => l.replace(/^#\d+\s+/, '# '))
    .map((l) => (waiting && /^(No symbol table info available\.|No locals\.)$/.test(l) ? '(frame 0 waits in fred\'s library)' : l))
    .map((l) => (waiting && /^\$N = \(void \(\*\)\(\)\) /.test(l) ? '$N = (a pc in fred\'s wait)' : l))
    .join('\n');
}

/** setpriv's arguments that run the rest as `nobody` (the product works unprivileged). */
export const asNobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

const nobodyDirs: string[] = [];

/** A copy of `program` in a new directory nobody may enter and write (sessions as nobody). */
export function nobodyCopy(program: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-nobody-'));
  if (nobodyDirs.length === 0) process.on('exit', () => { for (const d of nobodyDirs) fs.rmSync(d, { recursive: true, force: true }); });
  nobodyDirs.push(dir);
  fs.chmodSync(dir, 0o755);
  const copy = path.join(dir, path.basename(program));
  fs.copyFileSync(program, copy);
  fs.chmodSync(copy, 0o755);
  execFileSync('chown', ['-R', 'nobody:nogroup', dir]);
  return copy;
}

/** Run `fred gdb [fredArgs] PROG` with the commands on stdin (then quit). */
export async function runFred(program: string, commands: string[], options: { fredArgs?: string[]; cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; nobody?: boolean } = {}): Promise<FredRun> {
  const [cmd, ...prefix] = options.nobody ? [...asNobody, process.execPath] : [process.execPath];
  const child = spawnGroup(cmd, [...prefix, fredCli, ...(options.fredArgs ?? []), 'gdb', program],
    { cwd: options.cwd ?? path.dirname(program), stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  let transcript = '';
  child.stdout!.on('data', (d) => { transcript += d; });
  child.stderr!.on('data', (d) => { transcript += d; });
  child.stdin!.end([...commands, 'quit', ''].join('\n'));
  const timeoutMs = options.timeoutMs ?? 60000;
  const status = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fred gdb ${path.basename(program)} did not finish within ${timeoutMs} ms; transcript so far:\n${transcript}`)), timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
  }).finally(() => killGroup(child.pid!));
  return { transcript, status };
}

/** As fred does on a machine without working debug registers (some virtual machines):
 *  software watchpoints, which trigger, where hardware ones never would. */
export function plainGdbWatchpoints(): string[] {
  return loadAddon().hardwareBreakpointsWork() ? [] : ['-ex', 'set can-use-hw-watchpoints 0'];
}

/** Plain gdb, no fred: the forward run that is the ground truth. */
export function runPlainGdb(program: string, commands: string[], cwd = path.dirname(program)): string {
  const args = ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', 'set confirm off', ...plainGdbWatchpoints()];
  for (const c of commands) args.push('-ex', c);
  try {
    return execFileSync('gdb', [...args, program], { cwd, encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; message: string };
    if (err.stdout) return err.stdout;
    throw new Error(`plain gdb failed on ${program}: ${err.message}`);
  }
}

const gdbReverseWord: Record<string, string> = {
  'fred-reverse-next': 'reverse-next', rn: 'reverse-next', 'fred-reverse-step': 'reverse-step', rs: 'reverse-step',
  'fred-reverse-finish': 'reverse-finish', rf: 'reverse-finish', 'fred-reverse-continue': 'reverse-continue', rc: 'reverse-continue',
};

/** The truth of a scenario as gdb's own `record full` sees it: the same commands, recorded from the first `run` on. */
export function recordFullTruth(fred: readonly string[]): string[] {
  const at = fred.indexOf('run') + 1;
  const truth = fred.map((c) => gdbReverseWord[c] ?? c);
  return [...truth.slice(0, at), 'record full', ...truth.slice(at)];
}

/** A scenario checked against gdb's own `record full` running the same commands. */
export function checkedByRecordFull<T extends { fred: string[] }>(scenario: T): T & { truth: string[] } {
  return { ...scenario, truth: recordFullTruth(scenario.fred) };
}

/**
 * One scenario of example `name` under fred with `fredArgs`: fred ends well and its final
 * state equals plain gdb's after the truth commands. Returns fred's run for more checks.
 * timeoutMs: how long fred may take at most (runFred's default otherwise).
 */
export async function expectLikePlainGdb(name: string, s: Omit<Scenario, 'program'>, fredArgs: string[], timeoutMs?: number): Promise<FredRun> {
  const binary = example(name);
  const line = (c: string) => withLines(name, c);
  const fred = await runFred(binary, [...s.setup, ...s.fred, ...dumpState('S', s.show)].map(line), { fredArgs, timeoutMs });
  assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
  const truth = runPlainGdb(binary, [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpState('S', s.show)].map(line));
  assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain gdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
  return fred;
}
