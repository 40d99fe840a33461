// pdb's dialect: its command words, Python statements as side effects, and what pdb lacks
// (repeat counts, machine code, watchpoints) or does its own way (restart, return).
import { ClassifiedCommand, classified, classifyLine, lookupWord, repeatingKinds, Word } from '../commands';
import { pythonHasSideEffects } from '../expressions';
import { Dialect } from './dialect';

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

function classifyPdbWord(text: string, word: string, argument: string): ClassifiedCommand {
  if (text.startsWith('!')) {
    return classified(text, pythonHasSideEffects(text.slice(1)) ? 'side-effect' : 'read-only', text.slice(1).trim());
  }
  const found = /^[a-z]+$/.test(word) ? lookupWord(word, pdbWords) : undefined;
  // pdb runs anything that is not one of its commands as a Python statement.
  if (!found) return classified(text, pythonHasSideEffects(text) ? 'side-effect' : 'read-only', text);
  if (found.kind === 'print') {
    return classified(text, pythonHasSideEffects(argument) ? 'side-effect' : 'read-only', argument);
  }
  if (found.kind === 'set') return classified(text, 'other', argument);
  return classified(text, found.kind, argument);
}

const classifyPdb = (line: string) => classifyLine(line, classifyPdbWord);

export const pdbDialect: Dialect = {
  kind: 'pdb',
  classify: classifyPdb,
  // pdb has no repeat counts: `next 3` is the bare command sent three times
  repeatedLines(line) {
    const c = classifyPdb(line);
    if (repeatingKinds.has(c.kind) && c.count > 1) return { line: c.kind === 'next' ? 'next' : 'step', times: c.count };
    return { line: c.text, times: 1 };
  },
  replayedForm: (command) => command,
  runStoppingEarly: () => undefined,
  deleteBreakpointWord: 'clear',
  listBreakpointsWord: 'break',
  restartStoppedWord: 'restart',
  assignment: (target, value) => `!${target} = ${value}`,
  runsInsideProgram: true,
  returnWord: 'return',
  restartIsProgramStart: true,
  startsStoppedEarly: false,
  finishStopsMidLine: false,
  asksEntryFrameFromBelow: true,
  seesMachineCode: false,
  countsLines: true,
  continueTakesIgnoreCount: false,
  followsThreads: false,
  hasWatchpoints: false,
  learnsFredCommands: false,
  interruptsReplayedCommands: false,
};
