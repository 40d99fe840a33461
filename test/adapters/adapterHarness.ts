// Shared by the adapter tests: where the examples are, compiling them, finding marked
// lines, naming the phase that hung, and ending every debugger by process group.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Debugger } from '../../src/debugger-adapters/debugger';
import { killGroup, trackGroup } from '../helpers/processGroup';

/** The repository root, from dist/test/adapters or test/adapters. */
const repoRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');
export const examplesDir = path.join(repoRoot, 'examples');
export const holderPath = path.join(repoRoot, 'build', 'native', 'Release', 'fred-holder');

export function examplePath(name: string): string { return path.join(examplesDir, name); }

/** 1-based line of the first line containing marker (e.g. "BUG") in an example. */
export function markerLine(name: string, marker: string): number {
  const lines = fs.readFileSync(examplePath(name), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not found in examples/${name}`);
  return index + 1;
}

export function makeTempDir(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'fred-adapters-')); }

/** gcc -g -O0 examples/NAME.c into dir; returns the executable's path. */
export function compileExample(name: string, dir: string): string {
  const output = path.join(dir, name);
  execFileSync('gcc', ['-g', '-O0', '-o', output, examplePath(`${name}.c`)], { stdio: 'pipe', timeout: 60000 });
  return output;
}

/** Await promise, or fail naming the phase if it takes longer than ms. */
export async function within<T>(phase: string, promise: Promise<T>, ms = 20000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms in phase: ${phase}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Tracks debuggers (and the programs they run) so afterEach can end them by group. */
export class DebuggerJanitor {
  private readonly groups = new Set<number>();
  private readonly debuggers: Debugger[] = [];

  async start(debuggerInstance: Debugger, phase = 'debugger start'): Promise<string> {
    this.debuggers.push(debuggerInstance);
    const started = debuggerInstance.start();
    // The pty's child leads its own session and process group.
    this.track(debuggerInstance.pid);
    return within(phase, started);
  }

  track(pgid: number): void {
    this.groups.add(pgid);
    trackGroup(pgid);
  }

  async cleanup(): Promise<void> {
    for (const d of this.debuggers.splice(0)) await within('debugger close', d.close(), 10000).catch(() => undefined);
    for (const pgid of [...this.groups]) await killGroup(pgid);
    this.groups.clear();
  }
}

/** Collects everything a debugger shows the user. */
export function recordOutput(d: Debugger): { text: () => string } {
  let all = '';
  d.onOutput((chunk) => { all += chunk; });
  return { text: () => all };
}
