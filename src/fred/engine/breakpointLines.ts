// The debugger lines that make one breakpoint of the protocol's kinds: a line or a
// function, with a condition, a hit count and a log message. They run through the same
// command runner as typed lines, so history and replay treat them as in line mode.
// Logpoints: gdb's dprintf (each {expr} printed through $_as_string, so any type reads as
// gdb prints it); pdb: a condition that prints the message (an f-string) and is false,
// so the program never stops there.
import { FredError } from '../errors';

export interface BreakpointSpec {
  /** FILE:LINE or a function name, as the debugger's break takes it. */
  location: string;
  condition?: string;
  /** "N" or ">= N": stop from the N-th time the breakpoint is reached on. */
  hitCondition?: string;
  /** Text with {expressions}: printed each time the line is reached, without stopping. */
  logMessage?: string;
}

/** How many crossings to ignore before the first stop; undefined: none. A FredError for a hit condition fred cannot keep. */
export function ignoreCount(hitCondition: string | undefined): number | undefined {
  if (hitCondition === undefined || hitCondition.trim() === '') return undefined;
  const match = /^\s*(>=)?\s*(\d+)\s*$/.exec(hitCondition);
  if (!match || Number(match[2]) < 1) throw new FredError('usage', `hit count '${hitCondition}': give a number N (or >= N) to stop from the N-th hit on`);
  return Number(match[2]) > 1 ? Number(match[2]) - 1 : undefined;
}

/** The message's literal text and {expression} parts, in order. */
function messageParts(message: string): Array<{ text: string } | { expression: string }> {
  const parts: Array<{ text: string } | { expression: string }> = [];
  const pattern = /\{([^{}]+)\}/g;
  let at = 0;
  for (let m = pattern.exec(message); m; m = pattern.exec(message)) {
    if (m.index > at) parts.push({ text: message.slice(at, m.index) });
    parts.push({ expression: m[1].trim() });
    at = m.index + m[0].length;
  }
  if (at < message.length) parts.push({ text: message.slice(at) });
  return parts;
}

const cString = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\n/g, '\\n');

/** gdb: the command that makes the breakpoint (conditions of a dprintf come after, with `condition`). */
export function gdbBreakLine(spec: BreakpointSpec): string {
  if (spec.logMessage === undefined) return `break ${spec.location}${spec.condition ? ` if ${spec.condition}` : ''}`;
  const parts = messageParts(spec.logMessage);
  const format = parts.map((p) => ('text' in p ? cString(p.text) : '%s')).join('');
  const args = parts.filter((p): p is { expression: string } => 'expression' in p).map((p) => `,$_as_string(${p.expression})`).join('');
  return `dprintf ${spec.location},"${format}\\n"${args}`;
}

/** pdb: one `break` line; a logpoint is a condition that prints and is never true. */
export function pdbBreakLine(spec: BreakpointSpec): string {
  if (spec.logMessage === undefined) return `break ${spec.location}${spec.condition ? `, ${spec.condition}` : ''}`;
  const literal = spec.logMessage.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const print = `print(f"${literal}")`;
  return `break ${spec.location}, ${spec.condition ? `(${spec.condition}) and ${print}` : print}`;
}
