// A Ctrl-C often lands in fred's preloaded library: a program that calls the system in a
// loop spends its time in the record log that wraps those calls. fred's library is no
// place of the program's (plain gdb would show the program's own frame, and a replay
// cannot name a point inside fred's code), so the program runs on to the return into its
// own first frame, and the stop is shown there, as gdb shows a stop.
import { ProgramControl } from './session';

/** gdb (GdbProcessControl): leaves fred's library if the program stands in it; true when it moved. */
export interface LibraryExit {
  leaveLibrary(): Promise<boolean>;
}

function libraryExitOf(control: ProgramControl): LibraryExit | undefined {
  const c = control as Partial<LibraryExit>;
  return c.leaveLibrary ? (control as unknown as LibraryExit) : undefined;
}

const INTERRUPT_LINE = /^Program received signal SIGINT, Interrupt\.\n/m;

/** The output of an interrupted command, with its stop moved out of fred's library if it was there. */
export async function stopOutsideFredLibrary(control: ProgramControl, output: string): Promise<string> {
  const exit = libraryExitOf(control);
  const interrupt = INTERRUPT_LINE.exec(output);
  if (!exit || !interrupt) return output;
  if (!(await exit.leaveLibrary())) return output;
  const location = (await control.showLocation()).replace(/^#0 +/, '');
  return `${output.slice(0, interrupt.index + interrupt[0].length)}${location.trimEnd()}\n`;
}
