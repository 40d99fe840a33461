// Benchmark of the native checkpointer: checkpoint time, image size and restart time for
// processes of 1, 64, 512 and 2048 MiB (random-filled and zero-filled), memcpy and
// file-write bandwidth measured in the same run, and what preloading the library costs
// a program that is never checkpointed. Prints tables; medians of a few runs.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkpointToImage } from '../src/fred/checkpointer/checkpointControl';
import { preloadLibrary, repoRoot } from '../src/fred/checkpointer/nativePaths';
import { buildBenchProgram } from './checkpointerProgram';

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');

export interface CheckpointerBenchOptions {
  sizesMiB: number[];
  fills: ('random' | 'zero')[];
  runs: number;
  dir?: string;          /* where images go (default: a new directory in the system temp dir, on its file system) */
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const nowNs = () => process.hrtime.bigint();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child in its own process group whose stdout lines can be awaited. */
export class Child {
  private out = '';
  readonly proc: ChildProcess;
  constructor(cmd: string, args: string[]) {
    this.proc = spawn(cmd, args, { detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
    this.proc.stdout!.on('data', (d: Buffer) => { this.out += d.toString(); });
  }
  get pid(): number { return this.proc.pid!; }
  send(text: string): void { this.proc.stdin!.write(text); }
  async line(re: RegExp, what: string, timeoutMs = 120000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.out);
      if (m) { this.out = this.out.slice(m.index + m[0].length); return m; }
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) throw new Error(`${what}: the process exited`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await sleep(1);
    }
  }
  async kill(): Promise<void> {
    try { process.kill(-this.pid, 'SIGKILL'); } catch { return; }
    for (let i = 0; i < 500 && this.proc.exitCode === null && this.proc.signalCode === null; i++) await sleep(10);
  }
}

export async function blockedInRead(pid: number): Promise<void> {
  for (let i = 0; i < 10000; i++) {
    try { if (fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith('0 0x0 ')) return; } catch { /* not yet */ }
    await sleep(2);
  }
  throw new Error(`process ${pid} never waited for input`);
}

export interface SizeResult {
  mib: number; fill: string; checkpointMs: number; checkpointBestMs: number; checkpointWallMs: number; imageMiB: number;
  restartMs: number; restartBestMs: number; intact: boolean;
  /** restart --lazy: big areas mapped from the image, no checksums checked. */
  lazyRestartMs: number;
}

async function measureOne(prog: string, dir: string, mib: number, fill: string, runs: number): Promise<SizeResult> {
  const original = new Child(fredCkpt, ['launch', '--', prog, 'memory', String(mib), fill]);
  const image = path.join(dir, `bench-${mib}-${fill}.img`);
  const checkpoints: number[] = [], walls: number[] = [], restarts: number[] = [], lazyRestarts: number[] = [];
  let imageBytes = 0, intact = true;
  try {
    await original.line(/ready\n/, 'the program to fill its memory', 600000);
    await blockedInRead(original.pid);
    original.send('sum\n');
    const sum = (await original.line(/sum (\w+)\n/, 'checksum before'))[1];
    await blockedInRead(original.pid);
    for (let run = 0; run < runs; run++) {
      const t0 = nowNs();
      const result = await checkpointToImage(original.pid, image);
      walls.push(Number(nowNs() - t0) / 1e6);
      checkpoints.push(result.ms);
      imageBytes = fs.statSync(image).size;
    }
    await original.kill();
    for (const [flags, times] of [[[], restarts], [['--lazy'], lazyRestarts]] as const) {
      for (let run = 0; run < runs; run++) {
        const t0 = nowNs();
        const restored = new Child(fredCkpt, ['restart', image, ...flags]);
        restored.send(run === 0 ? 'sum\n' : 'go\n');
        try {
          const t = BigInt((await restored.line(/t (\d+)\n/, 'user code after restart'))[1]);
          times.push(Number(t - t0) / 1e6);
          if (run === 0) intact &&= (await restored.line(/sum (\w+)\n/, 'checksum after restart'))[1] === sum;
        } finally {
          await restored.kill();
        }
      }
    }
  } finally {
    await original.kill();
    fs.rmSync(image, { force: true });
  }
  return {
    mib, fill, checkpointMs: median(checkpoints), checkpointBestMs: Math.min(...checkpoints), checkpointWallMs: median(walls),
    imageMiB: imageBytes / 1048576, restartMs: median(restarts), restartBestMs: Math.min(...restarts), intact,
    lazyRestartMs: median(lazyRestarts),
  };
}

function bandwidth(prog: string, dir: string): { memcpy: number; write: number } {
  const memcpys: number[] = [], writes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = spawnSync(prog, ['bandwidth', dir, '512'], { encoding: 'utf8' }).stdout;
    memcpys.push(Number(/memcpy ([\d.]+)/.exec(out)?.[1]));
    writes.push(Number(/write ([\d.]+)/.exec(out)?.[1]));
  }
  return { memcpy: median(memcpys), write: median(writes) };
}

/** Start-up and run time of a program that is never checkpointed, with and without the library. */
function preloadCost(prog: string): { startNoMs: number; startYesMs: number; workNoMs: number; workYesMs: number } {
  const env = { ...process.env };
  delete env.LD_PRELOAD;
  const withLib = { ...env, LD_PRELOAD: preloadLibrary };
  const start = (e: NodeJS.ProcessEnv) => { const t0 = nowNs(); spawnSync(prog, ['nothing'], { env: e }); return Number(nowNs() - t0) / 1e6; };
  const work = (e: NodeJS.ProcessEnv) => Number(/work (\d+)/.exec(spawnSync(prog, ['work', '3000000'], { env: e, encoding: 'utf8' }).stdout)?.[1]) / 1e6;
  const startNo: number[] = [], startYes: number[] = [], workNo: number[] = [], workYes: number[] = [];
  for (let i = 0; i < 200; i++) { startNo.push(start(env)); startYes.push(start(withLib)); }
  for (let i = 0; i < 9; i++) { workNo.push(work(env)); workYes.push(work(withLib)); }
  return { startNoMs: median(startNo), startYesMs: median(startYes), workNoMs: median(workNo), workYesMs: median(workYes) };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

export async function runCheckpointerBench(options: CheckpointerBenchOptions): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-'));
  const dir = options.dir ?? work;
  const prog = buildBenchProgram(work);
  try {
    console.log(`Checkpointer benchmark — ${os.cpus().length} CPUs, kernel ${os.release()}, images in ${dir}, median of ${options.runs} runs`);
    const bw = bandwidth(prog, dir);
    console.log(`reference: memcpy ${bw.memcpy.toFixed(1)} GiB/s, new file write (page cache) ${bw.write.toFixed(1)} GiB/s\n`);
    console.log('   MiB  fill    checkpoint ms (best)  wall ms  image MiB  restart ms (best)  --lazy ms  data intact');
    for (const mib of options.sizesMiB) {
      for (const fill of options.fills) {
        const r = await measureOne(prog, dir, mib, fill, options.runs);
        console.log(`${pad(r.mib, 6)}  ${fill.padEnd(6)} ${pad(r.checkpointMs.toFixed(1), 13)} ${pad(`(${r.checkpointBestMs.toFixed(1)})`, 8)} ${pad(r.checkpointWallMs.toFixed(1), 8)} ${pad(r.imageMiB.toFixed(2), 10)} ${pad(r.restartMs.toFixed(1), 11)} ${pad(`(${r.restartBestMs.toFixed(1)})`, 7)} ${pad(r.lazyRestartMs.toFixed(1), 10)}  ${r.intact ? 'yes' : 'NO'}`);
      }
    }
    const cost = preloadCost(prog);
    console.log('\nprogram never checkpointed        without library   with library');
    console.log(`start-up and exit (ms, median/200) ${pad(cost.startNoMs.toFixed(2), 15)} ${pad(cost.startYesMs.toFixed(2), 14)}`);
    console.log(`3e6 malloc/free+getppid (ms, /9)   ${pad(cost.workNoMs.toFixed(1), 15)} ${pad(cost.workYesMs.toFixed(1), 14)}`);
    console.log('\ncheckpoint ms: from the signal to the renamed image, as the writer measured it (median, best); wall ms: seen by the requester.');
    console.log('restart ms: from starting `fred-ckpt restart` to the restored program running its own code again (every checksum');
    console.log('checked, all data read); --lazy ms: the same with big areas mapped from the image, nothing checked.');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
