// Decides whether an expression typed at the debugger can change the program's state.
// The answer decides whether the command is replayed when fred goes back in time:
// when in doubt we say "side effect" (replaying a pure expression costs little;
// forgetting a real side effect makes the replay diverge).

/** Functions that are known not to change program state. */
const pureGdbFunctions = new Set(['sizeof', 'alignof', '_Alignof', 'typeof', '__typeof__', 'decltype']);
const purePythonFunctions = new Set([
  'len', 'repr', 'str', 'type', 'isinstance', 'issubclass', 'id', 'hash', 'hex', 'oct', 'bin', 'ord', 'chr',
  'int', 'float', 'bool', 'complex', 'abs', 'round', 'min', 'max', 'sum', 'any', 'all', 'sorted', 'reversed',
  'list', 'tuple', 'dict', 'set', 'frozenset', 'range', 'enumerate', 'zip', 'getattr', 'hasattr', 'dir', 'vars',
  'format', 'print', 'locals', 'globals', 'callable', 'ascii',
  // common read-only methods
  'keys', 'values', 'items', 'get', 'count', 'index', 'copy', 'startswith', 'endswith', 'find', 'strip',
  'lower', 'upper', 'split', 'join', 'tolist', 'shape',
]);

/** Removes string and character literals so that their contents are not parsed. */
export function stripLiterals(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/**
 * An assignment operator (=, +=, <<=, := ...) that is not a comparison (==, !=, <=, >=)
 * and not a keyword argument inside parentheses (Python's `f(end="")`).
 */
function hasAssignment(code: string, keywordArguments: boolean): boolean {
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (c !== '=') continue;
    if (code[i + 1] === '=') { i++; continue; } // "==" (or the first two of "===")
    const before = code[i - 1] ?? '';
    const compound = /[-+*/%&|^:@]/.test(before) || code.slice(i - 2, i) === '<<' || code.slice(i - 2, i) === '>>';
    if (!compound && (before === '!' || before === '<' || before === '>')) continue;
    if (!compound && keywordArguments && depth > 0 && /[A-Za-z0-9_]\s*$/.test(code.slice(0, i))) continue; // keyword argument
    return true;
  }
  return false;
}

/** Calls of functions that are not on the pure list. `)(` (call through a pointer) counts as a call. */
function hasImpureCall(code: string, pure: Set<string>, dollarIsPure: boolean): boolean {
  const callee = /([A-Za-z_$][A-Za-z0-9_$]*)\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = callee.exec(code)) !== null) {
    const name = m[1];
    if (pure.has(name)) continue;
    if (dollarIsPure && name.startsWith('$_')) continue; // gdb convenience functions ($_streq ...)
    return true;
  }
  return /\)\s*\(/.test(code);
}

/** True when evaluating a gdb (C-like) expression may change the program. */
export function gdbExpressionHasSideEffects(expression: string): boolean {
  const code = stripLiterals(expression);
  return hasAssignment(code, false) || /\+\+|--/.test(code) || hasImpureCall(code, pureGdbFunctions, true);
}

/** True when evaluating a Python expression or statement may change the program. */
export function pythonHasSideEffects(code: string): boolean {
  const text = stripLiterals(code).trim();
  if (/^(del|import|from|global|nonlocal|exec|raise|assert)\b/.test(text)) return true;
  return hasAssignment(text, true) || hasImpureCall(text, purePythonFunctions, false);
}
