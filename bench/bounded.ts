// A command run to its end or to a bound, in its own process group (killed whole at the
// bound or the end): what the benchmarks that drive fred and plain gdb by stdin use.
import { ChildProcess, spawn } from 'child_process';

export interface BoundedRun { out: string; timedOut: boolean; seconds: number }

/** Runs `cmd` with `input` on stdin; stdout and stderr together; SIGKILL to the group after `boundSeconds`. */
export function bounded(cmd: string, args: string[], input: string, boundSeconds: number, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<BoundedRun> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child: ChildProcess = spawn(cmd, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let timedOut = false;
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    child.stdin!.end(input);
    const kill = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } };
    const timer = setTimeout(() => { timedOut = true; kill(); }, boundSeconds * 1000);
    child.on('exit', () => {
      clearTimeout(timer);
      kill();
      resolve({ out, timedOut, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}
