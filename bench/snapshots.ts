// Benchmark of snapshots and python3 images:
// - fred snapshot (SnapshotStore.take) and resume latency at 64/512/2048 MiB of random
//   memory, side by side in the same run with gdb's built-in `checkpoint` / `restart N`
//   on the same program; plus what copy-on-write costs the resumed copy afterwards;
// - a python3 process holding ~300 MB: image checkpoint (from outside, and from inside
//   with fredckpt.checkpoint()) and restart.
// Prints tables; medians of a few runs.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkpointToImage, defaultControlDir, ensureControlDir } from '../src/fred/checkpointControl';
import { pythonModuleDir, repoRoot } from '../src/fred/nativePaths';
import { SnapshotStore } from '../src/fred/snapshots';
import { buildSnapshotBenchPrograms } from './snapshotPrograms';

export interface SnapshotBenchOptions { sizesMiB: number[]; runs: number; pythonMB: number; python: string }

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const nowNs = () => process.hrtime.bigint();
const msSince = (t0: bigint) => Number(nowNs() - t0) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** A process in its own group whose output can be awaited line by line. */
class Child {
  private out = '';
  /** Its pipes now belong to resumed copies too: its own exit ends nothing. */
  shared = false;
  readonly proc: ChildProcess;
  private readonly input: number;
  /** stdin is a FIFO held open here: node closes a child's stdin pipe when the child exits,
   * and a resumed copy must go on reading after the process it replaces was killed. */
  constructor(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-in-')), 'stdin');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    this.input = fs.openSync(fifo, 'r+');
    fs.rmSync(path.dirname(fifo), { recursive: true });
    this.proc = spawn(cmd, args, { detached: true, stdio: [this.input, 'pipe', 'inherit'], env });
    this.proc.stdout!.on('data', (d: Buffer) => { this.out += d.toString(); });
  }
  get pid(): number { return this.proc.pid!; }
  send(text: string): void { fs.writeSync(this.input, text); }
  async line(re: RegExp, what: string, timeoutMs = 300000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.out);
      if (m) { this.out = this.out.slice(m.index! + m[0].length); return m; }
      if (!this.shared && (this.proc.exitCode !== null || this.proc.signalCode !== null)) throw new Error(`${what}: the process exited`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await sleep(0.2);
    }
  }
  async kill(): Promise<void> {
    try { fs.closeSync(this.input); } catch { /* closed before */ }
    try { process.kill(-this.pid, 'SIGKILL'); } catch { return; }
    for (let i = 0; i < 500 && this.proc.exitCode === null && this.proc.signalCode === null; i++) await sleep(10);
  }
}

async function blockedInRead(pid: number): Promise<void> {
  for (let i = 0; i < 100000; i++) {
    try { if (fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith('0 0x0 ')) return; } catch { /* not yet */ }
    await sleep(1);
  }
  throw new Error(`process ${pid} never waited for input`);
}

async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    try { process.kill(pid, 0); } catch { return; }
    try { if (/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return; } catch { return; }
    await sleep(1);
  }
}

interface FredResult { forkMs: number; snapshotMs: number; resumeCallMs: number; resumeMs: number; writePassMs: number; intact: boolean }

/** fred: snapshot the running program, kill it, resume the snapshot (again and again). */
async function measureFred(prog: string, mib: number, runs: number): Promise<FredResult> {
  const env = { ...process.env, FRED_CKPT_CONTROL: fs.mkdtempSync(path.join(ensureControlDir(defaultControlDir()), 'bench-')) };
  const live = new Child(fredCkpt, ['launch', '--', prog, String(mib)], env);
  const store = new SnapshotStore();
  const forks: number[] = [], snapshots: number[] = [], calls: number[] = [], resumes: number[] = [], writes: number[] = [];
  let intact = true;
  try {
    await live.line(/ready\n/, 'the program to fill its memory');
    live.send('sum\n');
    const sum = (await live.line(/sum (\w+)\n/, 'checksum'))[1];
    for (let run = 0; run < runs; run++) {
      live.send('fork\n');
      forks.push(Number((await live.line(/forked (\d+)\n/, 'fork() alone'))[1]) / 1e6);
    }
    let current = live.pid;
    live.shared = true;
    let kept: number | undefined;
    for (let run = 0; run < runs; run++) {
      await blockedInRead(current);
      const t0 = nowNs();
      const snapshot = await store.take(current);
      snapshots.push(msSince(t0));
      if (kept === undefined) kept = snapshot.id;
      else await store.discard(snapshot.id);
    }
    for (let run = 0; run < runs; run++) {
      process.kill(current, 'SIGKILL');
      await gone(current);
      const t0 = nowNs();
      current = await store.resume(kept!);
      calls.push(msSince(t0));
      live.send(run === 0 ? 'sum\n' : run === 1 ? 'touch\n' : 't\n');
      const t = BigInt((await live.line(/t (\d+)\n/, 'user code after resume'))[1]);
      resumes.push(Number(t - t0) / 1e6);
      if (run === 0) intact = (await live.line(/sum (\w+)\n/, 'checksum after resume'))[1] === sum;
      if (run === 1) writes.push(Number((await live.line(/touched (\d+)\n/, 'write pass'))[1]) / 1e6);
    }
    try { process.kill(current, 'SIGKILL'); } catch { /* gone */ }
  } finally {
    await store.discardAll().catch(() => undefined);
    await live.kill();
    fs.rmSync(env.FRED_CKPT_CONTROL, { recursive: true, force: true });
  }
  return { forkMs: median(forks), snapshotMs: median(snapshots), resumeCallMs: median(calls), resumeMs: median(resumes), writePassMs: median(writes), intact };
}

/** gdb's own fork-based checkpoints, driven through MI on the same program. */
async function measureGdb(prog: string, mib: number, runs: number): Promise<{ checkpointMs: number; restartMs: number } | { failure: string }> {
  const gdb = new Child('gdb', ['--interpreter=mi2', '-q', '-nx', '--args', prog, String(mib)]);
  const command = async (line: string, done = /\^(done|error)[^\n]*\n(?:[\s\S]*?)\(gdb\) \n/) => {
    gdb.send(`${line}\n`);
    const m = await gdb.line(done, `gdb: ${line}`);
    if (m[1] === 'error') throw new Error(`gdb: ${line}: ${m[0]}`);
  };
  const checkpoints: number[] = [], restarts: number[] = [];
  try {
    await gdb.line(/\(gdb\) \n/, 'gdb start');
    await command('-break-insert bench_ready');
    gdb.send('-exec-run\n');
    await gdb.line(/\*stopped,reason="breakpoint-hit"[^\n]*\n/, 'the program to stop in bench_ready');
    for (let run = 0; run < runs; run++) {
      const t0 = nowNs();
      try {
        await command('-interpreter-exec console "checkpoint"');
      } catch (e) {
        return { failure: /msg="([^"]*)"/.exec((e as Error).message)?.[1] ?? (e as Error).message };
      }
      checkpoints.push(msSince(t0));
    }
    for (let run = 0; run < runs; run++) {
      const t0 = nowNs();
      await command(`-interpreter-exec console "restart ${(run % runs) + 1}"`);
      restarts.push(msSince(t0));
    }
  } finally {
    await gdb.kill();
  }
  return { checkpointMs: median(checkpoints), restartMs: median(restarts) };
}

interface PythonResult { version: string; imageMiB: number; writerMs: number; wallMs: number; insideMs: number; restartMs: number; intact: boolean }

async function measurePython(script: string, options: SnapshotBenchOptions, dir: string): Promise<PythonResult> {
  const env = { ...process.env, PYTHONPATH: pythonModuleDir };
  const image = path.join(dir, 'python.img');
  const writers: number[] = [], walls: number[] = [], insides: number[] = [], restarts: number[] = [];
  let imageBytes = 0, intact = true;
  const original = new Child(fredCkpt, ['launch', '--', options.python, script, String(options.pythonMB)], env);
  try {
    await original.line(/ready\n/, 'python to build its data');
    original.send('sum\n');
    const sum = (await original.line(/sum ([^\n]+)\n/, 'python checksum'))[1];
    for (let run = 0; run < options.runs; run++) {
      await blockedInRead(original.pid);
      const t0 = nowNs();
      const result = await checkpointToImage(original.pid, image);
      walls.push(msSince(t0));
      writers.push(result.ms);
      imageBytes = fs.statSync(image).size;
    }
    await original.kill();
    for (let run = 0; run < options.runs; run++) {
      const t0 = nowNs();
      const restored = new Child(fredCkpt, ['restart', image], env);
      restored.send(run === 0 ? 'sum\n' : 't\n');
      try {
        restarts.push(Number(BigInt((await restored.line(/t (\d+)\n/, 'python after restart'))[1]) - t0) / 1e6);
        if (run === 0) intact = (await restored.line(/sum ([^\n]+)\n/, 'python checksum after restart'))[1] === sum;
      } finally {
        await restored.kill();
      }
    }
    for (let run = 0; run < options.runs; run++) {
      const inside = new Child(fredCkpt, ['launch', '--', options.python, script, String(options.pythonMB)], { ...env, FREDCKPT_IMAGE: path.join(dir, 'inside.img') });
      try {
        insides.push(Number((await inside.line(/inside ([\d.]+)\n/, 'fredckpt.checkpoint() inside python'))[1]));
      } finally {
        await inside.kill();
      }
    }
  } finally {
    await original.kill();
  }
  const version = (await new Promise<string>((resolve) => {
    const p = spawn(options.python, ['-c', 'import sys; print(sys.version.split()[0])']);
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('close', () => resolve(out.trim()));
  }));
  return { version, imageMiB: imageBytes / 1048576, writerMs: median(writers), wallMs: median(walls), insideMs: median(insides), restartMs: median(restarts), intact };
}

export async function runSnapshotBench(options: SnapshotBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-snap-bench-'));
  try {
    const programs = buildSnapshotBenchPrograms(dir);
    console.log(`Snapshots — ${os.cpus().length} CPUs, kernel ${os.release()}, random-filled memory, median of ${options.runs} runs`);
    console.log('   MiB   fork() alone   fred snapshot   fred resume  (call)   write pass after resume   gdb checkpoint   gdb restart N   intact');
    const gdbFailures = new Set<string>();
    for (const mib of options.sizesMiB) {
      const fred = await measureFred(programs.native, mib, options.runs);
      const gdb = await measureGdb(programs.native, mib, options.runs);
      const gdbColumns = 'failure' in gdb ? `${pad('fails', 16)} ${pad('-', 15)}` : `${pad(gdb.checkpointMs.toFixed(1), 16)} ${pad(gdb.restartMs.toFixed(1), 15)}`;
      if ('failure' in gdb) gdbFailures.add(gdb.failure);
      console.log(`${pad(mib, 6)} ${pad(fred.forkMs.toFixed(1), 14)} ${pad(fred.snapshotMs.toFixed(1), 15)} ${pad(fred.resumeMs.toFixed(1), 13)} ${pad(`(${fred.resumeCallMs.toFixed(1)})`, 8)} ${pad(fred.writePassMs.toFixed(1), 25)} ${gdbColumns}   ${fred.intact ? 'yes' : 'NO'}`);
    }
    for (const failure of gdbFailures) console.log(`gdb's checkpoint failed on this machine: "${failure}" (anchor from DESIGN.md: checkpoint ~50-110 ms, restart ~80 ms)`);
    console.log('ms. fork() alone: the program forks a child that exits at once, timed inside it (the floor for both).');
    console.log('fred snapshot: SnapshotStore.take(pid) as the caller sees it (request, signal, fork in the handler, answer).');
    console.log('fred resume: resume(id) called -> the new copy runs the program\'s code (reads a line); (call): resume() alone.');
    console.log('write pass: the resumed copy writes one byte in every page (copy-on-write faults), once.');
    console.log('gdb: `checkpoint` and `restart N` through MI, command sent -> ^done (the process is left stopped).\n');

    const py = await measurePython(programs.python, options, dir);
    console.log(`python3 ${py.version}, ~${options.pythonMB} MB of data (random bytes, a list of ints, a dict), image in ${dir}`);
    console.log('  image MiB   checkpoint ms (writer / wall / fredckpt.checkpoint() inside)   restart ms   intact');
    console.log(`${pad(py.imageMiB.toFixed(1), 11)}   ${pad(py.writerMs.toFixed(1), 24)} / ${py.wallMs.toFixed(1)} / ${py.insideMs.toFixed(1)} ${pad(py.restartMs.toFixed(1), 23)}   ${py.intact ? 'yes' : 'NO'}`);
    console.log('writer: signal -> image renamed, as the copy writing it measured; wall: as the requester saw it;');
    console.log('restart: `fred-ckpt restart` spawned -> the restored interpreter runs Python code again.');
    console.log('anchors measured here for a 300 MB python process: DMTCP 792 / 327 ms, CRIU 218 / 252 ms (checkpoint / restart).');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
