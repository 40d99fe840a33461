// Thread-restricted breakpoints whose thread has ended. Plain gdb deletes a breakpoint
// restricted to thread N when thread N exits ("Thread-specific breakpoint B deleted -
// thread N no longer in the thread list.", right after "[Thread ... exited]"). fred gives
// gdb a condition instead (threadBreakpoints.ts), and going back to a time when thread N
// lived must find the breakpoint there as it was then. So fred keeps it in gdb (its
// condition cannot hold again: fred's thread numbers are never reused) and hides it from
// the user at every time point after the end, on that path of history: `info breakpoints`
// leaves it out, commands that name it get gdb's "No breakpoint number B.". At a time
// point before the end it is shown and stops as before.
import type { ThreadMap } from './threadNumbers';
import { isPointPrefix, TimePoint } from '../../history/timePointEntry';

const EXITED = /^\[Thread 0x[0-9a-f]+ \(LWP (\d+)\) exited\]$/;
/** The program ended: gdb deletes the restricted breakpoints of the threads still there, after this line. */
const PROGRAM_EXITED = /^\[Inferior \d+ \(process \d+\) exited/;
const TABLE_HEADER = /^Num\s+Type\s+Disp\s+Enb\s/;
const ROW = /^(\d+)(?:\.\d+)?\s/;
/** Commands that take breakpoint numbers (as breakpointNumbers.ts knows them). */
const NUMBERED = /^\s*(delete|d|del|dele|delet|disable|dis|disa|disab|disabl|enable|en|ena|enab|enabl|condition|cond|condi|condit|conditi|conditio|ignore|ign|igno|ignor|commands|comm|comma|comman|command)(?:\s+(?:breakpoints?|br|-force|once|delete|count\s+\d+))*\s+(\d+(?:[\s-]+\d+)*)/;

export class EndedThreadBreakpoints {
  /** Breakpoint (user number) -> the time points where its thread ended (each for good on its path). */
  private readonly endedAt = new Map<number, TimePoint[]>();
  /** Ended during the user's command now running (recorded once it enters the history). */
  private pending: number[] = [];

  /** Breakpoints hidden at time point `here`. */
  hidden(here: TimePoint): Set<number> {
    return new Set([...this.endedAt].filter(([, ends]) => ends.some((end) => isPointPrefix(end, here))).map(([b]) => b));
  }

  /**
   * The user's resuming command printed `text`; `before`: the threads when it started,
   * `restrictions`: breakpoint -> thread, `live`: the breakpoints shown now. The text with
   * plain gdb's note after each restricted thread's "[Thread ... exited]", and after the
   * program's end for those whose thread was still there.
   */
  threadsExited(text: string, before: ThreadMap | undefined, restrictions: ReadonlyMap<number, number>, live: ReadonlySet<number>): string {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      out.push(line);
      const exited = EXITED.exec(line.replace(/\r$/, ''));
      const thread = exited ? before?.userOfLwp(Number(exited[1])) : undefined;
      const all = PROGRAM_EXITED.test(line);
      if (!all && (thread === undefined || thread === null)) continue;
      for (const [b, t] of [...restrictions].sort(([x], [y]) => x - y)) {
        if ((!all && t !== thread) || !live.has(b) || this.pending.includes(b)) continue;
        this.pending.push(b);
        out.push(`Thread-specific breakpoint ${b} deleted - thread ${t} no longer in the thread list.`);
      }
    }
    return out.join('\n');
  }

  /**
   * The user's `run` or `kill` ends the program: plain gdb deletes every thread-restricted
   * breakpoint then, with a note each (by thread, then number) before what the command
   * prints. `live`: those shown now. fred deletes them in gdb (no going back before it).
   */
  programReplaced(restrictions: ReadonlyMap<number, number>, live: ReadonlySet<number>): string {
    const notes = [...restrictions].filter(([b]) => live.has(b)).sort(([x, t], [y, u]) => t - u || x - y);
    return notes.map(([b, t]) => `Thread-specific breakpoint ${b} deleted - thread ${t} no longer in the thread list.\n`).join('');
  }

  /** The user's command entered the history: its ends hold at `here` and after. */
  recorded(here: TimePoint): void {
    for (const b of this.pending) this.endedAt.set(b, [...(this.endedAt.get(b) ?? []), [...here]]);
    this.pending = [];
  }

  /** The user's command names a hidden breakpoint: gdb's answer for a number it does not have. */
  refusal(command: string, here: TimePoint): string | undefined {
    const m = NUMBERED.exec(command);
    if (!m) return undefined;
    const hidden = this.hidden(here);
    const named = m[2].split(/[\s-]+/).map(Number).find((n) => hidden.has(n));
    return named === undefined ? undefined : `No breakpoint number ${named}.\n`;
  }

  /** `info breakpoints` without the rows of hidden breakpoints. */
  table(text: string, here: TimePoint): string {
    const hidden = this.hidden(here);
    if (hidden.size === 0 || !text.split('\n').some((l) => TABLE_HEADER.test(l))) return text;
    const out: string[] = [];
    let skipping = false;
    let rows = 0;
    let header = -1;
    for (const line of text.split('\n')) {
      const row = ROW.exec(line);
      if (row) skipping = hidden.has(Number(row[1]));
      else if (TABLE_HEADER.test(line)) {
        skipping = false;
        header = out.length;
      } else if (!/^[\t ]/.test(line)) skipping = false;
      if (skipping) continue;
      if (row && /^\d+\s/.test(line)) rows++;
      out.push(line);
    }
    if (rows === 0 && header >= 0) out[header] = 'No breakpoints or watchpoints.';
    return out.join('\n');
  }
}
