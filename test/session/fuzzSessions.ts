// Random gdb sessions for the reverse commands' differential fuzzer (reverseFuzz.test.ts):
// a seeded generator of command sequences over small single-threaded programs, with
// breakpoints, forward commands, and either reverse commands (checked by gdb's record full)
// or fred-undo (checked by plain gdb forward): fuzzTruths.ts.
import * as fs from 'fs';
import { example } from './gdbScenario';
import { runPlainGdb, sourceFile } from './fuzzGdb';

/** A reproducible random number generator (mulberry32): the same seed, the same session. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Programs where gdb's `record full` works over the whole run (with plainLibc) and whose
 * lines have one line-table entry each: gdb 13's record steps back otherwise than gdb 14
 * and fred over a line with two (a `for` loop's header: loop_in_callee.c, late_frame.c,
 * finish_passes.c; `x = f() + 1;`), so it cannot judge there. fuzz_loops.c has loops.
 */
export const fuzzPrograms = ['factorial', 'nested_calls', 'recursion_bug', 'finish_crossing', 'fuzz_loops'];

export interface FuzzSession {
  seed: number;
  program: string;
  /** Breakpoints set before `run`. */
  setup: string[];
  /** The commands after `run`, fred's words. */
  commands: string[];
  /** With fred-undo (forward truth) or with reverse commands (record-full truth). */
  kind: 'reverse' | 'undo';
}

interface ProgramFacts { lines: number[]; functions: string[] }
const facts = new Map<string, ProgramFacts>();

/** The lines that have code (gdb's line table) and the functions a program defines. */
function factsOf(program: string): ProgramFacts {
  const known = facts.get(program);
  if (known) return known;
  const binary = example(program);
  const table = runPlainGdb(binary, [`maint info line-table ${program}.c`]);
  const lines = [...new Set([...table.matchAll(/^\d+\s+(\d+)\s+0x/gm)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const source = fs.readFileSync(sourceFile(binary), 'utf8');
  const functions = [...source.matchAll(/^(?:long|int|void)\s+\**(\w+)\s*\(/gm)].map((m) => m[1]);
  const found = { lines, functions };
  facts.set(program, found);
  return found;
}

type Pick = () => string[];

function weighted(rand: () => number, choices: Array<[number, Pick]>): string[] {
  const total = choices.reduce((sum, [w]) => sum + w, 0);
  let at = rand() * total;
  for (const [w, pick] of choices) {
    at -= w;
    if (at < 0) return pick();
  }
  return choices[choices.length - 1][1]();
}

/** One seeded session: `kind` reverse (rn, rs, reverse-finish, rc, rsi, rni) or undo (fred-undo). */
export function generate(seed: number, kind: FuzzSession['kind']): FuzzSession {
  const rand = random(seed * 2 + (kind === 'undo' ? 1 : 0));
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const one = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const program = one(fuzzPrograms);
  const { lines, functions } = factsOf(program);
  const place = () => (rand() < 0.35 ? one(functions) : String(one(lines)));
  const setup = [`break ${one(functions.filter((f) => f !== 'main'))}`];
  for (let n = int(0, 2); n > 0; n--) setup.push(`break ${place()}`);
  if (rand() < 0.4) setup.push('break main');
  const forward: Array<[number, Pick]> = [
    [4, () => ['next']], [4, () => ['step']], [1, () => [`next ${int(2, 4)}`]], [1, () => [`step ${int(2, 4)}`]],
    [2, () => ['finish']], [2.5, () => ['continue']], [1, () => ['until']], [0.5, () => [`until ${one(lines)}`]],
    [0.5, () => [`advance ${one(lines)}`]], [1, () => [`tbreak ${place()}`, 'continue']], [1, () => ['up']],
    [0.5, () => ['down']], [1, () => [`break ${place()}`]], [0.7, () => ['stepi']], [0.4, () => [`stepi ${int(2, 6)}`]],
    [0.4, () => ['nexti']],
  ];
  const backward: Array<[number, Pick]> = kind === 'undo'
    ? [[3, () => ['fred-undo']], [1, () => [`fred-undo ${int(2, 3)}`]]]
    : [
      [4, () => ['rn']], [4, () => ['rs']], [1, () => [`rn ${int(2, 3)}`]], [1, () => [`rs ${int(2, 3)}`]],
      [2.5, () => ['fred-reverse-finish']], [2.5, () => ['rc']], [0.5, () => ['rsi']], [0.5, () => ['rni']],
    ];
  const commands: string[] = [];
  const length = int(6, 14);
  while (commands.length < length) commands.push(...weighted(rand, rand() < 0.55 || commands.length === 0 ? forward : backward));
  return { seed, program, setup, commands, kind };
}

const gdbReverseWord: Record<string, string> = {
  rn: 'reverse-next', rs: 'reverse-step', 'fred-reverse-finish': 'reverse-finish', rc: 'reverse-continue', rsi: 'reverse-stepi', rni: 'reverse-nexti',
};

/** gdb's word for one of fred's (`rn 2` -> `reverse-next 2`). */
export function gdbWord(command: string): string {
  const [word, ...rest] = command.split(' ');
  return [gdbReverseWord[word] ?? word, ...rest].join(' ');
}

export function isReverse(command: string): boolean {
  return command.split(' ')[0] in gdbReverseWord;
}

export function isUndo(command: string): boolean {
  return command.startsWith('fred-undo');
}
