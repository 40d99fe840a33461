// What this machine can do for a debugger, asked once per fred process. Some virtual
// machines give guests no working debug registers: the kernel accepts a hardware
// breakpoint and never fires it, and gdb's hardware watchpoints never trigger.
import { loadAddon } from './nativePaths';

let debugRegisters: boolean | undefined;

/** Hardware breakpoints and watchpoints work here. */
export function debugRegistersWork(): boolean {
  debugRegisters ??= loadAddon().hardwareBreakpointsWork();
  return debugRegisters;
}

/**
 * gdb may use hardware watchpoints: the debug registers work, and the user (or a test of a
 * machine without them) did not ask for software ones with FRED_SOFTWARE_WATCHPOINTS=1.
 */
export function hardwareWatchpoints(): boolean {
  return process.env.FRED_SOFTWARE_WATCHPOINTS !== '1' && debugRegistersWork();
}
