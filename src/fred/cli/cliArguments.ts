// fred's command line: `fred [fred options] SUBCOMMAND [fred options] [its arguments]`,
// where SUBCOMMAND is gdb, pdb (also spelt `python3 -m pdb`) or another entry of
// fredSubcommands. fred's own options may come before or right after the subcommand's
// name; everything after them belongs to the debugger. The spec is in cliSpec.ts.
import * as fs from 'fs';
import * as path from 'path';
import { leadingOptions, OptionValues, usageError } from './cliParse';
import { fredSpec, fredSubcommands } from './cliSpec';
import { FredError } from '../errors';
import { defaultPolicy, SnapshotPolicy } from '../session/snapshotPolicy';

export interface CommandLine {
  /** a key of fredSubcommands; undefined when only fred's options were given */
  subcommand?: string;
  /** `python3 -m pdb`: the python it names */
  python?: string;
  /** fred's options, from before and after the subcommand's name */
  values: OptionValues;
  /** what follows fred's options after the subcommand's name */
  rest: string[];
}

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
  /** --log FILE: the transcript of what fred sent to the debugger and received */
  log?: string;
  policy: SnapshotPolicy;
}

const pythonCommand = /^python3?(\.\d+)?$|\/python3?(\.\d+)?$/;

/** Splits the command line; `--help`/`--version` show up in values, for the caller to answer. */
export function parseCommandLine(argv: string[]): CommandLine {
  const before = leadingOptions(fredSpec, argv);
  const [word, ...after] = before.rest;
  if (before.values.help || before.values.version || word === undefined) return { values: before.values, rest: [] };
  let subcommand: string;
  let python: string | undefined;
  let tail = after;
  if (Object.hasOwn(fredSubcommands, word)) subcommand = word;
  else if (pythonCommand.test(word) && after[0] === '-m' && after[1] === 'pdb') {
    subcommand = 'pdb';
    python = word;
    tail = after.slice(2);
  } else if (word.startsWith('-')) throw usageError(fredSpec, `unknown option ${word}`);
  else throw usageError(fredSpec, `unknown command '${word}' (expected ${Object.keys(fredSubcommands).join(', ').replace(/, ([^,]*)$/, ' or $1')})`);
  const spec = fredSubcommands[subcommand];
  const own = leadingOptions(spec, tail);
  const values: OptionValues = { ...before.values, ...own.values };
  for (const [name, value] of Object.entries(before.values)) {
    if (Array.isArray(value) && Array.isArray(own.values[name])) values[name] = [...value, ...(own.values[name] as string[])];
  }
  return { subcommand, python, values, rest: own.rest };
}

function number(line: CommandLine, name: string, fallback: number, zeroAllowed = false): number {
  const text = line.values[name] as string | undefined;
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || (n === 0 && !zeroAllowed)) {
    throw usageError(fredSpec, `--${name} needs a ${zeroAllowed ? 'number >= 0' : 'positive number'}, not '${text}'`);
  }
  return n;
}

/** The arguments of a gdb or pdb session. */
export function sessionArguments(line: CommandLine): CliArguments {
  if (line.subcommand !== 'gdb' && line.subcommand !== 'pdb') throw usageError(fredSpec, 'name a debugger: gdb or pdb');
  const values = line.values;
  const text = (name: string) => values[name] as string | undefined;
  const spec = fredSubcommands[line.subcommand];
  if (line.rest.length === 0 && !text('restore')) {
    throw usageError(spec, `name the ${line.subcommand === 'gdb' ? 'program' : 'script'} to debug`);
  }
  return {
    debugger: line.subcommand,
    debuggerArgs: line.rest,
    python: line.python ?? 'python3',
    plain: values.plain === true,
    commandFiles: (values.command as string[] | undefined) ?? [],
    imageDir: text('image-dir') ?? process.cwd(),
    restore: text('restore'),
    log: text('log'),
    policy: {
      ...defaultPolicy,
      everyCommands: number(line, 'snapshot-every', defaultPolicy.everyCommands),
      replayBudgetMs: number(line, 'replay-budget', defaultPolicy.replayBudgetMs),
      memoryBudgetBytes: number(line, 'memory-budget', defaultPolicy.memoryBudgetBytes / 1048576) * 1048576,
      maxSnapshots: number(line, 'max-snapshots', defaultPolicy.maxSnapshots),
      cheapReplayMs: number(line, 'cheap-replay', defaultPolicy.cheapReplayMs, true),
    },
  };
}

/** For callers that only start sessions (tests, benchmarks): --help and --version are usage errors here. */
export function parseCliArguments(argv: string[]): CliArguments {
  return sessionArguments(parseCommandLine(argv));
}

function readable(file: string, what: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FredError('usage', `${what} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}`);
  }
}

/** A program gdb would find: a path, or a name on PATH. */
function programExists(program: string): boolean {
  if (program.includes('/') || fs.existsSync(program)) return fs.existsSync(program);
  return (process.env.PATH ?? '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, program)));
}

/** Files named on the command line, checked before anything starts. */
export function checkFiles(args: CliArguments, program: string | undefined): void {
  for (const file of args.commandFiles) readable(file, 'command file');
  if (args.restore) readable(args.restore, 'image');
  if (!fs.statSync(args.imageDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new FredError('usage', `--image-dir ${args.imageDir}: no such directory; create it or name another`);
  }
  if (args.log && !fs.statSync(path.dirname(path.resolve(args.log)), { throwIfNoEntry: false })?.isDirectory()) {
    throw new FredError('usage', `--log ${args.log}: its directory does not exist`);
  }
  if (program && !programExists(program)) {
    throw new FredError('usage', `${program}: no such ${args.debugger === 'gdb' ? 'program' : 'script'}`);
  }
}
