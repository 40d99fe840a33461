// Syntax colours for the source pane (C, C++ and Python): comments, strings, numbers,
// keywords. Colours from the 16 basic ones, which both dark and light themes keep readable
// (no white, black or yellow text). Line by line: a block comment left open goes on
// greyed until its end on a later line.
const cKeywords = new Set(('auto break case char const continue default do double else enum extern float for goto if inline int long ' +
  'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false ' +
  'class namespace template typename public private protected virtual new delete nullptr this using NULL').split(' '));
const pythonKeywords = new Set(('False None True and as assert async await break class continue def del elif else except finally for ' +
  'from global if import in is lambda nonlocal not or pass raise return try while with yield self').split(' '));

const colour = { keyword: '\x1b[34m', string: '\x1b[32m', comment: '\x1b[90m', number: '\x1b[35m', preprocessor: '\x1b[36m' };
const reset = '\x1b[39m';

export type Language = 'c' | 'python' | 'plain';

export function languageOf(file: string): Language {
  if (/\.(c|h|cc|cpp|cxx|hpp|hh)$/.test(file)) return 'c';
  if (/\.py$/.test(file)) return 'python';
  return 'plain';
}

/** Token patterns, most specific first; the first that matches at a position wins. */
function tokenPattern(language: Language): RegExp {
  return language === 'python'
    ? /(#.*$)|("""|'''|"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)|(\b\d[\w.]*)|([A-Za-z_]\w*)/g
    : /(\/\/.*$|\/\*.*?(?:\*\/|$))|("(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)|(\b\d[\w.]*)|([A-Za-z_]\w*)|(^\s*#\s*\w+)/g;
}

/** One line with SGR colours; `inComment` says a block comment is open at its start (C). */
export function highlightLine(line: string, language: Language, inComment = false): { text: string; inComment: boolean } {
  if (language === 'plain') return { text: line, inComment: false };
  let prefix = '';
  let rest = line;
  if (inComment && language === 'c') {
    const end = line.indexOf('*/');
    if (end < 0) return { text: `${colour.comment}${line}${reset}`, inComment: true };
    prefix = `${colour.comment}${line.slice(0, end + 2)}${reset}`;
    rest = line.slice(end + 2);
  }
  const keywords = language === 'python' ? pythonKeywords : cKeywords;
  let open = false;
  const text = rest.replace(tokenPattern(language), (match, comment, str, num, word, pre) => {
    if (comment) {
      if (language === 'c' && match.startsWith('/*') && !match.endsWith('*/')) open = true;
      return `${colour.comment}${match}${reset}`;
    }
    if (str) return `${colour.string}${match}${reset}`;
    if (num) return `${colour.number}${match}${reset}`;
    if (word) return keywords.has(match) ? `${colour.keyword}${match}${reset}` : match;
    if (pre) return `${colour.preprocessor}${match}${reset}`;
    return match;
  });
  return { text: prefix + text, inComment: open };
}
