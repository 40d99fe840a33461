// pdb's personality. Questions use only read-only pdb commands, so nothing in the
// program changes and no name is bound in its namespace:
//   location    -> `where`  (stack listing; pdb's own frames bdb.py run() and <string>
//                            are left out, so depth counts the user's frames only)
//   evaluate    -> `p EXPR` (an error shows as "*** NameError: ...")
//   breakpoints -> `break`  (the table pdb prints with no argument)
//   program pid -> `p __import__('os').getpid()` (os is already imported by pdb)
// pdb repeats its last command on an empty line, and fred's queries would become that
// command, so an empty line is sent as the user's own last command instead.
import { BreakpointState, Location, ProgramStatus } from './debugger';
import { commandWord, Personality } from './personality';

const CONTINUE_COMMANDS = new Set(['c', 'cont', 'continue']);
const STEP_COMMANDS = new Set(['s', 'step', 'n', 'next', 'r', 'return', 'unt', 'until', 'j', 'jump']);
const RESTART_COMMANDS = new Set(['run', 'restart']);

/** "> /path/x.py(12)f()" or "  /path/x.py(12)f()->3" in `where` and after each stop. */
const FRAME_LINE = /^[> ] (.*?)\((\d+)\)([^\s()]*)\(\)(?:->.*)?$/;
const STOP_LINE = /^> .*?\(\d+\)[^\s()]*\(\)/m;
/** The line a stop report starts with (Personality.stopReport, fredPdbState.py's stop_frames). */
const STOP_MARK = 'fred-stop';

interface Frame { file: string; line: number; function: string; selected: boolean }

function parseFrames(text: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of text.split('\n')) {
    const m = FRAME_LINE.exec(line);
    if (m) frames.push({ file: m[1], line: Number(m[2]), function: m[3], selected: line.startsWith('>') });
  }
  // pdb runs the script from bdb's run() through exec of a "<string>" frame.
  let first = 0;
  while (first < frames.length && (/(^|\/)bdb\.py$/.test(frames[first].file) || frames[first].file === '<string>')) first++;
  return frames.slice(first);
}

/** Where the program is, from a `where` listing: the innermost user frame. */
function locationIn(text: string): Location | undefined {
  const frames = parseFrames(text);
  const top = frames[frames.length - 1];
  if (!top) return undefined;
  const selected = frames.findIndex((f) => f.selected);
  return {
    file: top.file, line: top.line, function: top.function,
    pc: `${top.file}:${top.line}`, depth: frames.length, frameId: `${frames.length}:${top.function}`,
    // only when the user selected an outer frame (u): 0 is what no field means
    ...(selected >= 0 && selected < frames.length - 1 ? { selectedLevel: frames.length - 1 - selected } : {}),
  };
}

/** "Exit status: 3" -> 3; sys.exit() -> 0; sys.exit("message") -> 1 (what Python exits with). */
function exitCodeOf(status: string): number {
  const s = status.trim();
  if (/^-?\d+$/.test(s)) return Number(s) & 0xff;
  return s === 'None' ? 0 : 1;
}

const BREAKPOINT_ROW = /^(\d+)\s+breakpoint\s+(keep|del)\s+(yes|no)\s+at (.+):(\d+)$/;
const CONDITION_ROW = /^\s+stop only if (.*)$/;

function parseBreakpointTable(text: string): BreakpointState[] {
  const list: BreakpointState[] = [];
  for (const line of text.split('\n')) {
    const row = BREAKPOINT_ROW.exec(line);
    if (row) {
      const verb = row[2] === 'del' ? 'tbreak' : 'break';
      list.push({ number: Number(row[1]), enabled: row[3] === 'yes', spec: `${verb} ${row[4]}:${row[5]}`, kind: 'breakpoint' });
      continue;
    }
    const condition = CONDITION_ROW.exec(line);
    if (condition && list.length) {
      list[list.length - 1].spec += `, ${condition[1]}`;
      list[list.length - 1].condition = condition[1];
    }
  }
  return list;
}

export function pdbPersonality(): Personality {
  return {
    kind: 'pdb',
    // The prompt, the prompt of `commands` and the question of `clear` with no argument.
    prompt: /(?:\(Pdb\) |\(com\) |Clear all breaks\? )$/,
    // pdb stops at the script's first line before showing its first prompt.
    initialStatus: { kind: 'stopped', reason: 'other' },
    interruptWith: 'signal',

    startupCommands: () => [],
    internal: (command) => command,
    repeatOfEmptyLine: (last) => last ?? '',

    // queued by pdb's `;;` for the stop the command ends at: the frames `where` would list
    // (fredPdbState.py, loaded by fred's sessions; without it, no report and fred asks).
    // Python 3.13's pdb runs what follows `;;` before the command: a stop line after the
    // report says so, and then fred asks too.
    stopReport: {
      suffix: ";;p __import__('_fred_pdb').stop_frames()",
      parse(text) {
        const lines = text.split('\n');
        const mark = lines.lastIndexOf(STOP_MARK);
        const after = lines.slice(mark + 1).join('\n');
        return mark < 0 || STOP_LINE.test(after) ? undefined : locationIn(after);
      },
    },

    locationQuery: 'where',
    parseLocation: locationIn,

    // at a depth: fred's helper (fredPdbState.py, loaded by fred's pdb sessions) picks the frame
    evaluateQuery: (expression, frameDepth) => (frameDepth === undefined ? `p ${expression}` : `p __import__('_fred_pdb').eval_at(${frameDepth}, ${JSON.stringify(expression)})`),
    parseEvaluation(text) {
      const value = text.replace(/\n+$/, '');
      return /^\*\*\* /.test(value) ? undefined : value;
    },

    breakpointsQuery: 'break',
    parseBreakpoints: parseBreakpointTable,

    programPidQuery: "p __import__('os').getpid()",
    parseProgramPid(text) {
      const pid = Number(text.trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    },

    statusAfter(command, text, previous): ProgramStatus {
      const sysExit = /^The program exited via sys\.exit\(\)\. Exit status: ?(.*)$/m.exec(text);
      if (sysExit) return { kind: 'exited', code: exitCodeOf(sysExit[1]) };
      if (/^The program finished and will be restarted$/m.test(text)) return { kind: 'exited', code: 0 };
      if (/^Post mortem debugger finished\./m.test(text)) return { kind: 'exited', code: 1 };
      if (/^Uncaught exception\. Entering post mortem debugging$/m.test(text)) return { kind: 'stopped', reason: 'signal' };
      if (/^Program interrupted\./m.test(text)) return { kind: 'stopped', reason: 'signal' };
      const word = commandWord(command);
      if (!STOP_LINE.test(text)) return previous;
      if (CONTINUE_COMMANDS.has(word)) return { kind: 'stopped', reason: 'breakpoint' };
      if (STEP_COMMANDS.has(word)) return { kind: 'stopped', reason: 'step' };
      if (RESTART_COMMANDS.has(word)) return { kind: 'stopped', reason: 'other' };
      return previous; // up, down, frame...: the program did not move
    },
  };
}
