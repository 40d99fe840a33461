// fred: the command line. Parses arguments (cliArguments.ts), answers --help/--version,
// and runs the subcommand: gdb and pdb start a session in line mode or the full-screen
// interface (when stdin and stdout are terminals and --plain is not given).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { checkFiles, CliArguments, CommandLine, parseCommandLine, sessionArguments } from './cliArguments';
import { fredSpec, fredSubcommands } from './cliSpec';
import { runDap } from '../dap/runDap';
import { describe, FredError } from '../errors';
import { QuitReason } from '../session/commandRunner';
import { fredVersion, helpText } from './helpPages';
import { terminalLines } from './lineInput';
import { runLineMode } from './lineMode';
import { programOf, startSession } from '../session/startSession';
import { endOnSignals } from './signalExit';
import { runTui } from '../tui/runTui';

/** What runs each subcommand; a new one (e.g. dap) adds its entry here and its spec to fredSubcommands. */
const runners: Record<string, (line: CommandLine) => Promise<number>> = {
  gdb: (line) => runSession(sessionArguments(line)),
  pdb: (line) => runSession(sessionArguments(line)),
  dap: (line) => runDap(dapArguments(line)),
};

/** fred dap's own argv back from the parsed line (runDap parses its options like line mode's). */
function dapArguments(line: CommandLine): string[] {
  const argv: string[] = [];
  for (const [name, value] of Object.entries(line.values)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === true) argv.push(`--${name}`);
      else if (typeof one === 'string') argv.push(`--${name}`, one);
    }
  }
  return [...argv, ...line.rest];
}

/** The debugger's own answer to an option, after fred's (gdb --help, gdb --version). */
function debuggersOwn(subcommand: string | undefined, option: string): string {
  if (subcommand !== 'gdb') return '';
  const gdb = spawnSync('gdb', [option], { encoding: 'utf8', timeout: 30000 });
  return gdb.stdout ? `${option === '--help' ? '\n' : ''}${option === '--help' ? 'gdb\'s own options (after fred\'s):\n' : ''}${gdb.stdout}` : '';
}

export async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv);
  const spec = line.subcommand ? fredSubcommands[line.subcommand] : fredSpec;
  if (line.values.help) {
    process.stdout.write(helpText(spec, line.subcommand ? undefined : fredSubcommands) + debuggersOwn(line.subcommand, '--help'));
    return 0;
  }
  if (line.values.version) {
    process.stdout.write(`fred ${fredVersion()}\n${debuggersOwn(line.subcommand, '--version')}`);
    return 0;
  }
  if (!line.subcommand) {
    process.stderr.write(helpText(fredSpec, fredSubcommands));
    return 2;
  }
  return runners[line.subcommand](line);
}

/**
 * Whether fred is in the terminal's foreground process group (/proc/self/stat: pgrp and
 * tpgid). In the background (e.g. under `timeout` without --foreground) reading the
 * terminal stops the process, and the full-screen interface would hang undrawn.
 */
function inForeground(): boolean {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]) === Number(fields[5]);
  } catch {
    return true;
  }
}

async function runSession(args: CliArguments): Promise<number> {
  checkFiles(args, args.debugger === 'gdb' ? programOf(args.debuggerArgs) : args.debuggerArgs[0]);
  if (!args.plain && process.stdin.isTTY && process.stdout.isTTY) {
    if (!inForeground()) {
      throw new FredError('usage', 'not in the terminal\'s foreground process group, so the full-screen interface cannot read the keyboard (under timeout, use timeout --foreground; or give --plain and a script on stdin)');
    }
    // when the debugger dies, the user may go on from the latest checkpoint image (as in line mode)
    for (let commandFiles = args.commandFiles; ; commandFiles = []) {
      let reason: QuitReason | undefined;
      const started = await startSession(args, (why) => { reason = why; });
      const stopSignals = endOnSignals(() => started.close());
      let result;
      try {
        result = await runTui(started, { commandFiles, quitting: () => reason !== undefined, crashed: () => reason === 'debugger-exited', title: `fred ${args.debugger} ${args.debuggerArgs.join(' ')}` });
      } finally {
        stopSignals();
        await started.close();
      }
      if (!result.recoverFrom) return 0;
      args.restore = result.recoverFrom;
    }
  }
  // line mode; when the debugger dies, the user may go on from the latest checkpoint image
  const lines = terminalLines();
  let current: { close(): Promise<void> } | undefined;
  const stopSignals = endOnSignals(async () => { lines.close(); await current?.close(); });
  try {
    for (let commandFiles = args.commandFiles; ; commandFiles = []) {
      let reason: QuitReason | undefined;
      const started = await startSession(args, (why) => { reason = why; });
      current = started;
      let result;
      try {
        result = await runLineMode(started, commandFiles, () => reason !== undefined, lines, () => reason === 'debugger-exited');
      } finally {
        await started.close();
      }
      if (!result.recoverFrom) return 0;
      args.restore = result.recoverFrom;
    }
  } finally {
    stopSignals();
    lines.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (error) => {
      const { line, status } = describe(error);
      process.stderr.write(`fred: ${line}\n`);
      process.exit(status);
    },
  );
}
