// Going back to a breakpoint set after the fact: `many_calls N K` calls early_fn in the
// first K of N iterations, then late_fn. In `fred gdb`: break main, run, break late_fn,
// continue, break early_fn, fred-reverse-continue: it must land in early_fn at i = K-1.
// Beside it, in plain gdb, the forward way to that call: break early_fn, `ignore` K-1
// crossings, run (gdb still stops the program at each crossing it ignores).
// Every run has a time bound; a run that exceeds it is killed and reported as such.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bounded } from './bounded';

const repoRoot = path.resolve(__dirname, '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');

export interface ReverseBreakpointAfterBenchOptions {
  /** [N, K] pairs. */
  cases: Array<[number, number]>;
  modes: string[][];
  boundSeconds: number;
  /** Plain gdb's forward run only up to this K (a gdb stop per crossing). */
  gdbMaxK: number;
  /** fred runs per case and mode (median and range printed). */
  runs: number;
}

interface Outcome { seconds?: number; probes?: number; right?: boolean; note?: string }


async function fred(binary: string, n: number, k: number, mode: string[], bound: number): Promise<Outcome> {
  const commands = ['break main', `run ${n} ${k}`, 'break late_fn', 'continue', 'break early_fn', 'fred-reverse-continue', 'print i', 'fred-info', 'quit', ''].join('\n');
  const { out, timedOut } = await bounded(process.execPath, [fredCli, ...mode, 'gdb', binary], commands, bound, path.dirname(binary));
  if (timedOut) return { note: `did not finish in ${bound} s` };
  const figures = /last reverse command: \S+ took (\d+) ms, (\d+) probes/.exec(out);
  if (!figures) return { note: `no result: ${out.slice(-300)}` };
  const i = /^\$\d+ = (-?\d+)$/m.exec(out)?.[1];
  return { seconds: Number(figures[1]) / 1000, probes: Number(figures[2]), right: Number(i) === k - 1 && /early_fn/.test(out.split('(gdb) fred-reverse-continue').pop() ?? '') };
}

async function gdbForward(binary: string, n: number, k: number, bound: number): Promise<Outcome> {
  const args = ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', 'break early_fn', '-ex', `ignore 1 ${k - 1}`,
    '-ex', 'python import time; fred_t0 = time.time()', '-ex', `run ${n} ${k}`,
    '-ex', 'python print("bench-seconds %.3f" % (time.time() - fred_t0))', '-ex', 'print i', binary];
  const { out, timedOut } = await bounded('gdb', args, '', bound, path.dirname(binary));
  if (timedOut) return { note: `did not finish in ${bound} s` };
  const seconds = /bench-seconds ([\d.]+)/.exec(out)?.[1];
  const i = /^\$\d+ = (-?\d+)$/m.exec(out)?.[1];
  return { seconds: Number(seconds), right: Number(i) === k - 1 };
}

const cell = (o: Outcome) => (o.note ? o.note : `${o.seconds!.toFixed(2)} s${o.probes !== undefined ? `, ${o.probes} probes` : ''}${o.right ? '' : ' (WRONG PLACE)'}`);

export async function runReverseBreakpointAfterBench(options: ReverseBreakpointAfterBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-rba-'));
  try {
    const binary = path.join(dir, 'many_calls');
    execFileSync('gcc', ['-g', '-O0', '-o', binary, path.join(repoRoot, 'examples', 'many_calls.c')]);
    console.log(`reverse-continue to a breakpoint set after the fact — ${os.cpus().length} CPUs, kernel ${os.release()}, bound ${options.boundSeconds} s per run`);
    console.log('goal for fred: <= 3 s at N = 1e6\n');
    for (const [n, k] of options.cases) {
      console.log(`N=${n} K=${k} (lands at i=${k - 1})`);
      for (const mode of options.modes) {
        const outcomes: Outcome[] = [];
        for (let r = 0; r < options.runs; r++) outcomes.push(await fred(binary, n, k, mode, options.boundSeconds));
        const failed = outcomes.find((o) => o.note || !o.right);
        const seconds = outcomes.map((o) => o.seconds ?? NaN).sort((a, b) => a - b);
        const summary = failed ? cell(failed) : `median ${seconds[Math.floor((seconds.length - 1) / 2)].toFixed(2)} s (${seconds[0].toFixed(2)}-${seconds[seconds.length - 1].toFixed(2)}, ${seconds.length} runs)`;
        console.log(`  fred ${(mode.join(' ') || 'default').padEnd(20)} ${summary}`);
      }
      const g = k <= options.gdbMaxK ? await gdbForward(binary, n, k, options.boundSeconds) : { note: 'not run (K above gdbMaxK)' };
      console.log(`  gdb forward (ignore) ${''.padEnd(4)}${cell(g)}`);
    }
    console.log('\nfred: the reverse command alone, as fred-info reports it. gdb: `run` to the K-th call with an ignore count.');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
