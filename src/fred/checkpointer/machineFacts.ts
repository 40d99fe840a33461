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
