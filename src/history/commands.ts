// Classifies a command line typed at gdb or pdb: what it does to the program, how many
// times it repeats, and therefore whether going back in time must replay it.
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
//   other                debugger settings and anything unknown: not replayed (settings live
//                        in the debugger, and replaying `shell ...` could do harm).
//
// `count`: how many times the command repeats (`next 3`, `s 2`, `si 4`); 1 otherwise.
// `continue N` is ONE resume that sets the ignore count of the breakpoint it stopped at
// to N-1: its count is 1 and N is kept in `argument`.
// pdb has no counts; fred accepts `n 3` for pdb too and the session repeats the command,
// stopping early at a breakpoint or exit like gdb does.

import { gdbExpressionHasSideEffects, pythonHasSideEffects } from './expressions';

export type DebuggerKind = 'gdb' | 'pdb';

export type CommandKind =
  | 'run' | 'next' | 'step' | 'continue' | 'finish' | 'until' | 'advance' | 'stepi' | 'nexti' | 'jump'
  | 'side-effect' | 'breakpoint' | 'frame-select' | 'read-only' | 'kill' | 'quit' | 'other'
  | 'anchor' | 'counted-stop' | 'ignore';

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
  'run', 'next', 'step', 'continue', 'finish', 'until', 'advance', 'stepi', 'nexti', 'jump', 'anchor', 'counted-stop',
]);

/** Kinds whose count argument is a repeat count. */
const repeatingKinds: ReadonlySet<CommandKind> = new Set<CommandKind>(['next', 'step', 'stepi', 'nexti']);

/** A command word: its full name, the shortest prefix gdb/pdb accept, and what it does. */
interface Word { name: string; min: number; kind: CommandKind | 'print' | 'set' }

const gdbWords: Word[] = [
  { name: 'run', min: 1, kind: 'run' }, { name: 'start', min: 5, kind: 'run' }, { name: 'starti', min: 6, kind: 'run' },
  { name: 'next', min: 1, kind: 'next' }, { name: 'step', min: 1, kind: 'step' },
  { name: 'stepi', min: 5, kind: 'stepi' }, { name: 'si', min: 2, kind: 'stepi' },
  { name: 'nexti', min: 5, kind: 'nexti' }, { name: 'ni', min: 2, kind: 'nexti' },
  { name: 'continue', min: 1, kind: 'continue' }, { name: 'fg', min: 2, kind: 'continue' },
  { name: 'finish', min: 3, kind: 'finish' }, { name: 'until', min: 1, kind: 'until' },
  { name: 'advance', min: 3, kind: 'advance' }, { name: 'jump', min: 1, kind: 'jump' },
  { name: 'signal', min: 3, kind: 'side-effect' }, { name: 'queue-signal', min: 12, kind: 'side-effect' },
  { name: 'return', min: 3, kind: 'side-effect' },
  { name: 'kill', min: 1, kind: 'kill' }, { name: 'quit', min: 1, kind: 'quit' },
  { name: 'print', min: 1, kind: 'print' }, { name: 'inspect', min: 3, kind: 'print' },
  { name: 'call', min: 3, kind: 'print' }, { name: 'output', min: 3, kind: 'print' },
  { name: 'printf', min: 6, kind: 'print' }, { name: 'set', min: 3, kind: 'set' },
  { name: 'break', min: 1, kind: 'breakpoint' }, { name: 'tbreak', min: 2, kind: 'breakpoint' },
  { name: 'rbreak', min: 2, kind: 'breakpoint' }, { name: 'hbreak', min: 2, kind: 'breakpoint' },
  { name: 'thbreak', min: 3, kind: 'breakpoint' }, { name: 'watch', min: 2, kind: 'breakpoint' },
  { name: 'rwatch', min: 2, kind: 'breakpoint' }, { name: 'awatch', min: 2, kind: 'breakpoint' },
  { name: 'delete', min: 1, kind: 'breakpoint' }, { name: 'clear', min: 2, kind: 'breakpoint' },
  { name: 'disable', min: 3, kind: 'breakpoint' }, { name: 'enable', min: 2, kind: 'breakpoint' },
  { name: 'condition', min: 4, kind: 'breakpoint' }, { name: 'ignore', min: 3, kind: 'ignore' },
  { name: 'commands', min: 4, kind: 'breakpoint' }, { name: 'display', min: 4, kind: 'breakpoint' },
  { name: 'undisplay', min: 5, kind: 'breakpoint' }, { name: 'catch', min: 3, kind: 'breakpoint' },
  { name: 'tcatch', min: 3, kind: 'breakpoint' }, { name: 'dprintf', min: 3, kind: 'breakpoint' },
  { name: 'info', min: 1, kind: 'read-only' }, { name: 'list', min: 1, kind: 'read-only' },
  { name: 'backtrace', min: 2, kind: 'read-only' }, { name: 'bt', min: 2, kind: 'read-only' }, { name: 'where', min: 5, kind: 'read-only' },
  { name: 'x', min: 1, kind: 'read-only' }, { name: 'show', min: 3, kind: 'read-only' },
  { name: 'help', min: 1, kind: 'read-only' }, { name: 'ptype', min: 2, kind: 'read-only' },
  { name: 'whatis', min: 5, kind: 'read-only' }, { name: 'disassemble', min: 5, kind: 'read-only' },
  { name: 'echo', min: 4, kind: 'read-only' }, { name: 'pwd', min: 3, kind: 'read-only' },
  { name: 'frame', min: 1, kind: 'frame-select' }, { name: 'up', min: 2, kind: 'frame-select' },
  { name: 'down', min: 2, kind: 'frame-select' }, { name: 'select-frame', min: 12, kind: 'frame-select' },
  { name: 'up-silently', min: 11, kind: 'frame-select' }, { name: 'down-silently', min: 13, kind: 'frame-select' },
  { name: 'thread', min: 6, kind: 'frame-select' },
];

const pdbWords: Word[] = [
  { name: 'next', min: 1, kind: 'next' }, { name: 'step', min: 1, kind: 'step' },
  { name: 'continue', min: 1, kind: 'continue' }, { name: 'cont', min: 4, kind: 'continue' },
  { name: 'return', min: 1, kind: 'finish' }, { name: 'until', min: 3, kind: 'until' },
  { name: 'jump', min: 1, kind: 'jump' }, { name: 'restart', min: 7, kind: 'run' }, { name: 'run', min: 3, kind: 'run' },
  { name: 'quit', min: 1, kind: 'quit' }, { name: 'exit', min: 4, kind: 'quit' },
  { name: 'break', min: 1, kind: 'breakpoint' }, { name: 'tbreak', min: 6, kind: 'breakpoint' },
  { name: 'clear', min: 2, kind: 'breakpoint' }, { name: 'disable', min: 7, kind: 'breakpoint' },
  { name: 'enable', min: 6, kind: 'breakpoint' }, { name: 'condition', min: 9, kind: 'breakpoint' },
  { name: 'ignore', min: 6, kind: 'ignore' }, { name: 'commands', min: 8, kind: 'breakpoint' },
  { name: 'display', min: 7, kind: 'breakpoint' }, { name: 'undisplay', min: 9, kind: 'breakpoint' },
  { name: 'p', min: 1, kind: 'print' }, { name: 'pp', min: 2, kind: 'print' },
  { name: 'list', min: 1, kind: 'read-only' }, { name: 'longlist', min: 2, kind: 'read-only' },
  { name: 'where', min: 1, kind: 'read-only' }, { name: 'bt', min: 2, kind: 'read-only' },
  { name: 'args', min: 1, kind: 'read-only' }, { name: 'help', min: 1, kind: 'read-only' },
  { name: 'whatis', min: 6, kind: 'read-only' }, { name: 'source', min: 6, kind: 'read-only' },
  { name: 'retval', min: 2, kind: 'read-only' },
  { name: 'up', min: 1, kind: 'frame-select' }, { name: 'down', min: 1, kind: 'frame-select' },
  { name: 'alias', min: 5, kind: 'other' }, { name: 'unalias', min: 7, kind: 'other' },
  { name: 'interact', min: 8, kind: 'side-effect' }, { name: 'debug', min: 5, kind: 'side-effect' },
];

function lookupWord(word: string, words: Word[]): Word | undefined {
  const exact = words.find((w) => w.name === word);
  if (exact) return exact;
  return words.find((w) => word.length >= w.min && w.name.startsWith(word));
}

/** gdb `print/x -pretty -- expr`: the expression part (only option-looking words are removed). */
function gdbPrintExpression(argument: string): string {
  return argument.replace(/^\/\w+\s*/, '').replace(/^(-[a-z][\w-]*\s+)*(--\s+)?/, '');
}

function parseCount(kind: CommandKind, argument: string): number {
  if (!repeatingKinds.has(kind)) return 1;
  const n = /^\d+$/.test(argument) ? Number(argument) : 1;
  return n >= 1 ? n : 1;
}

function make(text: string, kind: CommandKind, argument: string, resumesAnyway = false): ClassifiedCommand {
  const resumes = resumesAnyway || resumingKinds.has(kind);
  return {
    text, kind, argument, resumes,
    count: parseCount(kind, argument),
    movesProgram: resumes || kind === 'side-effect' || kind === 'kill',
  };
}

function classifyGdb(text: string, word: string, argument: string): ClassifiedCommand {
  if (word === anchorWord) return make(text, 'anchor', argument);
  if (word === countedStopWord) return make(text, 'counted-stop', argument);
  const found = lookupWord(word, gdbWords);
  if (!found) return make(text, 'other', argument);
  if (found.kind === 'print') {
    const sideEffect = found.name === 'call' || gdbExpressionHasSideEffects(gdbPrintExpression(argument));
    return make(text, sideEffect ? 'side-effect' : 'read-only', argument);
  }
  if (found.kind === 'set') {
    if (/^var(iable)?\b/.test(argument)) return make(text, 'side-effect', argument);
    return make(text, gdbExpressionHasSideEffects(argument) ? 'side-effect' : 'other', argument);
  }
  // `signal SIG` resumes the program delivering SIG: a side effect that also resumes.
  return make(text, found.kind, argument, found.name === 'signal');
}

function classifyPdb(text: string, word: string, argument: string): ClassifiedCommand {
  if (word === anchorWord) return make(text, 'anchor', argument); // a Ctrl-C stop's snapshot
  if (word === countedStopWord) return make(text, 'counted-stop', argument); // `fred-hits 0 N`: the N-th line run (reverse-watch); `fred-hits K N`: the N-th time at breakpoint place K
  if (text.startsWith('!')) {
    return make(text, pythonHasSideEffects(text.slice(1)) ? 'side-effect' : 'read-only', text.slice(1).trim());
  }
  const found = /^[a-z]+$/.test(word) ? lookupWord(word, pdbWords) : undefined;
  // pdb runs anything that is not one of its commands as a Python statement.
  if (!found) return make(text, pythonHasSideEffects(text) ? 'side-effect' : 'read-only', text);
  if (found.kind === 'print') {
    return make(text, pythonHasSideEffects(argument) ? 'side-effect' : 'read-only', argument);
  }
  if (found.kind === 'set') return make(text, 'other', argument);
  return make(text, found.kind, argument);
}

/** Classifies one command line for the given debugger. Empty lines are 'other'. */
export function classifyCommand(line: string, debuggerKind: DebuggerKind): ClassifiedCommand {
  const text = line.trim();
  const match = /^([^\s/]+)(.*)$/s.exec(text);
  if (!match) return make(text, 'other', '');
  const word = match[1];
  const argument = match[2].trim();
  return debuggerKind === 'gdb' ? classifyGdb(text, word, argument) : classifyPdb(text, word, argument);
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

/**
 * How the session sends a time point's command to the debugger: pdb has no repeat
 * counts, so `next 3` becomes the bare command with a count to repeat.
 */
export function repeatedLines(line: string, debuggerKind: DebuggerKind): { line: string; times: number } {
  const c = classifyCommand(line, debuggerKind);
  if (debuggerKind === 'pdb' && repeatingKinds.has(c.kind) && c.count > 1) {
    return { line: c.kind === 'next' ? 'next' : 'step', times: c.count };
  }
  return { line: c.text, times: 1 };
}

const anchorWord = 'fred-anchor';
const countedStopWord = 'fred-hits';

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
