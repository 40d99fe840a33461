// fred-help: fred's own commands. Everything else goes to the debugger unchanged.
const commands: Array<[string, string]> = [
  ['fred-checkpoint (fred-ckpt)', 'take a checkpoint here; it is also saved as an image that survives the session'],
  ['fred-restart [N]', 'go back to checkpoint N (as numbered by fred-list); without N, the latest'],
  ['fred-undo [N]', 'undo the last N commands that moved the program'],
  ['fred-reverse-next [N] (fred-rn, reverse-next, rn)', 'back to the previous line executed in this function'],
  ['fred-reverse-step [N] (fred-rs, reverse-step, rs)', 'back one line, entering a function the previous line called'],
  ['fred-reverse-finish (fred-rf, reverse-finish)', 'back to where the current function was called'],
  ['fred-reverse-continue (fred-rc, reverse-continue, rc)', 'back to the previous breakpoint or watchpoint stop (or the start)'],
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

export function helpText(topic?: string): string {
  const rows = topic ? commands.filter(([name]) => name.includes(topic)) : commands;
  const width = Math.max(...commands.map(([name]) => name.length));
  const body = (rows.length ? rows : commands).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`).join('\n');
  return `fred commands (every other command goes to the debugger):\n${body}`;
}

/** The one-command help of a fred command, by any of its names; undefined if none has it. */
export function commandHelp(name: string): { usage: string; what: string } | undefined {
  const row = commands.find(([names]) => (names.match(/[\w-]+/g) ?? ([] as string[])).includes(name));
  return row && { usage: row[0], what: row[1] };
}
