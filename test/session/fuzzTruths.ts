// The truths of the reverse commands' fuzzer (reverseFuzz.test.ts). A session with reverse
// commands is checked against gdb's own `record full`: the truth records the program's whole
// run from main on, goes back to the run's first stop (`record goto begin`) and plays the
// session's commands there, so that a forward command after a reverse one never meets the
// end of the record log (where gdb would stop). A session with fred-undo, which record full
// has not, is checked against plain gdb running forward the commands fred-undo leaves.
import { example, section } from './gdbScenario';
import { cutRun, dumpAs, programState, SessionRun, tagAfter, tagAfterRun, withDumps } from './fuzzDumps';
import { runPlainGdb, sourceFile } from './fuzzGdb';
import { FuzzSession, gdbWord, isReverse, isUndo } from './fuzzSessions';

/**
 * How far a truth can judge: commands from index `usable` on are not compared (the program
 * ended there). `startReached`: reverse commands that met the start of gdb's record (main's
 * first line), from where fred may go further back, to the program's first instruction.
 */
export interface Truth extends SessionRun { usable: number; startReached: ReadonlySet<number> }

const tidiers = new Map<string, (dump: string) => string>();

/** How `program`'s dumps are compared (fuzzDumps.ts programState). */
export function tidyFor(program: string): (dump: string) => string {
  let tidy = tidiers.get(program);
  if (!tidy) tidiers.set(program, (tidy = programState(sourceFile(example(program)))));
  return tidy;
}

const endOfRecord = /^No more reverse-execution history\./m;
const programEnded = /^\[Inferior \d+ \(process \d+\) exited|^Program stopped\.|^The program is not being run\.|^Process record/m;

/**
 * gdb's record full over the whole run: stop at main (recording starts there), record to the
 * first stop the session's `run` makes, then on to the program's end, back to that first stop,
 * and the commands from there. `dropped`: indexes of commands fred refused, left out.
 */
export function recordFullTruth(s: FuzzSession, dropped: ReadonlySet<number> = new Set()): Truth {
  const binary = example(s.program);
  const startedAtMain = /breakpoint already hit 1 time/.test(runPlainGdb(binary, [...s.setup, 'tbreak main', 'run', 'info breakpoints']));
  const toFirstStop = startedAtMain ? [] : ['continue'];
  const commands = s.commands.map((c, i) => (dropped.has(i) ? 'echo' : gdbWord(c)));
  const script = [
    ...s.setup, 'tbreak main', 'run', 'set record full insn-number-max unlimited', 'record full', ...toFirstStop,
    'disable', 'continue', 'enable', 'record goto begin', ...toFirstStop, 'echo @@RECORDED\\n',
    ...withDumps(commands),
  ];
  const transcript = runPlainGdb(binary, script);
  const recorded = transcript.slice(transcript.indexOf('@@RECORDED'));
  const unrecorded = /^Process record does not support.*$/m.exec(transcript.slice(0, transcript.length - recorded.length));
  if (unrecorded) throw new Error(`gdb's record full cannot follow ${s.program}'s run, so it cannot judge: ${unrecorded[0]}`);
  const run = cutRun(recorded, s.commands.length, tidyFor(s.program));
  let usable = run.dumps.length - 1;
  const startReached = new Set<number>();
  for (let i = 0; i < usable; i++) {
    const out = run.outputs[i + 1];
    if (programEnded.test(out) || (endOfRecord.test(out) && !isReverse(s.commands[i]))) usable = i;
    else if (endOfRecord.test(out)) startReached.add(i);
  }
  return { ...run, usable, startReached };
}

/** The state where `starti` stops (fred's reverse-continue with nothing to stop at goes there). */
export function startiDump(program: string): string {
  return tidyFor(program)(section(runPlainGdb(example(program), ['starti', ...dumpAs('S')]), 'S'));
}

const failedMove = /not meaningful in the outermost frame|^Initial frame selected; you cannot go up|^Bottom \(innermost\) frame selected; you cannot go down/m;
const entersHistory = (c: string) => !/^(break|tbreak)\b/.test(c);
const movesProgram = (c: string) => entersHistory(c) && !/^(up|down)\b/.test(c);

/**
 * Plain gdb forward with what fred-undo leaves: each `fred-undo N` drops the last N commands
 * that moved the program, and whatever entered the history after the first of them (up,
 * down); breakpoints set meanwhile stay. An undo of more than moved is a no-op (fred refuses).
 */
export function forwardTruth(s: FuzzSession, dropped: ReadonlySet<number> = new Set()): Truth {
  const binary = example(s.program);
  const tidy = tidyFor(s.program);
  let kept: string[] = [];
  const dumps: string[] = [];
  const outputs: string[] = [];
  let transcript = '';
  // one plain gdb run per stretch between undos: what is kept, then the stretch's commands with dumps
  const stretch = (from: number, to: number, undoAt?: number) => {
    const commands = s.commands.slice(from, to).map((c, k) => (dropped.has(from + k) ? 'echo' : c));
    const tags = [undoAt === undefined ? tagAfterRun : tagAfter(undoAt), ...commands.map((_, k) => tagAfter(from + k))];
    const out = runPlainGdb(binary, [...s.setup, 'run', ...kept, ...dumpAs(tags[0]), ...commands.flatMap((c, k) => [c, ...dumpAs(tags[k + 1])])]);
    transcript += out;
    for (const tag of tags) {
      try { dumps.push(tidy(section(out, tag))); } catch { dumps.push('(no dump)'); }
      outputs.push('');
    }
    kept.push(...s.commands.slice(from, to).filter((_, k) => !dropped.has(from + k)));
  };
  let from = 0;
  let undoAt: number | undefined;
  for (let i = 0; i <= s.commands.length; i++) {
    if (i < s.commands.length && (!isUndo(s.commands[i]) || dropped.has(i))) continue;
    stretch(from, i, undoAt);
    if (i === s.commands.length) break;
    kept = afterUndo(binary, s.setup, kept, Number(s.commands[i].split(' ')[1] ?? 1));
    undoAt = i;
    from = i + 1;
  }
  // as for recordFullTruth: nothing is judged from the command that ended the program on
  const ended = dumps.findIndex((d) => /^No stack\.$/m.test(d));
  return { transcript, outputs, dumps, usable: ended > 0 ? ended - 1 : dumps.length - 1, startReached: new Set() };
}

/** The commands left after `fred-undo count`, as fred's history counts them (src/history/reverse.ts undo()). */
function afterUndo(binary: string, setup: readonly string[], kept: readonly string[], count: number): string[] {
  const out = runPlainGdb(binary, [...setup, 'run', ...kept.flatMap((c, k) => [`echo @@K${k}\\n`, c]), 'echo @@K-END\\n']);
  const moved = kept.map((c, k) => {
    const start = out.indexOf(`@@K${k}\n`);
    const end = out.indexOf(k + 1 < kept.length ? `@@K${k + 1}\n` : '@@K-END\n', start);
    return movesProgram(c) && !failedMove.test(out.slice(start, end));
  });
  let left = count;
  for (let k = kept.length - 1; k >= 0; k--) {
    if (moved[k] && --left === 0) return [...kept.slice(0, k), ...kept.slice(k).filter((c) => !entersHistory(c))];
  }
  return [...kept];
}
