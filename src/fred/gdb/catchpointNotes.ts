// Catchpoints that reverse commands do not stop at. Exception catchpoints (catch throw,
// catch catch, catch rethrow) stop at code in the C++ runtime: fred counts and lands at
// them like breakpoints. The others stop at events the replay does not re-create as they
// were: system calls (the record log answers those that reach outside, without making
// them), signals, fork and exec (fred does not replay a fork). fred says so, once per
// reverse command, rather than pass them silently.
import { BreakpointState } from '../../debugger-adapters/debugger';

/** One line per enabled catchpoint a reverse command did not honour, under the user's numbers. */
export function catchpointsNotFollowed(existing: readonly BreakpointState[], userOf: (gdbNumber: number) => number): string[] {
  return existing
    .filter((b) => b.enabled && b.kind === 'other' && /^catch\b/.test(b.spec))
    .map((b) => `fred: catchpoint ${userOf(b.number)} (${b.spec.replace(/ if .*$/, '')}) is not followed going back (only catch throw, catch catch and catch rethrow are)`);
}
