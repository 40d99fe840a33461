// gdb's dialect: its command words (with the shortest prefixes gdb accepts) and what gdb
// can do that other debuggers cannot (machine code, start/starti, numbered stops).
import { ClassifiedCommand, classified, classifyLine, lookupWord, Word } from '../commands';
import { gdbExpressionHasSideEffects } from '../expressions';
import { Dialect } from './dialect';

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
  // fred's replays only: the selected thread's finish out of a library wait (fredGdbThreads.py)
  { name: 'fred-thread-to-program', min: 22, kind: 'finish' },
];

/** gdb `print/x -pretty -- expr`: the expression part (only option-looking words are removed). */
function gdbPrintExpression(argument: string): string {
  return argument.replace(/^\/\w+\s*/, '').replace(/^(-[a-z][\w-]*\s+)*(--\s+)?/, '');
}

function classifyGdbWord(text: string, word: string, argument: string): ClassifiedCommand {
  const found = lookupWord(word, gdbWords);
  if (!found) return classified(text, 'other', argument);
  if (found.kind === 'print') {
    const sideEffect = found.name === 'call' || gdbExpressionHasSideEffects(gdbPrintExpression(argument));
    return classified(text, sideEffect ? 'side-effect' : 'read-only', argument);
  }
  if (found.kind === 'set') {
    if (/^var(iable)?\b/.test(argument)) return classified(text, 'side-effect', argument);
    return classified(text, gdbExpressionHasSideEffects(argument) ? 'side-effect' : 'other', argument);
  }
  // `signal SIG` resumes the program delivering SIG: a side effect that also resumes.
  return classified(text, found.kind, argument, found.name === 'signal');
}

const classifyGdb = (line: string) => classifyLine(line, classifyGdbWord);

/**
 * A replayed gdb command that would give a value a number in the user's value history
 * ($1, $2...: `finish`, `print x = 5`, `call f()`) in a form that does the same to the
 * program without it: the user's numbering goes on as in plain gdb.
 */
function withoutValueHistory(command: string): string {
  const c = classifyGdb(command);
  if (c.kind === 'finish') return c.text.startsWith('fred-') ? command : 'fred-finish';
  if (c.kind !== 'side-effect') return command;
  const m = /^(p|pr|pri|prin|print|ins|insp|inspe|inspec|inspect|cal|call)(\/\w+)?(?=\s)\s*(?:(?:-[a-z][\w-]*\s+)*--\s+)?(.*)$/s.exec(c.text);
  return m ? `output${m[2] ?? ''} ${m[3]}` : command;
}

/** A breakpoint's or a watchpoint's stop (gdb's `continue N` counts both); the last one in the output. */
const stopLine = /^(?:Thread .* hit )?(?:(?:Temporary b|B)reakpoint (\d+)(?:\.\d+)?, |(?:Hardware |Software )?(?:[Rr]ead |[Aa]ccess \(read\/write\) )?[Ww]atchpoint (\d+): .*\n\n(?:Old value|Value) = )/gm;

export const gdbDialect: Dialect = {
  kind: 'gdb',
  classify: classifyGdb,
  repeatedLines: (line) => ({ line: classifyGdb(line).text, times: 1 }),
  replayedForm: withoutValueHistory,
  runStoppingEarly: (run, stop) => (/^r(un?)?$/.test(run.text.split(/\s+/)[0]) ? (run.argument ? `${stop} ${run.argument}` : stop) : undefined),
  stopBreakpoint(output) {
    const hits = [...output.matchAll(stopLine)];
    const last = hits[hits.length - 1];
    return last ? Number(last[1] ?? last[2]) : undefined;
  },
  deleteBreakpointWord: 'delete',
  listBreakpointsWord: 'info breakpoints',
  restartStoppedWord: 'start',
  assignment: (target, value) => `set var ${target} = ${value}`,
  runsInsideProgram: false,
  returnWord: 'finish',
  restartIsProgramStart: false,
  startsStoppedEarly: true,
  finishStopsMidLine: true,
  asksEntryFrameFromBelow: false,
  seesMachineCode: true,
  countsLines: false,
  continueTakesIgnoreCount: true,
  followsThreads: true,
  hasWatchpoints: true,
  learnsFredCommands: true,
  interruptsReplayedCommands: true,
};
