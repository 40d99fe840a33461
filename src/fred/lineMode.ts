// Line mode: read commands line by line (stdin, after any -x files), print each command's
// complete output before reading the next. On a terminal the user types after a prompt;
// otherwise the transcript shows prompt + command + output, like a recorded session.
import * as fs from 'fs';
import * as readline from 'readline';
import { describe, FredError } from './errors';
import { showSearchProgress } from './progressLine';
import { StartedSession } from './startSession';

export async function runLineMode(started: StartedSession, commandFiles: string[], quitting: () => boolean): Promise<void> {
  const interactive = process.stdin.isTTY === true;
  const out = (text: string) => { if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); };
  const perform = async (line: string) => {
    if (!interactive) process.stdout.write(`${started.prompt}${line}\n`);
    try {
      out(await started.runner.handle(line));
    } catch (error) {
      const { line: message } = describe(error);
      out(error instanceof FredError ? `fred: ${message}` : `fred: ${message}\nfred: the session goes on; fred-info shows its state`);
    }
  };
  out(started.banner.trim());
  const stopProgress = showSearchProgress(started.session.events);
  for (const file of commandFiles) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new FredError('usage', `cannot read command file ${file}: ${(e as NodeJS.ErrnoException).code}`);
    }
    for (const line of text.split('\n')) {
      if (quitting()) return;
      if (line.trim() && !line.trim().startsWith('#')) await perform(line);
    }
  }
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const onSigint = () => started.runner.interrupt();
  process.on('SIGINT', onSigint);
  try {
    if (interactive) process.stdout.write(started.prompt);
    for await (const line of rl) {
      await perform(line);
      if (quitting()) break;
      if (interactive) process.stdout.write(started.prompt);
    }
  } finally {
    process.off('SIGINT', onSigint);
    stopProgress();
    rl.close();
  }
}
