// gdb's landing points when the program stands in the middle of a source line (after
// `stepi`, `finish`, an `until`/`advance` that returned, or reverse-finish's landing on a
// call instruction). gdb's reverse-next then goes back to where that line started (where
// `next` landed on it), and reverse-step into the last function the line called before
// this point, if any. A "line" is all its line table entries in a row (gcc writes one per
// call of `x = f(1) + g(2);`), as `next` treats it; gdb 13 itself stops at each entry.
// gdb only: pdb always stands at a line's start.

import { countedStopCommand } from './commands';
import type { FrameSearch } from './frameSearch';
import { InstructionUnits, ProbeState, depthOf, isEventStop, sameFrame } from './probing';
import { lastIndexIn, startOf } from './timePoints';
import { entryOf, TimePoint, TimePointEntry } from './timePointEntry';
import type { Dialect } from './dialects/dialect';

export interface LineStart {
  /** Where the line's execution began: where `next` landed on it. */
  start: TimePointEntry[];
  /** A point inside the last function with line information the line called before here. */
  lastCall?: TimePointEntry[];
  /** The call instruction of lastCall, when a loop on the line runs it again (oneLineLoop.ts). */
  rerun?: bigint;
}

/** Where the line holding the program at `point` starts, when the program is in the middle of it. */
export async function lineStartAddress(search: FrameSearch, point: TimePoint, state: ProbeState): Promise<bigint | undefined> {
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast || state.exited || state.location?.pc === undefined || state.location.line === undefined) return undefined;
  const start = await fast.lineStart(point);
  return start !== undefined && start !== BigInt(state.location.pc) ? start : undefined;
}

/** Whether `a` is in the same frame and on the same line as `b`. */
function sameLine(a: ProbeState, b: ProbeState): boolean {
  return sameFrame(a, b) && a.location?.line === b.location?.line && a.location?.file === b.location?.file;
}

/**
 * The trailing stepi/nexti commands of `point` as single-instruction units, and the index
 * where they begin; commands that do not move the program between them are kept.
 */
export function instructionStretch(point: TimePoint): { from: number; units: InstructionUnits[] } {
  const start = startOf(point);
  let from = point.length;
  const units: InstructionUnits[] = [];
  for (let i = point.length - 1; i >= start; i--) {
    const c = point[i].command;
    if (!c.movesProgram) continue;
    if (c.kind !== 'stepi' && c.kind !== 'nexti') break;
    units.unshift({ kind: c.kind, count: c.count });
    from = i;
  }
  return { from, units };
}

/** The time point `unit` single instructions into `units` from `from` (0: `from` itself). */
export function afterUnits(from: TimePoint, units: readonly InstructionUnits[], unit: number, dialect: Dialect): TimePointEntry[] {
  const point = [...from];
  let left = unit;
  for (const u of units) {
    if (left === 0) break;
    const n = Math.min(u.count, left);
    point.push(entryOf(n === 1 ? u.kind : `${u.kind} ${n}`, dialect));
    left -= n;
  }
  return point;
}

/**
 * Where the line the program is in the middle of at `point` started, and the last call it
 * made before; undefined when the program is at a line's start or this cannot tell.
 */
export async function midLineStart(search: FrameSearch, point: TimePoint, current: ProbeState): Promise<LineStart | undefined> {
  const address = await lineStartAddress(search, point, current);
  const stretch = instructionStretch(point);
  if (address === undefined) {
    if (stretch.units.length === 0 || !(await atFunctionEntry(search, point, current))) return undefined;
    const units = stretch.units.reduce((n, u) => n + u.count, 0);
    return (await fromCallUnit(search, point.slice(0, stretch.from), stretch.units, units, current)) ?? callerLanding(search, point);
  }
  if (!current.location?.frameId) return undefined;
  const depth = depthOf(current);
  if (stretch.units.length > 0) {
    const from = point.slice(0, stretch.from);
    const walk = await search.ctx.fastForward!.lineWalk?.(from, stretch.units, { address, frameId: current.location.frameId, depth });
    if (!walk) return undefined;
    // gdb goes on back into the caller from a function's first instructions
    if (walk.entry) return (await fromCallUnit(search, from, stretch.units, walk.start, current)) ?? callerLanding(search, point);
    const call = walk.call && (walk.call.via === 'stepi'
      ? afterUnits(from, stretch.units, walk.call.unit, search.dialect)
      : search.plus(afterUnits(from, stretch.units, walk.call.unit, search.dialect), 'stepi'));
    if (walk.start >= 0) return { start: afterUnits(from, stretch.units, walk.start, search.dialect), lastCall: call };
    const before = await lineBegunEarlier(search, from, current);
    return before && { start: before.start, lastCall: call ?? before.lastCall };
  }
  // the last command that moved the program: `frame`, `up`, `down` after it are history too
  const index = lastIndexIn(point, (m) => m.movesProgram);
  if (index < 0) return undefined;
  const c = point[index].command;
  const before = point.slice(0, index);
  if (c.kind === 'counted-stop' && point[index].countedStop) {
    return (await lineBegunEarlier(search, before, current)) ?? lineBegunInStretch(search, before, point[index], address, current);
  }
  if ((c.kind === 'finish' || c.kind === 'until' || c.kind === 'advance') && !isEventStop(current)) {
    // the command returned from the frame it ran in into the middle of this line
    // (from the frame the user selected: `up`, then `finish`)
    const state = await search.state(before);
    const level = state.location?.selectedLevel ?? 0;
    if (depthOf(state) - level === depth + 1) {
      let inside: TimePointEntry[] = [...before];
      for (let i = 0; i < level; i++) inside = await search.callSite(inside);
      // the `next`s from before run the rest of the deeper frames, then the finished one's last lines
      return { start: await search.callSite(inside), lastCall: state.location?.line !== undefined ? before : undefined };
    }
  }
  return undefined;
}

/** Whether stepi left the program on a function's first instruction (a line `step` never lands on). */
async function atFunctionEntry(search: FrameSearch, point: TimePoint, current: ProbeState): Promise<boolean> {
  const { pc, frameId } = current.location ?? {};
  if (pc === undefined || frameId === undefined || current.exited) return false;
  const walk = await search.ctx.fastForward?.lineWalk?.(point, [], { address: BigInt(pc), frameId, depth: depthOf(current) });
  return walk?.entry === true;
}

/**
 * When the unit before `entryUnit` of a stretch was the call that entered the function
 * `current` is in (a stepi one frame up), going back out lands as from that call
 * instruction: found without searching the stretch again (it may be long).
 */
async function fromCallUnit(search: FrameSearch, from: TimePoint, units: readonly InstructionUnits[], entryUnit: number, current: ProbeState): Promise<LineStart | undefined> {
  if (entryUnit < 1) return undefined;
  const call = afterUnits(from, units, entryUnit - 1, search.dialect);
  const state = await search.state(call);
  if (depthOf(state) !== depthOf(current) - 1 || state.location?.line === undefined) return undefined;
  return (await midLineStart(search, call, state)) ?? { start: call };
}

/** Going back out of the function `point` is in: as from reverse-finish's landing on the call. */
async function callerLanding(search: FrameSearch, point: TimePoint): Promise<LineStart> {
  const site = await search.callSite(point);
  const call = await callInstructionBefore(search, point, site);
  if (!call) return { start: site };
  return (await midLineStart(search, call, await search.state(call))) ?? { start: call };
}

/** `from` is before the line's start: it is the start, or in the middle of the same line, or in a function the line called. */
async function lineBegunEarlier(search: FrameSearch, from: TimePoint, current: ProbeState): Promise<LineStart | undefined> {
  const state = await search.state(from);
  if (sameLine(state, current)) {
    if ((await lineStartAddress(search, from, state)) === undefined) return { start: [...from] };
    return midLineStart(search, from, state);
  }
  if (depthOf(state) === depthOf(current) + 1) {
    const site = await search.callSite(from);
    if (sameLine(await search.state(site), current)) return { start: site, lastCall: state.location?.line !== undefined ? [...from] : undefined };
  }
  return undefined;
}

/** Executions of a line's start counted at most inside a counted stop's stretch. */
const maxCounted = 256;

/**
 * A counted stop whose stretch began in another frame (the caller's: a reverse-finish's
 * landing on a call instruction, reached from main) ended in the middle of a line: the
 * line began inside the stretch, just before the last run of its start `address` there,
 * in the same frame. Its last call before here is only told when the line made none
 * before this point (its first call is the one at the current pc); undefined otherwise.
 */
async function lineBegunInStretch(search: FrameSearch, before: TimePoint, command: TimePointEntry, address: bigint, current: ProbeState): Promise<LineStart | undefined> {
  const fast = search.ctx.fastForward;
  const pc = current.location?.pc;
  if (!fast?.executions || !fast.callInstruction || pc === undefined) return undefined;
  const ran = await search.ctx.counted(() => fast.executions!(before, command, address, maxCounted));
  if (!ran) return undefined;
  const start = search.plus(before, countedStopCommand(address, ran));
  const there = await search.state(start);
  if (!sameFrame(there, current) || there.location?.pc === undefined || BigInt(there.location.pc) !== address) return undefined;
  // the calls the line made before the one at pc: reverse-step goes into the last of them
  let lastCall: TimePointEntry[] | undefined;
  let at = start;
  for (let call = 0; call < maxCallsBefore; call++) {
    const stepped = search.plus(at, 'step');
    const entered = await search.state(stepped);
    if (entered.exited || depthOf(entered) < depthOf(current)) return undefined;
    if (depthOf(entered) === depthOf(current)) {
      // back on the line after a call (a line table entry of the same line): on to its next call
      if (!sameFrame(entered, current) || !sameLine(entered, current) || call === 0) return undefined;
      at = stepped;
      continue;
    }
    // stopped in libc or fred's library (entering a wait fred guards): the program's own call counts
    const made = (await fast.programCall?.(stepped))?.address ?? (await fast.callInstruction(stepped));
    if (made === BigInt(pc)) return { start, lastCall };
    if (entered.location?.line === undefined) return undefined; // a call without lines before pc: not followed
    lastCall = stepped;
    at = search.withRepeat(stepped, 'next', await search.nextsToLeave(stepped, depthOf(current)));
  }
  return undefined;
}

/** Calls on the line before the current one followed by lineBegunInStretch. */
const maxCallsBefore = 16;

/** From a point inside a call made at `depth` (by the instruction at `call`, when a loop may run it again): the start of the last line it executed there. */
export async function lastLineOfCall(search: FrameSearch, inside: TimePoint, depth: number, call?: bigint): Promise<TimePointEntry[]> {
  const left = await search.nextsToLeave(inside, depth, call);
  return search.withRepeat(inside, 'next', left - 1);
}

/** Calls on one line tried in order when looking for the one that made a frame. */
const maxCallsPerLine = 32;

/**
 * reverse-finish's landing (gdb's): the call instruction that made the frame the program
 * is in at `point`, from `site`, the start of the calling line. The line's calls are
 * entered in order (`step`, and `finish` back out); the one made by the same instruction
 * into the same function is it, and the landing is just before that instruction's first
 * execution after the previous call returned. undefined when this cannot tell.
 */
export async function callInstructionBefore(search: FrameSearch, point: TimePoint, site: TimePointEntry[]): Promise<TimePointEntry[] | undefined> {
  const fast = search.ctx.fastForward;
  if (!search.dialect.seesMachineCode || !fast?.callInstruction) return undefined;
  const here = await search.state(point);
  const address = await fast.callInstruction(point);
  const line = await search.state(site);
  if (address === undefined || line.exited) return undefined;
  const depth = depthOf(line);
  let base: TimePointEntry[] = site;
  let entry = search.plus(site, 'step');
  for (let call = 0; call < maxCallsPerLine; call++) {
    const entered = await search.state(entry);
    if (entered.exited || depthOf(entered) < depth) return undefined;
    if (depthOf(entered) === depth) {
      // gdb stops where a call returns to a line table entry of the same line
      if (!sameLine(entered, line)) return undefined;
      base = entry;
    } else {
      if (depthOf(entered) === depthOf(here) && entered.location?.function === here.location?.function
        && (await fast.callInstruction(entry)) === address) return landBefore(search, base, address, line);
      base = search.plus(entry, 'finish');
      if (!sameFrame(await search.state(base), line)) return undefined;
    }
    entry = search.plus(base, 'step');
  }
  return undefined;
}

/** Just before `address` runs next from `base`, in the frame of `line`; undefined if that is not where it stops. */
export async function landBefore(search: FrameSearch, base: TimePointEntry[], address: bigint, line: ProbeState): Promise<TimePointEntry[] | undefined> {
  const at = await search.state(base);
  if (at.location?.pc !== undefined && BigInt(at.location.pc) === address) return base;
  const landing = search.plus(base, countedStopCommand(address, 1));
  const state = await search.state(landing);
  return sameFrame(state, line) && state.location?.pc !== undefined && BigInt(state.location.pc) === address ? landing : undefined;
}
