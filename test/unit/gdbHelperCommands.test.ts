// The gdb commands fred's Python helpers define share one name space with each other and
// with the fred commands the user types (help pages in fredCommands.py): gdb lets a later
// definition replace an earlier one without a word. Two helpers once both defined
// fred-leave-library, and the one sourced last broke Ctrl-C in a program waiting for input.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fredCommandNames } from '../../src/history/fredCommands';

const srcRoot = path.resolve(__dirname, '..', '..', '..', 'src');

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? pythonFiles(full) : e.name.endsWith('.py') ? [full] : [];
  });
}

/** Each `fred-...` command a helper registers (gdb.Command's __init__, or a class called with the name). */
function helperCommands(): Array<{ name: string; file: string }> {
  const registration = /(?:super\(\)\.__init__|\b[A-Z][A-Za-z]*)\(\s*"(fred-[a-z-]+)"/g;
  return pythonFiles(srcRoot).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(registration)].map((m) => ({ name: m[1], file: path.relative(srcRoot, file) })));
}

describe('gdb helper commands: one definition each', () => {
  it('finds the helpers\' commands', () => {
    const names = helperCommands().map((c) => c.name);
    for (const known of ['fred-finish', 'fred-leave-library', 'fred-thread-to-program', 'fred-location', 'fred-threads']) assert.ok(names.includes(known), known);
  });

  it('no name is defined twice, nor taken from a command the user types', () => {
    const seen = new Map<string, string>();
    for (const { name, file } of helperCommands()) {
      assert.ok(!seen.has(name), `${name} is defined in ${seen.get(name)} and again in ${file}`);
      assert.ok(!fredCommandNames.includes(name), `${name} (${file}) is also a fred command the user types`);
      seen.set(name, file);
    }
  });
});
