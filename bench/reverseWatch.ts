// fred-reverse-watch benchmark: a loop of N iterations where `value` goes bad (negative)
// at iteration k and stays bad. The user stops at the end and asks where it went bad.
// Side by side, in the same run and on the same binary:
//   fred      `fred gdb`: break END, run, fred-reverse-watch value < 0 (its own figures)
//   watch     plain gdb, forward from main: a (hardware) watchpoint on value whose
//             condition counts the hits and stops at the first negative value
//   record    plain gdb `record full` from main to END, then a (software) watchpoint
//             and reverse-continue; glibc's AVX code disabled by GLIBC_TUNABLES
// Every run has a time bound; a run that exceeds it is killed and reported as such.
// gdb 13 cannot write the XSAVE area on CPUs with AMX (infcalls and record-full's
// reverse execution fail); all gdbs here load src/debugger-adapters/gdbInfcalls.py as fred does.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bounded } from './bounded';

const repoRoot = path.resolve(__dirname, '..', '..');
const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const infcallFix = path.join(repoRoot, 'src', 'debugger-adapters', 'gdbInfcalls.py');
/** glibc 2.36 names (the older *_Usable names are silently ignored). */
const noAvx = 'glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD,-AVX_VNNI,-FMA';

/** examples/long_loop.c: `long_loop K N`, value goes bad (negative) at iteration K of N and stays bad. */
const source = fs.readFileSync(path.join(repoRoot, 'examples', 'long_loop.c'), 'utf8');
const bugLine = source.split('\n').findIndex((l) => l.includes('/* BUG */')) + 1;
const endLine = source.split('\n').findIndex((l) => l.includes('/* END */')) + 1;

export interface ReverseWatchBenchOptions {
  sizes: number[];
  /** Which columns to measure (default all). */
  tools?: Array<'fred' | 'watch' | 'record'>;
  boundSeconds: number;
  /** Skip gdb record full for sizes above this (it records ~1400 instructions/ms here). */
  recordMaxSize?: number;
}

interface Outcome {
  seconds?: number;
  /** fred: probes; watch: watchpoint hits. */
  count?: number;
  /** The stop is the BUG line at iteration k. */
  right?: boolean;
  note?: string;
  /** Said after the figures. */
  extra?: string;
}

function build(dir: string): string {
  const binary = path.join(dir, 'long_loop');
  execFileSync('gcc', ['-g', '-O0', '-o', binary, path.join(repoRoot, 'examples', 'long_loop.c')]);
  return binary;
}


async function fred(binary: string, n: number, k: number, bound: number): Promise<Outcome> {
  const commands = [`break ${endLine}`, `run ${k} ${n}`, 'fred-reverse-watch value < 0', 'print i', 'frame', 'quit', ''].join('\n');
  const { out, timedOut } = await bounded(process.execPath, [fredCli, 'gdb', binary], commands, bound, path.dirname(binary), { ...process.env, FRED_PROGRESS: '1' });
  const probesSoFar = (out.match(/^fred: probe \d+/gm) ?? []).length;
  if (timedOut) return { count: probesSoFar, note: `did not finish in ${bound} s (${probesSoFar} probes done)` };
  const figures = /\((\d+) probes, ([\d.]+) s\)/.exec(out);
  if (!figures) return { note: `no result: ${out.split('\n').filter((l) => /^fred:/.test(l)).pop() ?? out.slice(-200)}` };
  const i = /^\$\d+ = (-?\d+)$/m.exec(out)?.[1];
  const line = new RegExp(`long_loop\\.c:${bugLine}\\b`).test(out.split('fred-reverse-watch').pop() ?? '');
  return { seconds: Number(figures[2]), count: Number(figures[1]), right: line && Number(i) === k };
}

function gdbArgs(binary: string, commands: string[]): string[] {
  const args = ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', `source ${infcallFix}`];
  for (const c of commands) args.push('-ex', c);
  return [...args, binary];
}

const clockStart = 'python import time; fred_t0 = time.time()';
const clockStop = 'python print("bench-seconds %.3f" % (time.time() - fred_t0))';

async function gdbWatch(binary: string, n: number, k: number, bound: number): Promise<Outcome> {
  // In this VM gdb sometimes cannot attribute a watchpoint trap and reports a SIGTRAP
  // instead: a user would `continue`, so the script does, and counts them.
  const script = [
    'break main', `run ${k} ${n}`, 'set $hits = 0', 'set $spurious = 0', 'watch value', 'condition 2 ($hits = $hits + 1) > 0 && value < 0',
    clockStart, 'continue', 'while value >= 0', '  set $spurious = $spurious + 1', '  continue', 'end', clockStop,
    'print $hits', 'print $spurious', 'print i', 'frame', '',
  ].join('\n');
  const file = path.join(path.dirname(binary), 'watch.gdb');
  fs.writeFileSync(file, script);
  const args = ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', `source ${infcallFix}`, '-x', file, binary];
  const { out, timedOut } = await bounded('gdb', args, '', bound, path.dirname(binary));
  if (timedOut) return { note: `did not finish in ${bound} s` };
  const seconds = /bench-seconds ([\d.]+)/.exec(out)?.[1];
  const values = [...out.matchAll(/^\$\d+ = (-?\d+)$/gm)].map((m) => Number(m[1]));
  const spurious = values[1] ? ` (+${values[1]} stray SIGTRAP stops continued)` : '';
  // the watchpoint stops after the assignment, still in iteration k
  return { seconds: Number(seconds), count: values[0], right: values[2] === k && /Hardware watchpoint/.test(out), extra: spurious };
}

async function gdbRecord(binary: string, n: number, k: number, bound: number): Promise<Outcome> {
  const commands = [
    'break main', `run ${k} ${n}`, clockStart, 'record full', 'set record full insn-number-max unlimited',
    `break ${endLine}`, 'continue', 'set can-use-hw-watchpoints 0', 'watch value', 'reverse-continue', clockStop, 'print i', 'info record',
  ];
  const env = { ...process.env, GLIBC_TUNABLES: noAvx };
  const { out, timedOut } = await bounded('gdb', gdbArgs(binary, commands), '', bound, path.dirname(binary), env);
  if (timedOut) return { note: `did not finish in ${bound} s` };
  if (/Process record does not support/.test(out)) return { note: /Process record does not support[^\n]*/.exec(out)![0] };
  const seconds = /bench-seconds ([\d.]+)/.exec(out)?.[1];
  const i = /^\$\d+ = (-?\d+)$/m.exec(out)?.[1];
  const instructions = /Log contains (\d+) instructions/.exec(out)?.[1];
  // reverse-continue stops where value last changed: the BUG line at iteration k
  return { seconds: Number(seconds), count: Number(instructions), right: Number(i) === k };
}

const cell = (o: Outcome, unit: string) => (o.note ? o.note : `${o.seconds!.toFixed(2)} s, ${o.count} ${unit}${o.extra ?? ''}${o.right ? '' : ' (WRONG PLACE)'}`);

export async function runReverseWatchBench(options: ReverseWatchBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-rw-'));
  try {
    const binary = build(dir);
    console.log(`fred-reverse-watch benchmark — ${os.cpus().length} CPUs, kernel ${os.release()}, bound ${options.boundSeconds} s per run`);
    console.log('goal for fred: <= 3 s and <= 2*log2(N)+10 probes\n');
    for (const n of options.sizes) {
      const goalProbes = Math.floor(2 * Math.log2(n) + 10);
      for (const k of [10, Math.floor(n / 2), n - 1].filter((x, i, all) => x >= 0 && all.indexOf(x) === i)) {
        const tools = options.tools ?? ['fred', 'watch', 'record'];
        const skipped: Outcome = { note: 'not measured in this run' };
        const f = tools.includes('fred') ? await fred(binary, n, k, options.boundSeconds) : skipped;
        const w = tools.includes('watch') ? await gdbWatch(binary, n, k, options.boundSeconds) : skipped;
        const r = !tools.includes('record') ? skipped
          : n <= (options.recordMaxSize ?? Infinity) ? await gdbRecord(binary, n, k, options.boundSeconds) : { note: 'not run (see recordMaxSize)' };
        const goal = f.seconds !== undefined && f.seconds <= 3 && (f.count ?? Infinity) <= goalProbes ? 'met' : 'missed';
        console.log(`N=${n} k=${k}`);
        console.log(`  fred          ${cell(f, 'probes')}  [goal ${goal}: <= 3 s, <= ${goalProbes} probes]`);
        console.log(`  gdb watch     ${cell(w, 'hits')}`);
        console.log(`  record full   ${cell(r, 'instructions recorded')}`);
      }
    }
    console.log('\nfred: the search alone, as fred reports it. watch: from `continue` to the stop. record: from `record full` through reverse-continue.');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
