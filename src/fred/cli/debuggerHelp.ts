// `help fred-COMMAND` where the user looks: gdb gets fred's commands defined as commands
// of its own (Python gdb.Command with their documentation), so its help, apropos and
// completion know them; pdb cannot have hyphenated commands, so fred answers
// `help fred-...` / `h fred-...` before pdb sees it.
import * as fs from 'fs';
import * as path from 'path';
import { fredCommandNames } from '../../history/fredCommands';
import { commandHelp } from './helpText';

function documentation(name: string): string {
  const help = commandHelp(name);
  if (!help) return `fred's ${name} command (fred-help lists fred's commands).`;
  const [usage, ...aliases] = help.usage.split(/ \(|\)$/).filter(Boolean);
  const also = aliases.length ? `\nAlso spelt: ${aliases.join(', ')}.` : '';
  return `${help.what[0].toUpperCase()}${help.what.slice(1)} (fred).\nUsage: ${usage.trim()}${also}\nfred answers this command before gdb sees it; fred-help lists fred's commands.`;
}

/** The fred-* names gdb learns (gdb's own reverse-next etc. keep their help). */
export function gdbDocumentedNames(): string[] {
  return fredCommandNames.filter((n) => n.startsWith('fred-'));
}

/** A Python file that defines fred's commands to gdb, written into dir; returns its path. */
export function writeGdbCommandFile(dir: string): string {
  const docs = Object.fromEntries(gdbDocumentedNames().map((n) => [n, documentation(n)]));
  const file = path.join(dir, 'fredCommands.py');
  fs.writeFileSync(file, `# fred's commands, known to gdb for help and completion (written by debuggerHelp.ts)
import gdb

def _fred_define(name, doc):
    def invoke(self, argument, from_tty):
        raise gdb.GdbError(name + " is fred's command: type it at fred's prompt (gdb cannot run it itself)")
    command = type("FredCommand_" + name.replace("-", "_"), (gdb.Command,), {"__doc__": doc, "invoke": invoke})
    command(name, gdb.COMMAND_USER)

for _name, _doc in ${JSON.stringify(docs)}.items():
    _fred_define(_name, _doc)
`, { mode: 0o600 });
  return file;
}

/** pdb: fred's answer to `help fred-X` / `h fred-X`, or undefined for everything else. */
export function pdbHelpAnswer(line: string): string | undefined {
  const m = /^\s*h(?:elp)?\s+(fred-[\w-]+)\s*$/.exec(line);
  if (!m) return undefined;
  return documentation(m[1]).replace(/gdb/g, 'pdb');
}
