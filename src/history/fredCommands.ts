// Parses fred's own commands (fred-undo, reverse-next, rn 3, fred-reverse-watch x > 3 ...)
// into a typed value. Lines that are not fred commands give `undefined`: the session
// passes them to the debugger. An unknown `fred-xxx` gives {kind: 'unknown'} so the
// session can show help; a bad argument gives {kind: 'invalid'} with a one-line message.

export type FredCommand =
  | { kind: 'checkpoint' }
  | { kind: 'restart'; checkpoint?: number }
  | { kind: 'undo'; count: number }
  | { kind: 'reverse-next'; count: number }
  | { kind: 'reverse-step'; count: number }
  | { kind: 'reverse-finish'; count: number }
  | { kind: 'reverse-continue'; count: number }
  | { kind: 'reverse-stepi'; count: number }
  | { kind: 'reverse-nexti'; count: number }
  | { kind: 'reverse-watch'; expression: string }
  | { kind: 'history' }
  | { kind: 'list' }
  | { kind: 'branch'; name: string }
  | { kind: 'switch'; name: string }
  | { kind: 'source'; file: string }
  | { kind: 'help'; topic?: string }
  | { kind: 'info' }
  | { kind: 'unknown'; name: string }
  | { kind: 'invalid'; name: string; message: string };

type ArgumentShape = 'none' | 'count' | 'optional-number' | 'expression' | 'name' | 'file' | 'topic';

interface Spec { kind: FredCommand['kind']; shape: ArgumentShape; names: string[] }

const specs: Spec[] = [
  { kind: 'checkpoint', shape: 'none', names: ['fred-checkpoint', 'fred-ckpt'] },
  { kind: 'restart', shape: 'optional-number', names: ['fred-restart'] },
  { kind: 'undo', shape: 'count', names: ['fred-undo'] },
  { kind: 'reverse-next', shape: 'count', names: ['fred-reverse-next', 'fred-rn', 'reverse-next', 'rn'] },
  { kind: 'reverse-step', shape: 'count', names: ['fred-reverse-step', 'fred-rs', 'reverse-step', 'rs'] },
  { kind: 'reverse-finish', shape: 'count', names: ['fred-reverse-finish', 'fred-rf', 'reverse-finish'] },
  { kind: 'reverse-continue', shape: 'count', names: ['fred-reverse-continue', 'fred-rc', 'reverse-continue', 'rc'] },
  { kind: 'reverse-stepi', shape: 'count', names: ['fred-reverse-stepi', 'fred-rsi', 'reverse-stepi', 'rsi'] },
  { kind: 'reverse-nexti', shape: 'count', names: ['fred-reverse-nexti', 'fred-rni', 'reverse-nexti', 'rni'] },
  { kind: 'reverse-watch', shape: 'expression', names: ['fred-reverse-watch', 'fred-rw'] },
  { kind: 'history', shape: 'none', names: ['fred-history'] },
  { kind: 'list', shape: 'none', names: ['fred-list'] },
  { kind: 'branch', shape: 'name', names: ['fred-branch'] },
  { kind: 'switch', shape: 'name', names: ['fred-switch'] },
  { kind: 'source', shape: 'file', names: ['fred-source'] },
  { kind: 'help', shape: 'topic', names: ['fred-help'] },
  { kind: 'info', shape: 'none', names: ['fred-info'] },
];

/** Every name fred answers to, for help and completion. */
export const fredCommandNames: readonly string[] = specs.flatMap((s) => s.names);

function invalid(name: string, message: string): FredCommand {
  return { kind: 'invalid', name, message };
}

function parsePositive(name: string, argument: string, what: string): number | FredCommand {
  if (!/^\+?\d+$/.test(argument) || Number(argument) < 1 || !Number.isSafeInteger(Number(argument))) {
    return invalid(name, `${name}: ${what} must be a positive whole number, got "${argument}"`);
  }
  return Number(argument);
}

function build(spec: Spec, name: string, argument: string): FredCommand {
  switch (spec.shape) {
    case 'none':
      if (argument) return invalid(name, `${name} takes no argument (got "${argument}")`);
      return { kind: spec.kind } as FredCommand;
    case 'count': {
      if (!argument) return { kind: spec.kind, count: 1 } as FredCommand;
      const n = parsePositive(name, argument, 'the count');
      return typeof n === 'number' ? ({ kind: spec.kind, count: n } as FredCommand) : n;
    }
    case 'optional-number': {
      if (!argument) return { kind: 'restart' };
      const n = parsePositive(name, argument, 'the checkpoint number');
      return typeof n === 'number' ? { kind: 'restart', checkpoint: n } : n;
    }
    case 'expression':
      if (!argument) return invalid(name, `${name} needs an expression, e.g. "${name} x > 10"`);
      return { kind: 'reverse-watch', expression: argument };
    case 'name':
      if (!/^[\w.-]+$/.test(argument)) {
        return invalid(name, `${name} needs a branch name made of letters, digits, '_', '.', '-' (got "${argument}")`);
      }
      return { kind: spec.kind, name: argument } as FredCommand;
    case 'file':
      if (!argument) return invalid(name, `${name} needs a file of commands, e.g. "${name} session.fred"`);
      return { kind: 'source', file: argument };
    case 'topic':
      return argument ? { kind: 'help', topic: argument } : { kind: 'help' };
  }
}

/** Parses a line if it is one of fred's commands; undefined means "pass it to the debugger". */
export function parseFredCommand(line: string): FredCommand | undefined {
  const text = line.trim();
  const match = /^(\S+)\s*(.*)$/s.exec(text);
  if (!match) return undefined;
  const name = match[1];
  const argument = match[2].trim();
  const spec = specs.find((s) => s.names.includes(name));
  if (spec) return build(spec, name, argument);
  if (name.startsWith('fred-')) return { kind: 'unknown', name };
  return undefined;
}
