// The state dumps of the reverse commands' fuzzer (reverseFuzz.test.ts): one after `run` and
// after each command, cut out of fred's transcript and the truth's alike, with what differs
// between a process under fred and one under plain gdb for no fault of either masked: the
// stack garbage an uninitialised local shows (fred's preloaded library ran before main and
// left other bytes there), and a library function's locals (printf's buffers).
import * as fs from 'fs';
import { dumpState, section } from './gdbScenario';

/** Tags of the state dumps: after run, and after each command. */
export const tagAfter = (index: number) => `C${index + 1}`;
export const tagAfterRun = 'C0';

/** A state dump: the frames, the selected frame's locals, its pc, and which frame is selected. */
export function dumpAs(tag: string): string[] {
  return dumpState(tag, ['frame']);
}

/** The session's commands with a state dump after run and after each. */
export function withDumps(commands: readonly string[]): string[] {
  return [...dumpAs(tagAfterRun), ...commands.flatMap((c, i) => [c, ...dumpAs(tagAfter(i))])];
}

/** What one run of a session printed: each command's output, and the state dump after it. */
export interface SessionRun {
  transcript: string;
  /** outputs[i + 1], dumps[i + 1]: what command i printed and the state after it; [0] is run's. */
  outputs: string[];
  dumps: string[];
}

/** Cut a transcript with a dump after `run` and after each of `count` commands into their outputs and dumps. */
export function cutRun(transcript: string, count: number, tidy: (dump: string) => string): SessionRun {
  const lines = transcript.split('\n');
  const outputs: string[] = [];
  const dumps: string[] = [];
  let from = 0;
  for (let i = -1; i < count; i++) {
    const tag = i < 0 ? tagAfterRun : tagAfter(i);
    const start = lines.findIndex((l, k) => k >= from && l.trim() === `@@${tag}`);
    if (start < 0) break;
    outputs.push(lines.slice(from, start).join('\n'));
    dumps.push(tidy(section(transcript, tag)));
    const end = lines.findIndex((l, k) => k > start && l.trim() === '@@END');
    from = end < 0 ? lines.length : end + 1;
  }
  return { transcript, outputs, dumps };
}

/** A function's lines: its header ends at `header` (the line of its `{`); `locals`: see setLines. */
interface FunctionLines { header: number; locals: Map<string, number> }

/**
 * For each function of a C source, the line from which each local holds a value the program
 * gave it: its declaration's (`int x = f();`, `for (int i = 0; ...`), else the first line
 * after it that assigns it. A rough reading of the small programs the fuzzer runs.
 */
function setLines(source: string): Map<string, FunctionLines> {
  const lines = source.split('\n');
  const functions = new Map<string, FunctionLines>();
  let locals: Map<string, number> | undefined;
  lines.forEach((text, k) => {
    const fn = /^(?:long|int|void)\s+\**(\w+)\s*\(/.exec(text);
    if (fn) functions.set(fn[1], { header: text.includes('{') ? k + 1 : k + 2, locals: (locals = new Map()) });
    const declared = /^\s+(?:long|int)\s+(\w+)\s*(=|;)/.exec(text) ?? /\bfor\s*\(\s*(?:long|int)\s+(\w+)\s*(=)/.exec(text);
    if (!locals || !declared) return;
    const name = declared[1];
    const assigned = declared[2] === '=' ? k : lines.findIndex((l, j) => j > k && new RegExp(`\\b${name}\\s*=[^=]`).test(l));
    locals.set(name, (assigned < 0 ? k : assigned) + 1);
  });
  return functions;
}

/**
 * The dump of a state as both sides can agree on it: a library function's locals left out
 * (frame 0 outside the program's source), and in the selected frame the value of a local
 * whose assignment has not run yet (the frame stands on or before that line) masked.
 */
export function programState(sourceFile: string): (dump: string) => string {
  const set = setLines(fs.readFileSync(sourceFile, 'utf8'));
  const ownSource = new RegExp(`${sourceFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`);
  const frame = /^(#\d+\s+(?:0x[0-9a-f]+ in )?)(\w+) \((.*)\)( at .*:(\d+))$/;
  // in a function's prologue its arguments are not in their slots yet
  const argumentsSet = (l: string) => {
    const f = frame.exec(l);
    const header = f ? set.get(f[2])?.header : undefined;
    return f && header !== undefined && Number(f[5]) <= header ? `${f[1]}${f[2]} (arguments not set yet)${f[4]}` : l;
  };
  return (dump) => {
    const lines = dump.split('\n').map((l) => (l.startsWith('#') ? argumentsSet(l) : l));
    const top = lines.find((l) => l.startsWith('#0 '));
    if (top === undefined) return lines.join('\n');
    if (!ownSource.test(top)) return lines.filter((l) => /^#\d+ |^\$N = /.test(l)).join('\n');
    const pcAt = lines.findIndex((l) => l.startsWith('$N = '));
    const selected = frame.exec(lines.slice(pcAt).find((l) => l.startsWith('#')) ?? '');
    const locals = selected ? set.get(selected[2])?.locals : undefined;
    if (!selected || !locals) return lines.join('\n');
    const line = Number(selected[5]);
    return lines.map((l, k) => {
      const local = k < pcAt ? /^(\w+) = /.exec(l) : null;
      const from = local ? locals.get(local[1]) : undefined;
      return from !== undefined && line <= from ? `${local![1]} = (not set yet)` : l;
    }).join('\n');
  };
}
