// Slow work a test needs that can run beside the rest of the suite (the fuzzer of
// fuzzImage.test.ts: ~160 s on one core). A test file registers its job when mocha loads
// it; the root hook (rootHooks.ts) starts every registered job before the first test, and
// the test awaits the job's result. A file run alone works the same way. Jobs start
// processes only through processGroup.ts (spawnGroup), inside asBackgroundJob: a test's
// cleanup (killTestGroups) leaves them alone, and the root hook's killAllGroups ends
// whatever a job still runs after the last test; the hook stops the jobs first, and a job
// checks its signal before it starts a process (none may start after the kill).

import { asBackgroundJob } from './processGroup';

export interface BackgroundJob<T> {
  /** What the job returned, or its error; starts it if nothing did yet. */
  result(): Promise<T>;
}

const starts: Array<() => void> = [];
/** Aborted when the run (in parallel runs: the worker's file) ends. */
let stop = new AbortController();

/** Register work to start with the run. */
export function inBackground<T>(work: (stopped: AbortSignal) => Promise<T>): BackgroundJob<T> {
  // settled either way at once: a job that fails before its test awaits it is no unhandled rejection
  let running: Promise<{ ok: true; value: T } | { ok: false; error: unknown }> | undefined;
  const start = () => { running ??= asBackgroundJob(() => work(stop.signal)).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })); };
  starts.push(start);
  return {
    async result() {
      start();
      const outcome = await running!;
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
  };
}

/** The root hook's: start every job the loaded test files registered. */
export function startBackgroundJobs(): void {
  if (stop.signal.aborted) stop = new AbortController();
  for (const start of starts) start();
}

/** The root hook's, before it kills the process groups: no job starts another process. */
export function stopBackgroundJobs(): void {
  stop.abort(new Error('the test run ended'));
}
