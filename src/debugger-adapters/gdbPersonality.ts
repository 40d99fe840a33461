// gdb's personality: prompt "(gdb) ", questions answered by the Python commands in
// fredGdbHelpers.py (one JSON line each), and the program's state read from gdb's own
// fixed messages ("[Inferior 1 (process N) exited with code 03]", "Breakpoint 2, ...").
import { BreakpointState, Location, ProgramStatus } from './debugger';
import { commandWord, Personality } from './personality';

const JSON_MARK = 'fred-json: ';
/** fredGdbHelpers.py's report of a stop (fred-stop-reports on). */
const STOP_MARK = 'fred-stop: ';

/** Commands that let the program run (first word, with gdb's usual abbreviations). */
const RUNNING_COMMANDS = new Set([
  'r', 'run', 'start', 'starti', 'c', 'cont', 'continue', 'fg', 'n', 'next', 's', 'step', 'ni', 'nexti', 'si', 'stepi',
  'u', 'until', 'adv', 'advance', 'fin', 'finish', 'j', 'jump', 'signal',
]);

interface StatusEvent { at: number; status: ProgramStatus }

/** Each of gdb's messages about the program, with where it appears in the output. */
const STATUS_MESSAGES: Array<{ pattern: RegExp; status: (m: RegExpExecArray) => ProgramStatus }> = [
  { pattern: /^\[Inferior \d+ \(.*\) exited normally\]/gm, status: () => ({ kind: 'exited', code: 0 }) },
  // gdb prints the exit code in octal ("exited with code 012" is 10).
  { pattern: /^\[Inferior \d+ \(.*\) exited with code ([0-7]+)\]/gm, status: (m) => ({ kind: 'exited', code: parseInt(m[1], 8) }) },
  { pattern: /^Program terminated with signal (SIG\w+)/gm, status: (m) => ({ kind: 'exited', signal: m[1] }) },
  { pattern: /^During startup program exited with code (\d+)/gm, status: (m) => ({ kind: 'exited', code: Number(m[1]) }) },
  { pattern: /^During startup program terminated with signal (SIG\w+)/gm, status: (m) => ({ kind: 'exited', signal: m[1] }) },
  { pattern: /^\[Inferior \d+ \(.*\) (?:killed|detached)\]/gm, status: () => ({ kind: 'not-started' }) },
  { pattern: /^(?:Thread .* )?[Pp]rogram received signal (SIG\w+)/gm, status: () => ({ kind: 'stopped', reason: 'signal' }) },
  { pattern: /^(?:Thread \d+ "[^"]*" hit )?(?:Temporary )?[Bb]reakpoint \d+(?:\.\d+)?, /gm, status: () => ({ kind: 'stopped', reason: 'breakpoint' }) },
  // catch throw/catch/rethrow stop at code, like a breakpoint (reverse commands land there too)
  { pattern: /^(?:Thread \d+ "[^"]*" hit )?(?:Temporary )?Catchpoint \d+ \(exception (?:thrown|caught|rethrown)\)/gm, status: () => ({ kind: 'stopped', reason: 'breakpoint' }) },
  {
    // A watchpoint stop shows the value ("Old value =" / "Value ="); creating one does not.
    pattern: /^(?:Thread \d+ "[^"]*" hit )?(?:Hardware |Software )?(?:[Rr]ead |[Aa]ccess \(read\/write\) )?[Ww]atchpoint \d+: .*\n\n(?:Old value|Value) = /gm,
    status: () => ({ kind: 'stopped', reason: 'watchpoint' }),
  },
  { pattern: /^Watchpoint \d+ deleted because the program has left the block/gm, status: () => ({ kind: 'stopped', reason: 'other' }) },
  { pattern: /^Program stopped\./gm, status: () => ({ kind: 'stopped', reason: 'other' }) },
  { pattern: /^Run till exit from /gm, status: () => ({ kind: 'stopped', reason: 'step' }) },
];

function statusEvents(text: string): StatusEvent[] {
  const events: StatusEvent[] = [];
  for (const { pattern, status } of STATUS_MESSAGES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) events.push({ at: m.index, status: status(m) });
  }
  return events.sort((a, b) => a.at - b.at);
}

/** The object printed by one of the fred-* helper commands, or undefined. */
export function parseHelperAnswer(text: string): Record<string, unknown> | undefined {
  const line = text.split('\n').reverse().find((l) => l.startsWith(JSON_MARK));
  if (!line) return undefined;
  try {
    const answer = JSON.parse(line.slice(JSON_MARK.length)) as Record<string, unknown>;
    return answer.ok === true ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** A location as fred-location (or a stop report) describes it. */
function locationOf(a: Record<string, unknown> | undefined): Location | undefined {
  if (!a || typeof a.depth !== 'number') return undefined;
  return {
    file: typeof a.file === 'string' ? a.file : undefined,
    line: typeof a.line === 'number' ? a.line : undefined,
    function: typeof a.function === 'string' ? a.function : undefined,
    pc: typeof a.pc === 'string' ? a.pc : undefined,
    depth: a.depth,
    frameId: typeof a.frameId === 'string' ? a.frameId : undefined,
    // only when the user selected an outer frame: 0 is what no field means
    ...(typeof a.selected === 'number' && a.selected > 0 ? { selectedLevel: a.selected } : {}),
    ...(typeof a.pid === 'number' ? { pid: a.pid } : {}),
  };
}

export interface GdbPersonalityOptions {
  /** Absolute path of fredGdbHelpers.py. */
  helpersFile: string;
  /** Keep gdb's colours in what the user sees (parsing strips them anyway). Default true. */
  colours?: boolean;
}

export function gdbPersonality(options: GdbPersonalityOptions): Personality {
  return {
    kind: 'gdb',
    // The prompt, the ">" of multi-line input (commands, define, python) and a question
    // (only if the user turned confirm back on): the user's next line answers each.
    prompt: /(?:\(gdb\) |(?:^|\n)>|\((?:y or n|y or \[n\]|\[y\] or n)\) )$/,
    initialStatus: { kind: 'not-started' },
    interruptWith: 'character',

    startupCommands: () => [
      'set confirm off',
      'set pagination off',
      'set height 0',
      'set width 0',
      ...(options.colours === false ? ['set style enabled off'] : []),
      `source ${options.helpersFile}`,
    ],
    internal: (command) => `server ${command}`,
    // fred's queries go through "server", so gdb's own repeat still means the user's last command.
    repeatOfEmptyLine: () => '',

    stopReport: {
      on: 'fred-stop-reports on',
      off: 'fred-stop-reports off',
      parse(text) {
        const line = text.split('\n').reverse().find((l) => l.startsWith(STOP_MARK));
        return line ? locationOf(parseHelperAnswer(JSON_MARK + line.slice(STOP_MARK.length))) : undefined;
      },
    },

    locationQuery: 'fred-location',
    parseLocation(text): Location | undefined {
      return locationOf(parseHelperAnswer(text));
    },

    evaluateQuery: (expression, frameDepth) => (frameDepth === undefined ? `fred-eval ${expression}` : `fred-eval-at ${frameDepth} ${expression}`),
    parseEvaluation(text) {
      const value = parseHelperAnswer(text)?.value;
      return typeof value === 'string' ? value : undefined;
    },

    breakpointsQuery: 'fred-breakpoints',
    parseBreakpoints(text): BreakpointState[] {
      const list = parseHelperAnswer(text)?.breakpoints;
      if (!Array.isArray(list)) return [];
      return list.map((b: { number: number; enabled: boolean; spec: string; kind: BreakpointState['kind']; condition?: string | null }) => ({
        number: b.number, enabled: b.enabled, spec: b.spec, kind: b.kind, ...(b.condition ? { condition: b.condition } : {}),
      }));
    },

    movedQuery: 'fred-moved',
    parseMoved(text) {
      const moved = parseHelperAnswer(text)?.moved;
      return typeof moved === 'boolean' ? moved : undefined;
    },

    programPidQuery: 'fred-pid',
    parseProgramPid(text) {
      const pid = parseHelperAnswer(text)?.pid;
      return typeof pid === 'number' && pid > 0 ? pid : undefined;
    },

    statusAfter(command, text, previous): ProgramStatus {
      const events = statusEvents(text);
      if (events.length) return events[events.length - 1].status;
      if (/^The program is not being run\./m.test(text)) return previous.kind === 'stopped' ? { kind: 'not-started' } : previous;
      // A started program that stopped silently (a breakpoint with `silent` commands).
      if (/^Starting program: /m.test(text) && !/^No executable file specified/m.test(text)) return { kind: 'stopped', reason: 'other' };
      // A step that ended on a new line prints no message of its own.
      if (RUNNING_COMMANDS.has(commandWord(command)) && previous.kind === 'stopped') return { kind: 'stopped', reason: 'step' };
      return previous;
    },
  };
}
