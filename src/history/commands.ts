// The kinds of command lines typed at gdb or pdb: what a command does to the program, how
// many times it repeats, and therefore whether going back in time must replay it. Each
// debugger's words are in its dialect (dialects/gdb.ts, dialects/pdb.ts); fred's own words
// (anchor, counted stop) are here.
//
// Kinds and how replay treats them (see replayPlan.ts):
//   run                  starts the program (gdb run/start/starti, pdb restart/run): replayed.
//   next step stepi nexti continue finish until advance jump
//                        resume the program: replayed.
//   side-effect          changes program state without resuming it (print x = 5, print x++,
//                        call f(), set var x=1, gdb return/signal, pdb `!x = 3`, `p f()`): replayed.
//   frame-select         frame/up/down (gdb), u/d (pdb): changes which frame later commands
//                        act on (finish, until, print x = 1, pdb next): replayed, cheap and
//                        deterministic; not counted as moving the program.
//   ignore               gdb `ignore N COUNT`: replayed (how many crossings are left to
//                        ignore belongs to the time point, like the program's state).
//   breakpoint           break/watch/delete/... : NOT replayed, the debugger keeps its own
//                        breakpoints across a restart.
//   read-only            info/list/bt/print without side effects/x/show/help: dropped.
//   kill, quit           end the program / the debugger.
//   anchor               `fred-anchor N` (fred's own): the state of snapshot N, taken by a
//                        timer in the middle of a long command during fred-reverse-watch
//                        (gdb), or at a stop the user made with Ctrl-C (gdb, pdb).
//                        Reached only by restoring that snapshot; never sent to gdb.
//   counted-stop         `fred-hits ADDR N` (fred's own, gdb): continue, stopping just before
//                        the N-th execution of the instruction at ADDR (or earlier at the
//                        continue's own stop). Deterministic: replayed like a command.
//                        pdb: `fred-hits 0 N`, just before the N-th line the program runs.
//   call-stop            `fred-call N` (fred's own, gdb): continue until the program enters
//                        its N-th call that may wait (a recorded system call, a sleep:
//                        fred's library numbers them) and stop there. A Ctrl-C stop of a
//                        program waiting in call N becomes this. Deterministic: replayed.
//   other                debugger settings and anything unknown: not replayed (settings live
//                        in the debugger, and replaying `shell ...` could do harm).
//
// `count`: how many times the command repeats (`next 3`, `s 2`, `si 4`); 1 otherwise.
// `continue N` is ONE resume that sets the ignore count of the breakpoint it stopped at
// to N-1: its count is 1 and N is kept in `argument`.
// pdb has no counts; fred accepts `n 3` for pdb too and the session repeats the command,
// stopping early at a breakpoint or exit like gdb does.

export type DebuggerKind = 'gdb' | 'pdb';

export type CommandKind =
  | 'run' | 'next' | 'step' | 'continue' | 'finish' | 'until' | 'advance' | 'stepi' | 'nexti' | 'jump'
  | 'side-effect' | 'breakpoint' | 'frame-select' | 'read-only' | 'kill' | 'quit' | 'other'
  | 'anchor' | 'counted-stop' | 'call-stop' | 'ignore';

export interface ClassifiedCommand {
  /** The line as typed, trimmed. */
  text: string;
  kind: CommandKind;
  /** Repeat count (`next 3` = 3); 1 when the command has none. Never 0. */
  count: number;
  /** The command lets the program run (run, next, step, continue, ...). */
  resumes: boolean;
  /** The command changes the program: resumes, side effects, kill. What `fred-undo` counts. */
  movesProgram: boolean;
  /** The rest of the line after the command word (location for until/advance, N for `continue N`). */
  argument: string;
}

const resumingKinds: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'run', 'next', 'step', 'continue', 'finish', 'until', 'advance', 'stepi', 'nexti', 'jump', 'anchor', 'counted-stop', 'call-stop',
]);

/** Kinds whose count argument is a repeat count. */
export const repeatingKinds: ReadonlySet<CommandKind> = new Set<CommandKind>(['next', 'step', 'stepi', 'nexti']);

/** A command word: its full name, the shortest prefix gdb/pdb accept, and what it does. */
export interface Word { name: string; min: number; kind: CommandKind | 'print' | 'set' }

export function lookupWord(word: string, words: Word[]): Word | undefined {
  const exact = words.find((w) => w.name === word);
  if (exact) return exact;
  return words.find((w) => word.length >= w.min && w.name.startsWith(word));
}

function parseCount(kind: CommandKind, argument: string): number {
  if (!repeatingKinds.has(kind)) return 1;
  const n = /^\d+$/.test(argument) ? Number(argument) : 1;
  return n >= 1 ? n : 1;
}

/** A classified command of `kind`; `resumesAnyway`: a side effect that also lets the program run (gdb's `signal`). */
export function classified(text: string, kind: CommandKind, argument: string, resumesAnyway = false): ClassifiedCommand {
  const resumes = resumesAnyway || resumingKinds.has(kind);
  return {
    text, kind, argument, resumes,
    count: parseCount(kind, argument),
    movesProgram: resumes || kind === 'side-effect' || kind === 'kill',
  };
}

/**
 * Classifies one line: splits off the command word, answers fred's own words (the same for
 * every debugger) and asks `byWord` (the dialect's word table) for the rest. Empty lines are 'other'.
 */
export function classifyLine(line: string, byWord: (text: string, word: string, argument: string) => ClassifiedCommand): ClassifiedCommand {
  const text = line.trim();
  const match = /^([^\s/]+)(.*)$/s.exec(text);
  if (!match) return classified(text, 'other', '');
  const word = match[1];
  const argument = match[2].trim();
  if (word === anchorWord) return classified(text, 'anchor', argument); // a snapshot's state (a Ctrl-C stop's, a timer's)
  // `fred-hits ADDR N` (gdb); pdb: `fred-hits 0 N`, the N-th line run (reverse-watch), `fred-hits K N`, the N-th time at breakpoint place K
  if (word === countedStopWord) return classified(text, 'counted-stop', argument);
  if (word === callStopWord) return classified(text, 'call-stop', argument); // `fred-call N` (gdb)
  return byWord(text, word, argument);
}

/**
 * The canonical line for `count` repetitions of a stepping command, as fred's reverse
 * algorithms write them into time points: `next`, `next 5`, `step 3`, `stepi 2`.
 * pdb: the session repeats the bare command `count` times (stopping early at a breakpoint
 * or exit), see `repeatedLines`.
 */
export function repeatCommand(kind: 'next' | 'step' | 'stepi' | 'nexti', count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`repeat count must be a positive integer, got ${count}`);
  return count === 1 ? kind : `${kind} ${count}`;
}

const anchorWord = 'fred-anchor';
const countedStopWord = 'fred-hits';
const callStopWord = 'fred-call';

/** The time point command for "the state of snapshot id" (see `anchor` above). */
export function anchorCommand(snapshotId: number): string {
  return `${anchorWord} ${snapshotId}`;
}

/** The snapshot an anchor command stands for; undefined for any other command. */
export function anchorSnapshot(line: string): number | undefined {
  const m = new RegExp(`^${anchorWord} (\\d+)$`).exec(line.trim());
  return m ? Number(m[1]) : undefined;
}

/** The time point command for "continue until just before the count-th execution of address". */
export function countedStopCommand(address: bigint, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`execution count must be a positive integer, got ${count}`);
  return `${countedStopWord} ${address.toString(16)} ${count}`;
}

export function parseCountedStop(line: string): { address: bigint; count: number } | undefined {
  const m = new RegExp(`^${countedStopWord} ([0-9a-f]+) (\\d+)$`).exec(line.trim());
  return m ? { address: BigInt(`0x${m[1]}`), count: Number(m[2]) } : undefined;
}

/** The time point command for "continue until the program enters its call number `call`". */
export function callStopCommand(call: number): string {
  if (!Number.isInteger(call) || call < 1) throw new Error(`call number must be a positive integer, got ${call}`);
  return `${callStopWord} ${call}`;
}

export function parseCallStop(line: string): number | undefined {
  const m = new RegExp(`^${callStopWord} (\\d+)$`).exec(line.trim());
  return m ? Number(m[1]) : undefined;
}
