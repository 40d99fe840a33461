// Watchpoints going back, as gdb's reverse execution has them: a reverse command stops
// where a watched value was last written before the point it started from, with the
// program left just BEFORE the instruction that wrote it, and gdb's message with Old
// and New reversed ("Old value" is the value after the write, "New value" the one
// before). The change is found by fred-reverse-watch's search (reverseWatch.ts), bounded
// to the stretch between the reverse command's start and its previous stop; then, inside
// the statement it finds, instruction by instruction (`nexti`), down into a call when the
// write happened there.

import { FrameSearch, HistoryError } from './frameSearch';
import { depthOf, sameFrame } from './probing';
import { lastChangeSince } from './reverseWatch';
import { gallopThenBisect } from './search';
import { entryOf, isPointPrefix, TimePoint, TimePointEntry } from './timePointEntry';

/** A watchpoint that exists now (gdb `watch`; read and access watchpoints are not followed back). */
export interface WatchedExpression {
  /** The user's number, for the message. */
  number: number;
  /** gdb's name for it in a stop: "Hardware watchpoint", "Watchpoint". */
  label: string;
  /** As gdb shows it ("x", "-location p->next"). */
  shown: string;
  /** What fred evaluates (for `watch -l`, the watched location: `*(T *) ADDR`). */
  expression: string;
  /** A watchpoint on a local: the frame it watches in, as a depth from the outermost. */
  frameDepth?: number;
  /** Stops only where this is true, evaluated where the reverse command stops (before the write), as gdb does going back. */
  condition?: string;
}

/** Where a reverse command stops for a watchpoint, and what it says. */
export interface WatchStop {
  point: TimePointEntry[];
  message: string;
}

/** Instructions one statement may take, at most (bounds the doubling). */
const maxInstructions = 1 << 20;
/** Calls gone down into when the write happened inside a call of the statement. */
const maxCallDepth = 16;
/** Writes a watchpoint's condition may turn down in one stretch before fred gives up on it. */
const maxRejected = 64;

/** gdb's truth of a printed value: 0, a null pointer and false are false; a condition that cannot be evaluated stops. */
function truthy(value: string | undefined): boolean {
  return value === undefined || !/^(?:0|0x0+|false)$/.test(value.trim());
}

/**
 * The latest change of a watched value between prefix `since` of `end` and `end` (one
 * path of the program), after `after` when given: a breakpoint's would-be stop inside the
 * same stretch (a change only counts if the value at `after` is not yet the final one).
 */
export async function lastWatchedChange(
  search: FrameSearch, end: TimePointEntry[], since: number, watches: readonly WatchedExpression[], after?: TimePoint,
): Promise<WatchStop | undefined> {
  const found: Array<{ watch: WatchedExpression; point: TimePointEntry[]; before?: string; after: string; exact: boolean }> = [];
  const left: Array<{ watch: WatchedExpression; point: TimePointEntry[] }> = [];
  const gone = outOfScope.get(search) ?? new Set<number>();
  outOfScope.set(search, gone);
  for (const watch of watches) {
    if (gone.has(watch.number)) continue;
    const valueAt = async (p: TimePoint) => (await search.ctx.probe(p, watch.expression, watch.frameDepth)).value;
    const last = await valueAt(end);
    if (last === undefined) continue;
    if (after && (await valueAt(after)) === last) continue; // no change after that stop
    // a watchpoint on a local exists while its frame does: from the frame's entry at most
    let stretch: Stretch = { end, since, entered: false };
    if (watch.frameDepth !== undefined) {
      const inFrame = await frameStretch(search, end, since, watch.frameDepth);
      if (!inFrame) continue;
      stretch = inFrame;
    }
    const before = found.length;
    // the last write whose condition holds where the program stops for it
    let later = stretch.end;
    for (let rejected = 0; rejected < maxRejected; rejected++) {
      const change = await lastChangeSince(search.ctx, search.dialect, later, stretch.since, watch.expression, watch.frameDepth);
      if (!change) break;
      const point = change.exact ? await writingInstruction(search, change.point, watch) : change.point;
      const accepted = !watch.condition || !change.exact || truthy((await search.ctx.probe(point, watch.condition, watch.frameDepth)).value);
      if (accepted) {
        found.push({ watch, point, before: await valueAt(point), after: change.after, exact: change.exact });
        break;
      }
      later = point;
      if (after && (await valueAt(after)) === (await valueAt(later))) break; // no change between that stop and here
    }
    // its frame began in this stretch: further back, it is out of scope, and gdb stops
    // where it leaves that scope (on the call instruction), deleting it
    if (stretch.entered && found.length === before) {
      gone.add(watch.number);
      const call = !after && stretch.site ? await callInstruction(search, stretch.site, watch.frameDepth!, stretch.function) : undefined;
      if (call) left.push({ watch, point: call });
    }
  }
  if (found.length === 0 && left.length > 0) {
    const w = left[0].watch;
    return { point: left[0].point, message: `Watchpoint ${w.number} deleted because the program has left the block in\nwhich its expression is valid.` };
  }
  if (found.length === 0) return undefined;
  // the latest: a later change is one where the other's value is already its final one
  let latest = found[0];
  for (const other of found.slice(1)) {
    const value = (await search.ctx.probe(other.point, latest.watch.expression, latest.watch.frameDepth)).value;
    if (value === latest.after) latest = other;
  }
  const w = latest.watch;
  const lines = [`${w.label} ${w.number}: ${w.shown}`, '', `Old value = ${latest.after}`, `New value = ${latest.before ?? '<unreadable>'}`];
  if (!latest.exact) lines.push(`fred: the write could not be located exactly: it lies after this point and before the previous one`);
  return { point: latest.point, message: lines.join('\n') };
}

/** Per search: watchpoints on locals whose frame began after the point the search has gone back to. */
const outOfScope = new WeakMap<FrameSearch, Set<number>>();

/**
 * The stretch of `end` after prefix `since` during which the frame `frameDepth` frames from
 * the outermost (a local's watchpoint, innermost at `end`) is the same frame: all of it, or
 * rebuilt from the frame's entry (its caller's line, `step`, `next`s) when the frame began
 * inside it (`entered`). undefined when that cannot be told (then the watchpoint is not
 * followed back here). Frames are told apart by gdb's frame id (stack address and
 * function) where the frame is the innermost, else by depth only.
 */
interface Stretch { end: TimePointEntry[]; since: number; entered: boolean; site?: TimePointEntry[]; function?: string }

async function frameStretch(search: FrameSearch, end: TimePointEntry[], since: number, frameDepth: number): Promise<Stretch | undefined> {
  const whole: Stretch = { end, since, entered: false };
  if (frameDepth <= 1) return whole; // main's: it lives as long as the program
  const last = await search.state(end);
  if (last.exited) return undefined;
  const first = await search.state(end.slice(0, since));
  // an outer frame at the end: told apart from another call of its function only by depth
  if (depthOf(last) !== frameDepth) return depthOf(first) >= frameDepth ? whole : undefined;
  if (sameFrame(first, last) && first.location?.function === last.location?.function) return whole;
  try {
    const site = await search.callSite(end);
    const entry = search.plus(site, 'step');
    const entered = await search.state(entry);
    const insideStretch = isPointPrefix(entry.slice(0, since), end) && entry.length > since;
    if (!insideStretch || !sameFrame(entered, last) || entered.location?.function !== last.location?.function) return undefined;
    const m = await search.nextsToReach(entry, last, entryOf('continue', search.dialect).command);
    return { end: search.withRepeat(entry, 'next', m), since: entry.length, entered: true, site, function: last.location?.function };
  } catch (error) {
    if (error instanceof HistoryError) return undefined;
    throw error;
  }
}

/**
 * From `site` (the caller's line that calls the frame at `frameDepth`), the point on the
 * call instruction: the last `stepi` count before the stack reaches that depth in
 * `fn`. undefined when the line calls another function first.
 */
async function callInstruction(search: FrameSearch, site: TimePointEntry[], frameDepth: number, fn?: string): Promise<TimePointEntry[] | undefined> {
  const inside = async (j: number) => depthOf(await search.state(search.withRepeat(site, 'stepi', j))) >= frameDepth;
  const b = await gallopThenBisect(0, maxInstructions, inside);
  if (!b || b.hi - b.lo > 1) return undefined;
  const entered = await search.state(search.withRepeat(site, 'stepi', b.hi));
  return entered.location?.function === fn ? search.withRepeat(site, 'stepi', b.lo) : undefined;
}

/**
 * From `line` (one `next` from it changes EXPR), the point just before the instruction
 * that writes it: the smallest count of `nexti` after which EXPR differs from its value at
 * `line`, minus one (the first change, not "has the final value": a loop may write it again
 * right after); when that instruction is a call, the same inside the callee.
 */
async function writingInstruction(search: FrameSearch, line: TimePointEntry[], watch: WatchedExpression): Promise<TimePointEntry[]> {
  const valueAt = async (p: TimePoint) => (await search.ctx.probe(p, watch.expression, watch.frameDepth)).value;
  let point = line;
  for (let level = 0; level < maxCallDepth; level++) {
    const before = await valueAt(point);
    if (before === undefined) return point;
    const changed = async (p: TimePoint) => {
      const value = await valueAt(p);
      return value === undefined ? undefined : value !== before;
    };
    const b = await gallopThenBisect(0, maxInstructions, (k) => changed(search.withRepeat(point, 'nexti', k)));
    if (!b || b.hi - b.lo > 1) return point;
    const last = search.withRepeat(point, 'nexti', b.lo);
    const into = search.plus(last, 'stepi');
    const here = await search.state(last);
    const entered = await search.state(into);
    // a call instruction: the write is inside the function it calls
    if (!entered.exited && depthOf(entered) > depthOf(here) && (await changed(into)) === false) {
      point = into;
      continue;
    }
    return last;
  }
  return point;
}
