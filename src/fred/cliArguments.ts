// fred's command line: `fred [fred options] gdb [gdb options] PROG [ARGS]`,
// `fred gdb --args PROG ARGS...`, `fred pdb SCRIPT [ARGS]`, `fred python3 -m pdb SCRIPT`.
// fred's own options may come before or right after the debugger's name; everything
// else belongs to the debugger.
import { FredError } from './errors';
import { defaultPolicy, SnapshotPolicy } from './session';

export interface CliArguments {
  debugger: 'gdb' | 'pdb';
  /** gdb: its arguments; pdb: [SCRIPT, ARGS...] */
  debuggerArgs: string[];
  python: string;
  plain: boolean;
  /** -x FILE: commands run first, as if typed */
  commandFiles: string[];
  imageDir: string;
  /** --restore IMAGE: start from a checkpoint image instead of running the program */
  restore?: string;
  policy: SnapshotPolicy;
}

export const usage = `usage: fred [options] gdb [gdb options] PROG [ARGS]
       fred [options] gdb --args PROG ARGS...
       fred [options] pdb SCRIPT [ARGS]         (also: fred python3 -m pdb SCRIPT [ARGS])
       fred dap [--port N] [options]            (Debug Adapter Protocol on stdin/stdout or 127.0.0.1:N, for editors)
options:
  --plain              line mode even on a terminal (no full-screen interface)
  -x FILE              run fred/debugger commands from FILE first
  --image-dir DIR      where fred-checkpoint writes images (default: current directory)
  --restore IMAGE      start at a checkpoint image (from fred-checkpoint); PROG defaults to the image's
  --snapshot-every N   snapshot before every Nth command that moves the program (default ${defaultPolicy.everyCommands})
  --replay-budget MS   during replays, snapshot when this much time passed (default ${defaultPolicy.replayBudgetMs})
  --memory-budget MIB  memory fred's snapshots may hold (default ${defaultPolicy.memoryBudgetBytes / 1048576})
  --max-snapshots N    fred's automatic snapshots kept at most (default ${defaultPolicy.maxSnapshots})
  --cheap-replay MS    no automatic snapshot while replaying back would cost under MS (default ${defaultPolicy.cheapReplayMs}; 0: snapshot every time)
exit status: 0 after quit, 2 for a usage error, 1 for an internal error`;

function positiveNumber(flag: string, text: string | undefined, zeroAllowed = false): number {
  const n = Number(text);
  if (!text || !Number.isFinite(n) || n < 0 || (n === 0 && !zeroAllowed)) {
    throw new FredError('usage', `${flag} needs a ${zeroAllowed ? 'number >= 0' : 'positive number'}, not '${text ?? ''}'\n${usage}`);
  }
  return n;
}

export function parseCliArguments(argv: string[]): CliArguments {
  const parsed: CliArguments = {
    debugger: 'gdb', debuggerArgs: [], python: 'python3', plain: false, commandFiles: [], imageDir: process.cwd(), policy: { ...defaultPolicy },
  };
  let debuggerSeen = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (rest.length === 0 && (arg === '--plain')) parsed.plain = true;
    else if (rest.length === 0 && arg === '-x') parsed.commandFiles.push(value() ?? '');
    else if (rest.length === 0 && arg === '--image-dir') parsed.imageDir = value() ?? '';
    else if (rest.length === 0 && arg === '--restore') parsed.restore = value() ?? '';
    else if (rest.length === 0 && arg === '--snapshot-every') parsed.policy.everyCommands = positiveNumber(arg, value());
    else if (rest.length === 0 && arg === '--replay-budget') parsed.policy.replayBudgetMs = positiveNumber(arg, value());
    else if (rest.length === 0 && arg === '--memory-budget') parsed.policy.memoryBudgetBytes = positiveNumber(arg, value()) * 1048576;
    else if (rest.length === 0 && arg === '--max-snapshots') parsed.policy.maxSnapshots = positiveNumber(arg, value());
    else if (rest.length === 0 && arg === '--cheap-replay') parsed.policy.cheapReplayMs = positiveNumber(arg, value(), true);
    else if (!debuggerSeen && (arg === 'gdb' || arg === 'pdb')) { parsed.debugger = arg; debuggerSeen = true; }
    else if (!debuggerSeen && /^python3?(\.\d+)?$|\/python3?(\.\d+)?$/.test(arg) && argv[i + 1] === '-m' && argv[i + 2] === 'pdb') {
      parsed.debugger = 'pdb'; parsed.python = arg; debuggerSeen = true; i += 2;
    } else if (!debuggerSeen) throw new FredError('usage', `fred: expected gdb or pdb, not '${arg}'\n${usage}`);
    else rest.push(arg);
  }
  if (!debuggerSeen) throw new FredError('usage', usage);
  if (parsed.commandFiles.some((f) => !f)) throw new FredError('usage', `-x needs a FILE\n${usage}`);
  if (parsed.restore === '') throw new FredError('usage', `--restore needs an IMAGE\n${usage}`);
  if (rest.length === 0 && !parsed.restore) throw new FredError('usage', `fred ${parsed.debugger}: name the ${parsed.debugger === 'gdb' ? 'program' : 'script'} to debug\n${usage}`);
  parsed.debuggerArgs = rest;
  return parsed;
}
