// Breakpoints and watchpoints restricted to a thread, and `$_thread` in their conditions, in the forward
// run's thread numbers (threadNumbers.ts). gdb's own `break LOC thread N` names gdb's
// thread N, another thread after a restore, and gdb deletes such a breakpoint with the
// process at every restore. So fred gives gdb a condition instead, `$_fred_in_thread(N)`
// (fredGdbThreads.py): it names the forward run's thread N in every copy, gdb keeps the
// breakpoint and its number across restores, and fred's replays and searches evaluate it
// like any condition (the thread that hits is the one selected while gdb evaluates it).
// `$_thread` in a condition becomes `$_fred_thread()`. gdb's answers are shown as plain gdb
// gives them for the user's breakpoint (`... thread N`, `stop only in thread N`).
import type { ThreadMap } from './threadNumbers';

const BREAK_COMMAND = /^(\s*)(b|br|bre|brea|break|tb|tbr|tbre|tbrea|tbreak|hb|hbr|hbre|hbrea|hbreak|thb|thbr|thbre|thbrea|thbreak|wa|wat|watc|watch|rw|rwa|rwat|rwatc|rwatch|aw|awa|awat|awatc|awatch)(?=\s|$)(.*)$/;
const CONDITION_COMMAND = /^(\s*)(cond|condi|condit|conditi|conditio|condition)(\s+)((?:-force\s+)?)(\d+)(?:\s+(.*))?$/;
/** `thread N` among a break command's arguments (before its `if`). */
const THREAD_KEYWORD = /(^|\s)thread\s+(\d+)(?=\s|$)/;
const IF_KEYWORD = /(?:^|\s)if(?=\s|$)/;
const THREAD_VARIABLE = /\$_thread\b/g;
const FRED_THREAD_VARIABLE = /\$_fred_thread\(\)/g;
/** The condition fred gives gdb for `thread N [if COND]`. */
const RESTRICTION = /^\$_fred_in_thread\((\d+)\)(?: && \((.*)\))?$/;
const MADE = /^(?:(?:Temporary breakpoint|Hardware assisted breakpoint|Breakpoint) (\d+) at |(?:Hardware (?:read |access \(read\/write\) )?)?[Ww]atchpoint (\d+): )/m;

interface BreakCommand {
  indent: string;
  word: string;
  /** Everything before `thread N` / `if` (the location and its options). */
  location: string;
  thread?: number;
  condition?: string;
}

function parseBreak(line: string): BreakCommand | undefined {
  const m = BREAK_COMMAND.exec(line);
  if (!m) return undefined;
  const [, indent, word, rest] = m;
  const at = IF_KEYWORD.exec(rest);
  const head = at ? rest.slice(0, at.index) : rest;
  const condition = at ? rest.slice(at.index + at[0].length).trim() : undefined;
  const thread = THREAD_KEYWORD.exec(head);
  const location = thread ? head.slice(0, thread.index) + head.slice(thread.index + thread[0].length) : head;
  return { indent, word, location: location.trim(), thread: thread ? Number(thread[2]) : undefined, condition: condition || undefined };
}

/** The condition gdb is given: the user's thread restriction and condition, `$_thread` as fred's number. */
function gdbCondition(thread: number | undefined, condition: string | undefined): string | undefined {
  const own = condition?.replace(THREAD_VARIABLE, '$_fred_thread()');
  if (thread === undefined) return own;
  return own ? `$_fred_in_thread(${thread}) && (${own})` : `$_fred_in_thread(${thread})`;
}

const userCondition = (condition: string) => condition.replace(FRED_THREAD_VARIABLE, '$_thread');

export class ThreadBreakpoints {
  /** The user's breakpoint number -> the thread it is restricted to (the user's number). */
  private readonly restricted = new Map<number, number>();

  /** A command that names a thread in a breakpoint (its thread must be checked against the threads now). */
  static namesThread(line: string): boolean {
    return parseBreak(line)?.thread !== undefined;
  }

  /**
   * The command gdb is given for the user's `line` (user's breakpoint numbers still).
   * `threads`: the thread numbers now (undefined: one thread, or not running); a thread
   * that does not exist is left to gdb with a number no thread has ("Unknown thread N.",
   * answerToUser names the user's number).
   */
  toGdb(line: string, threads: ThreadMap | undefined, running: boolean): string {
    const b = parseBreak(line);
    if (b) {
      if (b.thread === undefined && !b.condition?.match(THREAD_VARIABLE)) return line;
      if (b.thread !== undefined) {
        const exists = threads ? threads.users.includes(b.thread) : running && b.thread === 1;
        if (!exists) return threads ? line.replace(THREAD_KEYWORD, (_, space: string) => `${space}thread ${threads.gdbOf(b.thread!)}`) : line;
      }
      const condition = gdbCondition(b.thread, b.condition);
      return `${b.indent}${b.word} ${b.location}${b.location ? ' ' : ''}if ${condition}`;
    }
    const c = CONDITION_COMMAND.exec(line);
    if (c) {
      const [, indent, word, space, force, number, expression] = c;
      const thread = this.restricted.get(Number(number));
      if (thread === undefined && !expression?.match(THREAD_VARIABLE)) return line;
      const condition = gdbCondition(thread, expression?.trim() || undefined);
      return `${indent}${word}${space}${force}${number}${condition ? ` ${condition}` : ''}`;
    }
    return line;
  }

  /** gdb answered the user's `line` (with the user's breakpoint numbers): note a thread-restricted breakpoint it made. */
  noteAnswer(line: string, answer: string): void {
    const thread = parseBreak(line)?.thread;
    const made = MADE.exec(answer);
    if (thread !== undefined && made) this.restricted.set(Number(made[1] ?? made[2]), thread);
  }

  /** The user's breakpoint number -> the thread it is restricted to (deleted ones too). */
  get restrictions(): ReadonlyMap<number, number> { return this.restricted; }

  /** gdb's answer with the user's conditions: `info breakpoints` rows as plain gdb shows a thread-restricted one. */
  answerToUser(text: string): string {
    if (!text.includes('$_fred_')) return text;
    const out: string[] = [];
    let row = -1;
    for (const line of text.split('\n')) {
      if (/^\d+(?:\.\d+)?\s/.test(line)) row = out.length;
      const stop = /^(\tstop only if )(.*)$/.exec(line);
      const restriction = stop && RESTRICTION.exec(stop[2]);
      if (!stop || !restriction) {
        out.push(userCondition(line));
        continue;
      }
      const [, thread, condition] = restriction;
      if (row >= 0 && /^\d+\s/.test(out[row])) out[row] += ` thread ${thread}`;
      if (condition !== undefined) out.push(`${stop[1]}${userCondition(condition)}`);
      out.push(`\tstop only in thread ${thread}`);
    }
    return out.join('\n').replace(RESTRICTION_ANYWHERE, (_, thread: string, condition?: string) => condition ? userCondition(condition) : `thread ${thread}`);
  }
}

/** A restriction quoted elsewhere (an error naming the condition). */
const RESTRICTION_ANYWHERE = /\$_fred_in_thread\((\d+)\)(?: && \((.*)\))?/g;
