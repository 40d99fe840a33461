// Waiting for a one-line answer file of the control protocol (see checkpointControl.ts),
// woken by inotify (fs.watch on its directory) the moment the answer is renamed into
// place. A snapshot answers within milliseconds, so a poll that backs off (as
// awaitAnswer does, for image writes that take seconds) would add up to its own
// latency again; a slow poll remains to notice a dead answerer and the timeout.
import * as fs from 'fs';
import * as path from 'path';
import { parseAnswer } from './controlProtocol';
import { FredError } from '../errors';

const POLL_MS = 25;

/**
 * Resolve with the answer line (the file is removed); reject with a FredError for an
 * error answer, an answer of another protocol version, when alive() turns false with no
 * answer, or after timeoutMs.
 */
export function awaitAnswerFile(file: string, what: string, alive: () => boolean, timeoutMs = 120000,
  deathReason = 'the process died before it answered'): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let finished = false;
    let watcher: fs.FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (settle: () => void) => {
      if (finished) return;
      finished = true;
      watcher?.close();
      if (timer) clearInterval(timer);
      settle();
    };
    const answered = (): boolean => {
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch { return false; }
      if (!text.endsWith('\n')) return false;      // never happens with rename, but a partial line is not an answer
      fs.rmSync(file, { force: true });
      let answer: ReturnType<typeof parseAnswer>;
      try {
        answer = parseAnswer(text);
      } catch (error) {
        finish(() => reject(error));              // another protocol version
        return true;
      }
      if (!answer.ok) finish(() => reject(new FredError('checkpoint-failed', `${what} failed: ${answer.reason}`)));
      else finish(() => resolve(answer.line));
      return true;
    };
    try {
      watcher = fs.watch(path.dirname(file), (_event, name) => { if (!finished && name === path.basename(file)) answered(); });
      watcher.on('error', () => undefined);       // the slow poll still runs
    } catch {
      watcher = undefined;
    }
    timer = setInterval(() => {
      if (finished || answered()) return;
      if (!alive() && !answered()) finish(() => reject(new FredError('died', `${what} failed: ${deathReason}`)));
      else if (Date.now() - started > timeoutMs) finish(() => reject(new FredError('timeout', `${what} did not finish within ${timeoutMs / 1000} s`)));
    }, POLL_MS);
    answered();                                    // it may be there already
  });
}
