// Scenario harness for `fred pdb`: run the real CLI in line mode with a command script,
// cut the transcript into the state dumps the script asked for, and compute the ground
// truth with a fresh plain `python3 -m pdb` (the same adapter, no fred, no holder) that
// runs the shorter command sequence. Every process of a fred run carries a tag in its
// environment, so a test can prove that none is left behind.
import * as assert from 'assert';
import { Scenario, stateDump, tidyLines } from './transcript';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createPdb } from '../../src/debugger-adapters/pdb';
import { killGroup, spawnGroup, trackGroup } from '../helpers/processGroup';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
export const examples = path.join(repoRoot, 'examples');

export function script(name: string): string { return path.join(examples, `${name}.py`); }

/** Replace @MARKER by the line number of the line holding the comment `# MARKER`. */
export function withLines(file: string, command: string): string {
  const source = fs.readFileSync(file, 'utf8').split('\n');
  return command.replace(/(?<!@)@([A-Z_]+)/g, (_, marker: string) => {
    const index = source.findIndex((line) => new RegExp(`# ${marker}\\b`).test(line));
    if (index < 0) throw new Error(`no "# ${marker}" line in ${file}`);
    return String(index + 1);
  });
}

/** pdb commands that print the program's state between markers (all read-only for fred). */
export function dumpState(tag: string): string[] {
  return [
    `!print("@@${tag}")`,
    'where',
    "p {k: v for k, v in sorted(locals().items()) if not k.startswith('__')}",
    '!print("@@END")',
  ];
}

/** Mask what legitimately differs between runs: object addresses. */
export function normalise(text: string): string {
  return tidyLines(text
    .replace(/ at 0x[0-9a-f]+/g, ' at 0x...'));
}

/** The text between "@@tag" and "@@END" output lines, without the echoed commands. */
export function section(transcript: string, tag: string): string {
  return stateDump(transcript, tag, '(Pdb) ', normalise);
}

export interface FredRun { transcript: string; status: number | null; tag: string }

export interface FredOptions {
  /** Words before the script: default ['pdb']; e.g. ['/usr/bin/python3', '-m', 'pdb']. */
  launcher?: string[];
  fredArgs?: string[];
  scriptArgs?: string[];
  cwd?: string;
  timeoutMs?: number;
  /** Leave out the final quit (the script ends the session itself, or stdin just closes). */
  noQuit?: boolean;
  /** Added to the environment of fred. */
  env?: NodeJS.ProcessEnv;
}

let runs = 0;
let imageDir: string | undefined;

/** Where fred-checkpoint writes its images unless a test says: not the examples' directory. */
function testImageDir(): string {
  if (!imageDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-pdb-images-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    imageDir = dir;
  }
  return imageDir;
}

/** Run `fred [fredArgs] pdb SCRIPT [ARGS]` with the commands on stdin (then quit). */
export async function runFred(file: string, commands: string[], options: FredOptions = {}): Promise<FredRun> {
  const tag = `fred-pdb-test-${process.pid}-${++runs}`;
  const fredArgs = options.fredArgs ?? [];
  const images = fredArgs.includes('--image-dir') ? [] : ['--image-dir', testImageDir()];
  const argv = [fredCli, ...images, ...fredArgs, ...(options.launcher ?? ['pdb']), file, ...(options.scriptArgs ?? [])];
  const child = spawnGroup(process.execPath, argv, {
    cwd: options.cwd ?? path.dirname(file), stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env, FRED_TEST_TAG: tag },
  });
  let transcript = '';
  child.stdout!.on('data', (d) => { transcript += d; });
  child.stderr!.on('data', (d) => { transcript += d; });
  child.stdin!.end([...commands, ...(options.noQuit ? [] : ['quit']), ''].join('\n'));
  const timeoutMs = options.timeoutMs ?? 60000;
  const status = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fred pdb ${path.basename(file)} did not finish within ${timeoutMs} ms; transcript so far:\n${transcript}`)), timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
  }).finally(() => killGroup(child.pid!));
  return { transcript, status, tag };
}

/** pids of live processes whose environment carries the tag (zombies do not count). */
export function processesTagged(tag: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat[stat.lastIndexOf(')') + 2] === 'Z') continue;
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`FRED_TEST_TAG=${tag}\0`)) found.push(Number(entry));
    } catch { /* gone meanwhile */ }
  }
  return found;
}

/** Fails (naming the processes) unless every process of the run is gone within timeoutMs. */
export async function expectNoneLeft(tag: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = processesTagged(tag);
    if (left.length === 0) return;
    if (Date.now() > until) {
      const names = left.map((pid) => { try { return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}`; } catch { return `${pid}`; } });
      for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
      throw new Error(`processes of fred run ${tag} still alive ${timeoutMs} ms after it ended:\n${names.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Plain `python3 -m pdb` through the adapter, no fred: the forward run that is the ground truth. */
export async function runPlainPdb(file: string, commands: string[], options: { python?: string; scriptArgs?: string[]; cwd?: string } = {}): Promise<string> {
  const pdb = createPdb({ script: file, args: options.scriptArgs, python: options.python, cwd: options.cwd ?? path.dirname(file) });
  let transcript = '';
  try {
    const started = pdb.start();
    trackGroup(pdb.pid);
    transcript += await started;
    for (const command of commands) {
      const out = await pdb.execute(command);
      transcript += `(Pdb) ${command}\n${out.text}`;
      if (out.debuggerExited) break;
    }
  } finally {
    await pdb.close();
    await killGroup(pdb.pid);
  }
  return transcript;
}

/** The two snapshot policies every reverse scenario runs in. */
export const replayModes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

/** One scenario of script `program` (examples/NAME.py) under fred in `fredArgs`: fred says what `s.says` names, never diverges, and its final state equals plain pdb's after the truth commands. */
export async function expectLikePlainPdb(program: string, s: Omit<Scenario, 'program'>, fredArgs: string[]): Promise<void> {
  const file = script(program);
  const line = (c: string) => withLines(file, c);
  const fred = await runFred(file, [...s.setup, ...s.fred, ...dumpState('S')].map(line), { fredArgs });
  assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
  assert.doesNotMatch(fred.transcript, /internal error|went another way/, fred.transcript);
  if (s.says) assert.match(fred.transcript, new RegExp(s.says.source, 'm'), fred.transcript);
  const truth = await runPlainPdb(file, [...(s.truthSetup ?? s.setup), ...s.truth, ...dumpState('S')].map(line));
  assert.strictEqual(section(fred.transcript, 'S'), section(truth, 'S'), `state differs from plain pdb after ${s.truth.join(', ')}\n--- fred transcript ---\n${fred.transcript}`);
  await expectNoneLeft(fred.tag);
}
