// Ctrl-R in line mode: incremental search back through the history, as in bash and gdb.
// node's readline has no such key; it is added by wrapping readline's key handler (a
// private method, checked for: without it Ctrl-R simply does nothing).
import * as readline from 'readline';

interface Key { name?: string; ctrl?: boolean; meta?: boolean; sequence?: string }
interface ReadlineInternals {
  line: string;
  cursor: number;
  history: string[];
  _ttyWrite?: (s: string | undefined, key: Key) => void;
  _refreshLine?: () => void;
  getPrompt(): string;
  output?: NodeJS.WritableStream;
}

export function attachHistorySearch(rl: readline.Interface): void {
  const r = rl as unknown as ReadlineInternals;
  const original = r._ttyWrite?.bind(rl);
  if (!original || !r._refreshLine) return;
  let searching = false;
  let query = '';
  let found = -1;
  let saved = '';

  const show = () => {
    const match = found >= 0 ? r.history[found] : '';
    const label = found >= 0 || !query ? 'reverse-i-search' : 'failing reverse-i-search';
    r.output?.write(`\r\x1b[K(${label})\`${query}': ${match}`);
  };
  /** The newest entry at or after index from that contains the query. */
  const seek = (from: number) => {
    for (let i = Math.max(from, 0); i < r.history.length; i++) {
      if (r.history[i].includes(query)) return i;
    }
    return -1;
  };
  const finish = (line: string) => {
    searching = false;
    r.line = line;
    r.cursor = line.length;
    r._refreshLine!();
  };

  r._ttyWrite = (s, key) => {
    const k = key ?? {};
    if (!searching) {
      if (k.ctrl && k.name === 'r') {
        searching = true;
        query = '';
        saved = r.line;
        found = -1;
        show();
        return;
      }
      original(s, key);
      return;
    }
    if (k.ctrl && k.name === 'r') {
      const next = seek(found + 1);
      if (next >= 0) found = next;
      show();
    } else if (k.name === 'backspace') {
      query = query.slice(0, -1);
      found = query ? seek(0) : -1;
      show();
    } else if ((k.ctrl && (k.name === 'g' || k.name === 'c')) || k.name === 'escape') {
      finish(saved);
    } else if (k.name === 'return' || k.name === 'enter') {
      finish(found >= 0 ? r.history[found] : saved);
      original(s, key);
    } else if (s && !k.ctrl && !k.meta && s.length === 1 && s >= ' ') {
      query += s;
      const at = seek(Math.max(found, 0));
      found = at;
      show();
    } else {
      // any other key ends the search with the match on the line, then does its work
      finish(found >= 0 ? r.history[found] : saved);
      original(s, key);
    }
  };
}
