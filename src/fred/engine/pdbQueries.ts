// Questions the session engine asks pdb about the stopped program, as one-line `p`
// expressions evaluated inside python3 (nothing is bound in the program's namespace and
// nothing is imported that pdb did not import already). Each prints lines of
// space-separated hex-encoded fields, so any text in a name or value parses safely.
// pdb's own frames (bdb.py's run() and the exec'd "<string>") are left out, as in `where`.
import { StackFrame, Variable } from './types';

/** The Pdb instance running the command loop, found on the call stack. */
const DEBUGGER = "next(f.f_locals['self'] for f, _ in __import__('traceback').walk_stack(None) if isinstance(f.f_locals.get('self'), __import__('bdb').Bdb))";
const WRITE = "__import__('sys').stdout.write";
const HEX = "(lambda s: str(s).encode('utf-8', 'replace').hex())";
/** Values that have children worth opening: containers and plain objects. */
const EXPANDABLE = "(lambda x: int(isinstance(x, (list, tuple, dict)) or (hasattr(x, '__dict__') and not callable(x) and not isinstance(x, type(__import__('sys'))))))";
const FRAME_LINE = 'fred-frame: ';
const VARIABLE_LINE = 'fred-var: ';
const MAX_ITEMS = 200;

function userFrame(level: number): string {
  return `${DEBUGGER}.stack[-1 - ${level}][0]`;
}

/** Lines for (name, expression, value) triples produced by the Python expression `items`. */
function variableLines(items: string): string {
  return `(lambda H, X: ${WRITE}(''.join('${VARIABLE_LINE}%s %s %s %d %s\\n' % (H(n), H(repr(x)[:1000]), H(type(x).__name__), X(x), H(e)) for n, e, x in ${items})) and None)(${HEX}, ${EXPANDABLE})`;
}

export const pdbQueries = {
  frames: `p (lambda d: ${WRITE}(''.join('${FRAME_LINE}%s %d %s\\n' % (${HEX}(f.f_code.co_filename), n, ${HEX}(f.f_code.co_name)) for f, n in d.stack)) and None)(${DEBUGGER})`,

  /** The frame's locals; dunder names (but __return__) and modules are left out, and at module level also functions and classes. */
  variables: (level: number) => `p (lambda f: ${variableLines(
    "[(k, k, v) for k, v in list(f.f_locals.items()) if not (k.startswith('__') and k != '__return__') and not isinstance(v, type(__import__('sys'))) and not (f.f_code.co_name == '<module>' and (isinstance(v, type) or type(v).__name__ == 'function'))]",
  )})(${userFrame(level)})`,

  /** Elements of a list or tuple, entries of a dict, attributes of an object. */
  children: (level: number, expression: string) => `p (lambda f, E: (lambda v: ${variableLines(
    `([('[%d]' % i, '(%s)[%d]' % (E, i), x) for i, x in enumerate(v[:${MAX_ITEMS}])] if isinstance(v, (list, tuple)) else ` +
    `[('[%r]' % (k,), '(%s)[%r]' % (E, k), x) for k, x in list(v.items())[:${MAX_ITEMS}]] if isinstance(v, dict) else ` +
    `[(k, '(%s).%s' % (E, k), x) for k, x in list(vars(v).items())[:${MAX_ITEMS}]] if hasattr(v, '__dict__') else [])`,
  )})(eval(E, f.f_globals, f.f_locals)))(${userFrame(level)}, ${JSON.stringify(expression)})`,
};

const unhex = (text: string) => Buffer.from(text, 'hex').toString('utf8');

/** The user's frames, innermost first (level 0). */
export function parsePdbFrames(text: string): StackFrame[] {
  const all = text.split('\n').filter((l) => l.startsWith(FRAME_LINE)).map((l) => {
    const [file, line, name] = l.slice(FRAME_LINE.length).trim().split(' ');
    return { file: unhex(file), line: Number(line), function: unhex(name) };
  });
  let first = 0;
  while (first < all.length && (/(^|\/)bdb\.py$/.test(all[first].file) || all[first].file === '<string>')) first++;
  return all.slice(first).reverse().map((f, level) => ({ level, ...f }));
}

export function parsePdbVariables(text: string): Variable[] {
  return text.split('\n').filter((l) => l.startsWith(VARIABLE_LINE)).map((l) => {
    const [name, value, type, expandable, expression] = l.slice(VARIABLE_LINE.length).trim().split(' ');
    return { name: unhex(name), value: unhex(value), type: unhex(type), expandable: expandable === '1', expression: unhex(expression ?? '') };
  });
}

/** pdb's error line ("*** NameError: ...") when the question failed. */
export function pdbError(text: string): string | undefined {
  return /^\*\*\* (.*)$/m.exec(text)?.[1];
}
