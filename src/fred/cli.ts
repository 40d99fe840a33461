// fred: the command line. Parses arguments, starts the session, runs line mode (the
// full-screen interface when stdin is a terminal and --plain is not given).
import { parseCliArguments } from './cliArguments';
import { runDap } from './dap/runDap';
import { describe } from './errors';
import { QuitReason } from './commandRunner';
import { runLineMode, stdinLines } from './lineMode';
import { startSession } from './startSession';
import { runTui } from './tui/runTui';

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'dap') return runDap(argv.slice(1));
  const args = parseCliArguments(argv);
  if (!args.plain && process.stdin.isTTY && process.stdout.isTTY) {
    let quit = false;
    const started = await startSession(args, () => { quit = true; });
    try {
      await runTui(started, { commandFiles: args.commandFiles, quitting: () => quit, title: `fred ${args.debugger} ${args.debuggerArgs.join(' ')}` });
    } finally {
      await started.close();
    }
    return 0;
  }
  // line mode; when the debugger dies, the user may go on from the latest checkpoint image
  const lines = stdinLines();
  try {
    for (let commandFiles = args.commandFiles; ; commandFiles = []) {
      let reason: QuitReason | undefined;
      const started = await startSession(args, (why) => { reason = why; });
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
