// The timeline's scale: time points (commands since program start) placed by the CPU
// time the program had used when it got there, so a `continue` over millions of
// iterations is wide and a `print` is nothing. The program's CPU clock is read after
// every command (/proc/PID/schedstat, in ns); a restored copy is a new process whose
// clock starts again, so only a command run live from a known point adds what it used
// (ProgramClock). Points never measured are placed between their measured neighbours.

/** Below this much CPU time the axis counts commands (every command one step). */
export const minimumScaledNs = 20e6;

/** CPU ns used by process pid (its threads included), or undefined. */
export function cpuNsOf(pid: number, read: (file: string) => string): number | undefined {
  try {
    const ns = Number(read(`/proc/${pid}/schedstat`).split(' ')[0]);
    return Number.isFinite(ns) ? ns : undefined;
  } catch {
    return undefined;
  }
}

/** The CPU time of the program at each time point of the current line of time. */
export class ProgramClock {
  /** time point -> program CPU ns when it was first reached going forward */
  readonly at = new Map<number, number>([[0, 0]]);
  private last?: { pid: number; counter: number; point: number };

  /** The line of time changed after `keep` commands: what lay beyond is another future. */
  forgetAfter(keep: number): void {
    for (const point of [...this.at.keys()]) if (point > keep) this.at.delete(point);
  }

  /** After a command: the program (pid) is at `point` and its clock says `counter` ns. */
  observe(point: number, pid: number | undefined, counter: number | undefined): void {
    const last = this.last;
    if (pid === undefined || counter === undefined) { this.last = undefined; return; }
    // the first program seen (gdb's run started it): its whole clock is the way from the start
    if (!last && this.at.size === 1 && !this.at.has(point)) this.at.set(point, counter);
    // the same live process went forward from a known point: the command used the difference
    if (last && last.pid === pid && point > last.point && counter >= last.counter && this.at.has(last.point) && !this.at.has(point)) {
      this.at.set(point, this.at.get(last.point)! + (counter - last.counter));
    }
    this.last = { pid, counter, point };
  }
}

/**
 * Where each time point 0..end lies on an axis of `width` columns: by CPU time when the
 * measured time reaches minimumScaledNs, else by command count. Returns the column of a
 * point and the CPU ns the axis spans (undefined when it counts commands).
 */
export function timeAxis(at: ReadonlyMap<number, number>, end: number, width: number): { column: (point: number) => number; spanNs?: number } {
  const byCount = (point: number) => Math.round((Math.min(point, end) / Math.max(end, 1)) * (width - 1));
  const known = [...at.entries()].filter(([point]) => point <= end).sort((a, b) => a[0] - b[0]);
  const last = known[known.length - 1];
  if (!last || last[1] < minimumScaledNs) return { column: byCount };
  // points past the last measured one share the last stretch's average, by count
  const perPoint = last[0] > 0 ? last[1] / last[0] : last[1];
  const spanNs = last[1] + perPoint * (end - last[0]);
  const timeOf = (point: number): number => {
    const exact = at.get(point);
    if (exact !== undefined) return exact;
    if (point > last[0]) return last[1] + perPoint * (point - last[0]);
    let before = known[0], after = last;
    for (const k of known) {
      if (k[0] < point) before = k;
      else { after = k; break; }
    }
    return before[1] + ((after[1] - before[1]) * (point - before[0])) / Math.max(after[0] - before[0], 1);
  };
  return { column: (point) => Math.round((timeOf(Math.min(point, end)) / spanNs) * (width - 1)), spanNs };
}
