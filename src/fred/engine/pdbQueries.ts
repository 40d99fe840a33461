// Questions the session engine asks pdb about the stopped program: short `p` calls into
// the module pdbQueries.py registers inside python3 (loaded once, and again when a
// restore went back before it was loaded), and the parsers of their answers.
import * as fs from 'fs';
import * as path from 'path';
import { StackFrame, Variable } from './types';

const HELPER = 'pdbQueries.py';
const FRAME_LINE = 'fred-frame: ';
const VARIABLE_LINE = 'fred-var: ';

/** pdbQueries.py next to this file, or in the source tree when running from dist/. */
function helperFile(): string {
  const candidates = [path.join(__dirname, HELPER), path.resolve(__dirname, '..', '..', '..', '..', 'src', 'fred', 'engine', HELPER)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`fred's pdb query file ${HELPER} is missing (looked in ${candidates.join(', ')}); reinstall fred`);
  return found;
}

export const pdbQueries = {
  install: () => {
    const file = JSON.stringify(helperFile());
    return `p exec(compile(__import__('io').open(${file}, 'rb').read(), ${file}, 'exec'), {'__name__': '_fred_engine'})`;
  },
  frames: "p __import__('_fred_engine').frames()",
  variables: (level: number) => `p __import__('_fred_engine').variables(${level})`,
  children: (level: number, expression: string) => `p __import__('_fred_engine').children(${level}, ${JSON.stringify(expression)})`,
};

/** The answer says the module is not loaded (yet, or no more after a restore). */
export function pdbQueriesMissing(text: string): boolean {
  return /No module named '_fred_engine'/.test(text);
}

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
