// The thread numbers the user sees in gdb, kept as the forward run showed them. gdb numbers
// threads in the order it discovers them: in a plain run, the order of creation. After a
// restore gdb attaches to a new copy and numbers its threads again, in the order the
// library started them again (main first, then the others). fred's library numbers each
// thread in creation order in the program's memory (fred_thread_numbers.h), so every copy carries the numbers
// of the forward run; fredGdbThreads.py reads them. Here:
//   - the user's commands are translated to gdb's numbers (`thread N`, `thread apply LIST`,
//     `info threads LIST`, `$_thread` in what prints a value), replayed ones too;
//   - gdb's answers back (stop lines, `[Switching to thread N`, `info threads`' Id column).
// A thread the library did not number (started before it, or not by pthread_create) keeps
// gdb's number unless a numbered thread has it.

export interface GdbThread {
  /** gdb's number. */
  gdb: number;
  /** The library's (the forward run's), or null. */
  user: number | null;
  selected: boolean;
  /** Its LWP (gdb's "[Thread 0x... (LWP N) exited]"). */
  lwp?: number;
  name?: string;
  /** The selected thread, outside the program's code: the frame to finish to come back to it (fredGdbThreads.py way_out). */
  wayOut?: number;
  /** With wayOut: the program's line that frame returns to, that frame's id and depth (fredGdbThreads.py waits_in). */
  waitsIn?: WaitingLine;
}

export interface WaitingLine { line?: number; frameId?: string; depth: number }

/** What the session asks gdb (GdbProcessControl). */
export interface ThreadControl {
  threads(): Promise<GdbThread[]>;
}

const THREAD_COMMAND = /^(\s*)(t|th|thr|thre|threa|thread)(\s+)(.*)$/;
const INFO_THREADS = /^(\s*i(?:n(?:fo?)?)?\s+th(?:r(?:e(?:a(?:ds?)?)?)?)?)(?=\s|$)/;
/** Commands that print a value once: `$_thread` there is the selected thread's number now. */
const PRINTS_VALUE = /^\s*(?:p|pr|pri|prin|print|inspect|output|call|printf|echo)\b/;
const THREAD_VARIABLE = /\$_g?thread\b/;
/** gdb's answers that name threads by number. */
const MENTIONS = /^Thread \d+ (?:"|hit |received )|\[(?:Switching to|Current) thread \d+ |^Thread \d+ \(/m;
const TABLE_ROW = /^([* ]) (\d+)(\s+)(.*)$/;

export class ThreadMap {
  private readonly userOfGdb = new Map<number, number>();
  private readonly gdbOfUser = new Map<number, number>();
  readonly selectedUser?: number;
  readonly selectedName?: string;
  readonly selectedWayOut?: number;
  readonly selectedWaitsIn?: WaitingLine;

  constructor(readonly threads: readonly GdbThread[]) {
    const taken = new Set(threads.filter((t) => t.user !== null).map((t) => t.user!));
    let next = Math.max(0, ...taken, ...threads.map((t) => t.gdb)) + 1;
    for (const t of threads) {
      const user = t.user ?? (taken.has(t.gdb) ? next++ : t.gdb);
      this.userOfGdb.set(t.gdb, user);
      this.gdbOfUser.set(user, t.gdb);
      if (t.selected) {
        this.selectedUser = user;
        this.selectedName = t.name;
        this.selectedWayOut = t.wayOut;
        this.selectedWaitsIn = t.waitsIn;
      }
    }
  }

  /** Every thread has the number gdb gives it: nothing to translate. */
  get identity(): boolean {
    return [...this.userOfGdb].every(([gdb, user]) => gdb === user);
  }

  /** Numbers no thread has, given to gdb for a user's number no thread has (gdb's error names them). */
  private readonly invalid = new Map<number, number>();

  userOf(gdb: number): number {
    return this.userOfGdb.get(gdb) ?? this.invalid.get(gdb) ?? gdb;
  }

  /** gdb's number for the user's; one no thread has for a number the user cannot mean (gdb says it is invalid). */
  gdbOf(user: number): number {
    const gdb = this.gdbOfUser.get(user);
    if (gdb !== undefined) return gdb;
    if (!this.userOfGdb.has(user)) return user;
    const none = Math.max(...this.userOfGdb.keys(), ...this.gdbOfUser.keys()) + user;
    this.invalid.set(none, user);
    return none;
  }

  /** Every thread's number as the user knows it. */
  get users(): number[] {
    return [...this.gdbOfUser.keys()];
  }

  /** The user's number of the thread with this LWP. */
  userOfLwp(lwp: number): number | undefined {
    const thread = this.threads.find((t) => t.lwp === lwp);
    return thread ? this.userOf(thread.gdb) : undefined;
  }

  gdbOfSelectedUser(user: number): number | undefined {
    return this.gdbOfUser.get(user);
  }
}

/** Whether a command or its answer mentions thread numbers (then the map is worth asking for). */
export function commandNeedsThreads(line: string): boolean {
  return THREAD_COMMAND.test(line) || INFO_THREADS.test(line) || (PRINTS_VALUE.test(line) && THREAD_VARIABLE.test(line));
}

export function answerNeedsThreads(text: string): boolean {
  return MENTIONS.test(text);
}

/** "2 4-6 1.3" in the other numbering (ranges are expanded where numbers move). */
function translateList(list: string, map: (n: number) => number): string {
  return list.replace(/(?<![\w.$])(\d+)(?:-(\d+))?(?![\w.])/g, (whole, first: string, last: string | undefined) => {
    if (last === undefined) return String(map(Number(first)));
    const numbers: number[] = [];
    for (let n = Number(first); n <= Number(last); n++) numbers.push(map(n));
    return numbers.join(' ');
  });
}

/** The user's command with gdb's thread numbers in it. */
export function commandToGdb(line: string, map: ThreadMap): string {
  const toGdb = (n: number) => map.gdbOf(n);
  const info = INFO_THREADS.exec(line);
  if (info) return info[1] + line.slice(info[1].length).replace(/^((?:\s+-\S+)*)(.*)$/, (_, options: string, list: string) => options + translateList(list, toGdb));
  const thread = THREAD_COMMAND.exec(line);
  if (thread) {
    const [, indent, word, space, rest] = thread;
    const apply = /^(apply\s+)(.*)$/.exec(rest);
    if (apply) {
      if (/^all\b/.test(apply[2])) return line;
      // the list runs up to the command: numbers, ranges, spaces
      const list = /^((?:\d+(?:-\d+)?\s*)+)(.*)$/.exec(apply[2]);
      return list ? `${indent}${word}${space}${apply[1]}${translateList(list[1], toGdb)}${list[2]}` : line;
    }
    if (/^\d+\s*$/.test(rest)) return `${indent}${word}${space}${toGdb(Number(rest.trim()))}`;
    return line;
  }
  if (PRINTS_VALUE.test(line) && map.selectedUser !== undefined) return line.replace(/\$_g?thread\b/g, String(map.selectedUser));
  return line;
}

/** gdb's answer with the user's thread numbers in it. */
export function answerToUser(command: string, text: string, map: ThreadMap): string {
  const toUser = (n: number) => map.userOf(n);
  let out = text
    .replace(/^Thread (\d+) (?="|hit |received )/gm, (_, n: string) => `Thread ${toUser(Number(n))} `)
    .replace(/\[(Switching to|Current) thread (\d+) /g, (_, what: string, n: string) => `[${what} thread ${toUser(Number(n))} `)
    .replace(/^Thread (\d+) \(/gm, (_, n: string) => `Thread ${toUser(Number(n))} (`)
    .replace(/^(Invalid thread ID: |Unknown thread )(\d+)/gm, (_, said: string, n: string) => `${said}${toUser(Number(n))}`);
  if (INFO_THREADS.test(command)) out = tableToUser(out, toUser);
  return out;
}

/** `info threads`: each row's Id, rows in the user's order, the column as wide as gdb made it. */
function tableToUser(text: string, toUser: (n: number) => number): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => TABLE_ROW.test(l));
  if (first < 0) return text;
  let end = first;
  while (end < lines.length && TABLE_ROW.test(lines[end])) end++;
  const rows = lines.slice(first, end).map((line) => {
    const [, mark, n, space, rest] = TABLE_ROW.exec(line)!;
    const user = toUser(Number(n));
    return { user, line: `${mark} ${String(user).padEnd(n.length + space.length - 1)} ${rest}` };
  });
  rows.sort((a, b) => a.user - b.user);
  return [...lines.slice(0, first), ...rows.map((r) => r.line), ...lines.slice(end)].join('\n');
}
