// Where the machine's debug registers do not work (some virtual machines), gdb's hardware
// watchpoints never trigger, so fred starts gdb with software ones (gdb.ts; also when
// FRED_SOFTWARE_WATCHPOINTS=1 asks for them). They are exact,
// going forward and back (a reverse command replays with them), but gdb then steps the
// program one instruction at a time, in fred's replays too. The user is told once per
// watchpoint, when gdb sets it, with the full-speed alternative.

/** gdb's watch command (wa, wat, watch, with its options). */
const WATCH_COMMAND = /^\s*wa(t(ch?)?)?(\s|$)/;

/** gdb's answer when it made a software watchpoint ("Watchpoint 2: total"; hardware ones say so). */
const SOFTWARE_WATCHPOINT = /^Watchpoint (\d+): /m;

/** fred's note after the user's `line` when gdb answered it by setting a software watchpoint; undefined otherwise. */
export function softwareWatchpointNote(line: string, answer: string): string | undefined {
  if (!WATCH_COMMAND.test(line)) return undefined;
  const set = SOFTWARE_WATCHPOINT.exec(answer);
  if (!set) return undefined;
  return `fred: watchpoint ${set[1]} is a software one (the machine's debug registers are not used): gdb steps the program one instruction at a time while it is enabled, in fred's replays too, so commands over long stretches are slow; fred-reverse-watch EXPR finds a change at full speed`;
}
