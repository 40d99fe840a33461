// `--help` and `--version` text, made from the CommandSpecs (cliSpec.ts).
import * as fs from 'fs';
import * as path from 'path';
import { CommandSpec, OptionSpec } from './cliSpec';
import { repoRoot } from '../checkpointer/nativePaths';

export function fredVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export function optionLabel(o: OptionSpec): string {
  const names = o.short ? `-${o.short}, --${o.name}` : `--${o.name}`;
  return o.value ? `${names} ${o.value}` : names;
}

/** Words of text in lines of at most width characters (a longer word has its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function helpText(spec: CommandSpec, subcommands?: Record<string, CommandSpec>): string {
  const out: string[] = [`${spec.name}: ${spec.summary}`, ''];
  spec.synopsis.forEach((s, i) => out.push(`${i === 0 ? 'usage: ' : '       '}${s}`));
  if (subcommands) {
    out.push('', 'commands:');
    const width = Math.max(...Object.keys(subcommands).map((n) => n.length));
    for (const [name, sub] of Object.entries(subcommands)) out.push(`  ${name.padEnd(width)}  ${sub.summary}`);
  }
  out.push('', 'options:');
  const width = Math.max(...spec.options.map((o) => optionLabel(o).length));
  for (const o of spec.options) out.push(`  ${optionLabel(o).padEnd(width)}  ${wrap(o.help, 76 - width).join(`\n${' '.repeat(width + 4)}`)}`);
  for (const note of spec.notes ?? []) out.push('', ...wrap(note, 80));
  return `${out.join('\n')}\n`;
}
