// Tab completion of a command line: fred's own commands, then the debugger's (gdb answers
// `complete LINE` itself; for pdb, its command names and the names visible in the frame).
// Completions are whole lines; the caller asks only while the debugger waits at its prompt.
import { Debugger } from '../../debugger-adapters/debugger';
import { fredCommandNames } from '../../history/fredCommands';

/** pdb's commands (pdb.Pdb's do_ methods that a user types). */
const pdbCommands = [
  'alias', 'args', 'break', 'bt', 'clear', 'commands', 'condition', 'cont', 'continue', 'debug', 'disable', 'display',
  'down', 'enable', 'exit', 'help', 'ignore', 'interact', 'jump', 'list', 'll', 'longlist', 'next', 'p', 'pp', 'quit',
  'restart', 'return', 'retval', 'run', 'source', 'step', 'tbreak', 'unalias', 'undisplay', 'until', 'up', 'whatis', 'where',
];

const gdbCompletionLimit = 200;

async function gdbCompletions(dbg: Debugger, line: string): Promise<string[]> {
  const out = await dbg.execute(`complete ${line}`, { silent: true, keepStatus: true });
  return out.text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.startsWith(line) && !/^\*\*\* List may be truncated/.test(l)).slice(0, gdbCompletionLimit);
}

async function pdbCompletions(dbg: Debugger, line: string): Promise<string[]> {
  const word = /[A-Za-z_][\w.]*$|$/.exec(line)![0];
  const head = line.slice(0, line.length - word.length);
  if (!head.trim()) return pdbCommands.filter((c) => c.startsWith(word)).map((c) => c);
  if (!/^[A-Za-z_]\w*$/.test(word) && word !== '') return [];
  const names = await dbg.evaluate('sorted(set(dir()) | set(dir(__builtins__)))');
  const listed = names?.match(/'([A-Za-z_]\w*)'/g)?.map((n) => n.slice(1, -1)) ?? [];
  return listed.filter((n) => n.startsWith(word)).map((n) => head + n);
}

/** The lines that complete `line`, fred's commands first. */
export async function completeLine(dbg: Debugger, line: string): Promise<string[]> {
  const fred = /^\s*\S*$/.test(line) ? fredCommandNames.filter((c) => c.startsWith(line.trim())) : [];
  let own: string[] = [];
  try {
    own = dbg.kind === 'gdb' ? await gdbCompletions(dbg, line) : await pdbCompletions(dbg, line);
  } catch {
    // the debugger is gone or busy: fred's own commands are still offered
  }
  return [...new Set([...fred, ...own])];
}
