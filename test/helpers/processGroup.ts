// Test processes run in their own process group and are always killed by that group's id,
// with a bounded wait: nothing a test starts may outlive the suite.
import { AsyncLocalStorage } from 'async_hooks';
import { ChildProcess, spawn, SpawnOptions } from 'child_process';

/** Groups a test started: its cleanup (killTestGroups) ends them. */
const live = new Set<number>();
/**
 * Groups a background job started (backgroundJobs.ts: the fuzzer runs beside the whole
 * suite). A test's cleanup must not end them; only the end of the run does.
 */
const background = new Set<number>();
const inBackgroundJob = new AsyncLocalStorage<true>();

/** Run a background job: every group it spawns, now or later in its async work, lasts until killAllGroups. */
export function asBackgroundJob<T>(work: () => T): T {
  return inBackgroundJob.run(true, work);
}

/** Spawn cmd detached (a new process group whose id is the child's pid). */
export function spawnGroup(cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { ...options, detached: true });
  if (child.pid) (inBackgroundJob.getStore() ? background : live).add(child.pid);
  child.on('exit', () => { /* the group may still have members: killGroup decides */ });
  return child;
}

export function groupAlive(pgid: number): boolean {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** SIGKILL the whole group and wait (at most timeoutMs) until no member is left. */
export async function killGroup(pgid: number, timeoutMs = 5000): Promise<void> {
  live.delete(pgid);
  background.delete(pgid);
  try { process.kill(-pgid, 'SIGKILL'); } catch { return; }
  const until = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

/** Register a group started some other way (node-pty, setsid) so a test's cleanup ends it. */
export function trackGroup(pgid: number): void { live.add(pgid); }

/** A test's cleanup: end every group the tests started, not the background jobs'. */
export async function killTestGroups(): Promise<void> {
  await Promise.all([...live].map((pgid) => killGroup(pgid)));
}

/** The end of the run (rootHooks.ts): end every group, the background jobs' too. */
export async function killAllGroups(): Promise<void> {
  await Promise.all([...live, ...background].map((pgid) => killGroup(pgid)));
}

/** Poll fn until it returns a value, naming the phase in the error if it never does (a function: described at the timeout, with what it saw by then). */
export async function waitFor<T>(phase: string | (() => string), fn: () => T | undefined | false, timeoutMs = 20000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${typeof phase === 'function' ? phase() : phase}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
