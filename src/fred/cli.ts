// fred: the command line. Parses arguments, starts the session, runs line mode (the
// full-screen interface when stdin is a terminal and --plain is not given).
import { parseCliArguments } from './cliArguments';
import { describe } from './errors';
import { runLineMode } from './lineMode';
import { startSession } from './startSession';
import { runTui } from './tui/runTui';

export async function main(argv: string[]): Promise<number> {
  const args = parseCliArguments(argv);
  let quit = false;
  const started = await startSession(args, () => { quit = true; });
  try {
    if (!args.plain && process.stdin.isTTY && process.stdout.isTTY) await runTui(started, { commandFiles: args.commandFiles, quitting: () => quit, title: `fred ${args.debugger} ${args.debuggerArgs.join(' ')}` });
    else await runLineMode(started, args.commandFiles, () => quit);
  } finally {
    await started.close();
  }
  return 0;
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
