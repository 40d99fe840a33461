// The lines line mode reads. On a terminal: node's readline with editing keys, history
// (Up/Down, kept in ~/.fred_history across sessions like gdb's ~/.gdb_history, Ctrl-R to
// search it) and Tab completion; otherwise plain lines from stdin.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { attachHistorySearch } from '../session/historySearch';

export interface LineSource extends AsyncIterator<string> {
  /** a terminal: the user types after a prompt, with editing */
  readonly interactive: boolean;
  /** Show the prompt (a terminal) before the next line is read. */
  prompt(text: string): void;
  /** Completions of a whole line; set by the session, asked only when it is idle. */
  complete?: (line: string) => Promise<string[]>;
  /** Ctrl-C typed on the terminal (readline reads it as a key, not a signal): true when it
   *  interrupted something; otherwise the line being typed is dropped, as in gdb. */
  onInterrupt?: () => boolean;
  close(): void;
}

const historySize = 1000;

/** FRED_HISTORY, or ~/.fred_history. */
export function historyFile(): string {
  return process.env.FRED_HISTORY || path.join(os.homedir(), '.fred_history');
}

function loadHistory(file: string): string[] {
  try {
    // the file is oldest first, as gdb's; readline wants newest first
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(-historySize).reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string, newestFirst: string[]): void {
  try {
    fs.writeFileSync(file, `${[...newestFirst].reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // no writable home (a user like nobody): history lasts for this session only
  }
}

export function terminalLines(): LineSource {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const file = historyFile();
  let source: LineSource;
  const completer = (line: string, callback: (error: null, result: [string[], string]) => void) => {
    const ask = source.complete;
    if (!ask) return callback(null, [[], line]);
    ask(line).then((lines) => callback(null, [lines, line]), () => callback(null, [[], line]));
  };
  const rl = interactive
    ? readline.createInterface({
      input: process.stdin, output: process.stdout, terminal: true, completer,
      history: loadHistory(file), historySize, removeHistoryDuplicates: true, tabSize: 4,
    })
    : readline.createInterface({ input: process.stdin, terminal: false });
  const iterator = rl[Symbol.asyncIterator]();
  if (interactive) {
    rl.on('SIGINT', () => {
      if (source.onInterrupt?.()) return;
      process.stdout.write('^C\n');
      const internals = rl as unknown as { line: string; cursor: number };
      internals.line = '';
      internals.cursor = 0;
      rl.prompt();
    });
    rl.on('history', (history: string[]) => saveHistory(file, history));
    attachHistorySearch(rl);
  }
  source = Object.assign(iterator, {
    interactive,
    prompt: (text: string) => {
      if (!interactive) return;
      rl.setPrompt(text);
      rl.prompt(true);
    },
    close: () => rl.close(),
  });
  return source;
}
