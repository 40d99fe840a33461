// fred-help: fred's own commands. Everything else goes to the debugger unchanged.
const commands: Array<[string, string]> = [
  ['fred-checkpoint (fred-ckpt)', 'take a checkpoint here; it is also saved as an image that survives the session'],
  ['fred-restart [N]', 'go back to checkpoint N (as numbered by fred-list); without N, the latest'],
  ['fred-undo [N]', 'undo the last N commands that moved the program'],
  ['fred-reverse-next [N] (fred-rn, reverse-next, rn)', 'back to the previous line executed in this function'],
  ['fred-reverse-step [N] (fred-rs, reverse-step, rs)', 'back one line, entering a function the previous line called'],
  ['fred-reverse-finish (fred-rf, reverse-finish)', 'back to where the current function was called'],
  ['fred-reverse-continue (fred-rc, reverse-continue, rc)', 'back to the previous breakpoint stop, or to just before the last write of a watched value (or the start)'],
  ['fred-reverse-stepi [N] (fred-rsi, reverse-stepi, rsi)', 'back one machine instruction (gdb)'],
  ['fred-reverse-nexti [N] (fred-rni, reverse-nexti, rni)', 'back one machine instruction, over calls (gdb)'],
  ['fred-reverse-watch EXPR (fred-rw)', 'back to just before the statement that last changed EXPR'],
  ['fred-history', 'the commands since the program started; * marks a snapshot'],
  ['fred-list', 'your checkpoints'],
  ['fred-branch NAME / fred-switch NAME', 'save this history under NAME / go back to the end of a saved one'],
  ['fred-source FILE', 'run the commands in FILE, as if typed'],
  ['fred-info', 'checkpoints and snapshots with sizes and ages, history length, policy, last reverse command'],
  ['fred-help [TOPIC]', 'this text (help fred-COMMAND in the debugger describes one command)'],
];

/**
 * fred-help's table. Given the width it is shown in (the full-screen console), rows are
 * wrapped at spaces under their column; too narrow for two columns, each command's
 * description goes under its name.
 */
export function helpText(topic?: string, width?: number): string {
  const found = topic ? commands.filter(([name]) => name.includes(topic)) : commands;
  const rows = found.length ? found : commands;
  const nameWidth = Math.max(...commands.map(([name]) => name.length));
  const title = 'fred commands (every other command goes to the debugger):';
  if (width === undefined) return `${title}\n${rows.map(([name, what]) => `  ${name.padEnd(nameWidth)}  ${what}`).join('\n')}`;
  const lines = [...wrapWords(title, width)];
  const twoColumns = width - nameWidth - 4 >= 30;
  for (const [name, what] of rows) {
    if (twoColumns) {
      wrapWords(what, width - nameWidth - 4).forEach((part, i) => lines.push(`  ${(i === 0 ? name : '').padEnd(nameWidth)}  ${part}`));
    } else {
      lines.push(...wrapWords(name, width - 2).map((part) => `  ${part}`));
      lines.push(...wrapWords(what, width - 6).map((part) => `      ${part}`));
    }
  }
  return lines.join('\n');
}

/** Words in lines of at most width characters (a longer word has a line of its own). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/** The one-command help of a fred command, by any of its names; undefined if none has it. */
export function commandHelp(name: string): { usage: string; what: string } | undefined {
  const row = commands.find(([names]) => (names.match(/[\w-]+/g) ?? ([] as string[])).includes(name));
  return row && { usage: row[0], what: row[1] };
}
