// The breakpoint numbers and hit counts the user sees, kept as a plain gdb session would
// show them. gdb numbers breakpoints itself, counting up, and cannot be told which number
// to give (setting $bpnum changes nothing; Python cannot renumber). fred creates some
// breakpoints of its own (a watchpoint on a local re-created after each restore, stand-ins
// during replays), which shifts every later number. So:
//   - a breakpoint fred re-creates for the user keeps the user's number;
//   - one the user creates gets gdb's number minus the numbers fred used up before it,
//     which is what plain gdb would have given it;
//   - the user's commands are translated to gdb's numbers, gdb's answers back.
// Hit counts: a replay hits breakpoints again, and a restore goes back to a time with
// fewer hits. fred resets gdb's counts when it restores and shows gdb's count plus the
// count the user's breakpoint had at the restored time point.

/** gdb commands that take breakpoint numbers; min: shortest abbreviation gdb accepts. */
const NUMBERED_COMMANDS: Array<{ name: string; min: number }> = [
  { name: 'delete', min: 1 }, { name: 'disable', min: 3 }, { name: 'enable', min: 2 },
  { name: 'condition', min: 4 }, { name: 'ignore', min: 3 }, { name: 'commands', min: 4 },
];
/** Subcommands of delete/disable/enable that are about something else than breakpoints. */
const OTHER_SUBCOMMANDS = /^(?:display|mem|bookmark|checkpoint|pretty-printer|frame-filter|type-printer|unwinder|xmethod|probes|tvariable|tracepoints?)\b/;
const INFO_BREAKPOINTS = /^(\s*i(?:n(?:fo?)?)?\s+(?:b(?:r(?:e(?:a(?:k(?:p(?:o(?:i(?:n(?:t(?:s)?)?)?)?)?)?)?)?)?)?|wat(?:c(?:h(?:p(?:o(?:i(?:n(?:t(?:s)?)?)?)?)?)?)?)?))(?=\s|$)/;
/** A breakpoint word followed by one or more numbers ("Breakpoint 2,", "breakpoints 2 3", "breakpoint(s) 1, 4"). */
const MENTION = /\b((?:breakpoint|watchpoint|catchpoint|dprintf|tracepoint)(?:s|\(s\))?(?: number)?)((?:(?:,? and |,? )\d+(?:\.\d+)?(?!\w))+)/gi;
const HITS_LINE = /^\tbreakpoint already hit (\d+) times?$/;

function commandName(word: string): string | undefined {
  return NUMBERED_COMMANDS.find((c) => word.length >= c.min && c.name.startsWith(word))?.name;
}

export class BreakpointNumbers {
  /** gdb numbers fred created, ascending (gdb's numbers only grow). */
  private readonly fredMade: number[] = [];
  /** Re-created breakpoints: gdb's number <-> the user's. */
  private readonly userOfGdb = new Map<number, number>();
  private readonly gdbOfUser = new Map<number, number>();
  /** By user number: what the count was at the restored time point (shown: this + gdb's count). */
  private readonly hitsBefore = new Map<number, number>();

  /** No number differs from gdb's: nothing to translate. */
  get identity(): boolean { return this.fredMade.length === 0; }

  /** fred created gdb's breakpoint `gdbNumber`; `user`: the user's breakpoint it stands for. */
  fredCreated(gdbNumber: number, user?: number): void {
    this.fredMade.push(gdbNumber);
    this.fredMade.sort((a, b) => a - b);
    if (user === undefined) return;
    this.userOfGdb.set(gdbNumber, user);
  }

  /** gdbNumber is now the user's breakpoint `user` (a re-created one). */
  assign(user: number, gdbNumber: number): void {
    this.fredCreated(gdbNumber, user);
    this.gdbOfUser.set(user, gdbNumber);
  }

  private fredMadeBelow(gdbNumber: number): number {
    let n = 0;
    while (n < this.fredMade.length && this.fredMade[n] < gdbNumber) n++;
    return n;
  }

  userOf(gdbNumber: number): number {
    return this.userOfGdb.get(gdbNumber) ?? gdbNumber - this.fredMadeBelow(gdbNumber);
  }

  gdbOf(user: number): number {
    const recreated = this.gdbOfUser.get(user);
    if (recreated !== undefined) return recreated;
    for (let g = user; ; g++) if (!this.fredMade.includes(g) && g - this.fredMadeBelow(g) === user) return g;
  }

  /** A list like "2 4-6 $bpnum" in the other numbering (ranges are expanded where numbers move). */
  private translateList(list: string, map: (n: number) => number): string {
    return list.replace(/(\d+)(?:-(\d+))?(\.\d+)?/g, (whole, first: string, last: string | undefined, location: string | undefined) => {
      if (last === undefined) return `${map(Number(first))}${location ?? ''}`;
      const numbers: number[] = [];
      for (let n = Number(first); n <= Number(last); n++) numbers.push(map(n));
      return numbers.join(' ');
    });
  }

  /** The user's command line with gdb's numbers in it. */
  toGdb(line: string): string {
    if (this.identity) return line;
    const info = INFO_BREAKPOINTS.exec(line);
    if (info) return info[1] + this.translateList(line.slice(info[1].length), (n) => this.gdbOf(n));
    const m = /^(\s*)(\S+)(\s*)(.*)$/.exec(line);
    const name = m && commandName(m[2]);
    if (!m || !name) return line;
    const [, indent, word, space, rest] = m;
    const gdbList = (text: string) => this.translateList(text, (n) => this.gdbOf(n));
    let translated: string;
    if (name === 'condition' || name === 'ignore') {
      // only the first number: the rest is an expression or a count
      translated = rest.replace(/^((?:-force\s+)?)(\d+)/, (_, force: string, n: string) => `${force}${this.gdbOf(Number(n))}`);
    } else if (name === 'commands') {
      translated = gdbList(rest);
    } else {
      const sub = /^(breakpoints?\s+)?(.*)$/.exec(rest)!;
      if (OTHER_SUBCOMMANDS.test(sub[2])) return line;
      // enable once / delete / count N LIST: N is a count
      const mode = /^((?:once|delete|count\s+\d+)\s+)?(.*)$/.exec(sub[2])!;
      translated = (sub[1] ?? '') + (mode[1] ?? '') + gdbList(mode[2]);
    }
    return `${indent}${word}${space}${translated}`;
  }

  /** gdb's answer to the user's command with the user's numbers and hit counts in it. */
  toUser(command: string, text: string): string {
    const table = INFO_BREAKPOINTS.test(command);
    if (this.identity && !(table && this.hitsBefore.size > 0)) return text;
    const mentions = this.identity ? text : text.replace(MENTION, (_, word: string, numbers: string) => word + this.translateList(numbers, (n) => this.userOf(n)));
    return table ? this.tableToUser(mentions) : mentions;
  }

  /** `info breakpoints`: each row's number, and its hit count line as the user's count. */
  private tableToUser(text: string): string {
    const out: string[] = [];
    let row: number | undefined;
    const hitsLine = (gdbCount: number) => {
      const shown = this.shownHits(row!, gdbCount);
      if (shown > 0) out.push(`\tbreakpoint already hit ${shown} time${shown === 1 ? '' : 's'}`);
      row = undefined;
    };
    for (const line of text.split('\n')) {
      const m = /^(\d+)(\.\d+)?(\s.*)$/.exec(line);
      if (m) {
        if (row !== undefined) hitsLine(0);
        const user = this.userOf(Number(m[1]));
        // same width: gdb pads the number column
        out.push(`${user}${m[2] ?? ''}`.padEnd(m[1].length + (m[2]?.length ?? 0)) + m[3]);
        if (m[2] === undefined) row = user;
        continue;
      }
      const hits = HITS_LINE.exec(line);
      if (hits && row !== undefined) {
        hitsLine(Number(hits[1]));
        continue;
      }
      // gdb prints the hit count after the row's "stop only ..." lines, and none when it is 0
      if (row !== undefined && !/^\tstop only /.test(line)) hitsLine(0);
      out.push(line);
    }
    if (row !== undefined) hitsLine(0);
    return out.join('\n');
  }

  /** The count the user sees for breakpoint `user` when gdb's is gdbCount. */
  shownHits(user: number, gdbCount: number): number {
    return (this.hitsBefore.get(user) ?? 0) + gdbCount;
  }

  /** After a restore (gdb's counts reset to 0): the counts at the restored time point, by user number. */
  restoredHits(hits: ReadonlyMap<number, number>): void {
    this.hitsBefore.clear();
    for (const [user, count] of hits) if (count > 0) this.hitsBefore.set(user, count);
  }

  /** The counts the user sees now, by user number, from gdb's (by gdb number). */
  shownFromGdb(gdbHits: ReadonlyMap<number, number>): Map<number, number> {
    const shown = new Map<number, number>();
    for (const [gdbNumber, count] of gdbHits) {
      const user = this.userOf(gdbNumber);
      shown.set(user, this.shownHits(user, count));
    }
    return shown;
  }
}
