// Man pages (man/fred.1, man/fred-ckpt.1) from the same CommandSpecs as --help.
// `node dist/src/fred/cli/manPages.js` rewrites them (npm run build:man); a unit test checks
// that the committed pages match the specs.
import * as fs from 'fs';
import * as path from 'path';
import { ckptSpec, ckptSubcommands, CommandSpec, fredSpec, fredSubcommands } from './cliSpec';
import { helpText as fredCommandsHelp } from './helpText';
import { fredVersion, optionLabel } from './helpPages';
import { repoRoot } from '../checkpointer/nativePaths';

/** Text made safe for roff: backslashes, leading dots and quotes, hyphens as minus signs. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/gm, '\\&$1');
}

function optionsSection(spec: CommandSpec): string[] {
  return spec.options.flatMap((o) => ['.TP', `.B ${roff(optionLabel(o))}`, roff(o.help)]);
}

function page(program: string, spec: CommandSpec, subcommands: Record<string, CommandSpec>, extra: string[]): string {
  const out = [
    `.TH ${program.toUpperCase().replace(/-/g, '\\-')} 1 "" "${program} ${fredVersion()}" "User Commands"`,
    '.SH NAME', `${roff(program)} \\- ${roff(spec.summary)}`,
    '.SH SYNOPSIS', ...spec.synopsis.flatMap((s) => ['.nf', roff(s), '.fi']),
    '.SH OPTIONS', ...optionsSection(spec),
    '.SH COMMANDS',
  ];
  for (const sub of Object.values(subcommands)) {
    out.push('.SS', roff(sub.name), roff(sub.summary), '.PP', ...sub.synopsis.flatMap((s) => ['.nf', roff(s), '.fi']));
    if (sub.options !== spec.options) out.push(...optionsSection(sub));
    for (const note of sub.notes ?? []) out.push('.PP', roff(note));
  }
  out.push(...extra);
  out.push('.SH NOTES');
  for (const note of spec.notes ?? []) out.push('.PP', roff(note));
  out.push('.SH SEE ALSO', program === 'fred' ? '.BR fred\\-ckpt (1),' : '.BR fred (1),', '.BR gdb (1),', '.BR pdb (1)');
  return `${out.join('\n')}\n`;
}

/** fred's commands inside the debugger, as fred-help lists them. */
function debuggerCommands(): string[] {
  const rows = fredCommandsHelp().split('\n').slice(1);
  const out = ['.SH COMMANDS INSIDE THE DEBUGGER', 'Every other command goes to the debugger unchanged.'];
  for (const row of rows) {
    const [name, what] = row.trim().split(/\s{2,}/);
    out.push('.TP', `.B ${roff(name)}`, roff(what ?? ''));
  }
  return out;
}

export function manPages(): Record<string, string> {
  return {
    'fred.1': page('fred', fredSpec, fredSubcommands, debuggerCommands()),
    'fred-ckpt.1': page('fred-ckpt', ckptSpec, ckptSubcommands, []),
  };
}

if (require.main === module) {
  const dir = path.join(repoRoot, 'man');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(manPages())) fs.writeFileSync(path.join(dir, name), text);
}
