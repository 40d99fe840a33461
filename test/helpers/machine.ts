// Tests that go back with a gdb watchpoint set need the machine's debug registers; where
// they do not work (some virtual machines) fred refuses such commands with one line
// (test/session/noDebugRegisters.test.ts), so those tests are skipped there.
import { debugRegistersWork } from '../../src/fred/checkpointer/machineFacts';

export function needsDebugRegisters(test: Mocha.Context): void {
  if (!debugRegistersWork()) test.skip();
}

/** A scenario whose commands set a watchpoint. */
export function setsWatchpoint(commands: readonly string[]): boolean {
  return commands.some((c) => /^(?:watch|rwatch|awatch)\b/.test(c.trim()));
}
