// Session directories live in the control directory as session-<pid of fred>-<random>:
// a directory whose fred is gone (killed, crashed) is removed at the next start.
import * as fs from 'fs';
import * as path from 'path';
import { defaultControlDir, ensureControlDir } from './checkpointControl';

const sessionName = /^session-(\d+)-[A-Za-z0-9]+$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the session directories of freds that no longer run; returns how many. */
export function removeStaleSessions(controlDir: string): number {
  let removed = 0;
  for (const name of fs.readdirSync(controlDir)) {
    const owner = sessionName.exec(name);
    if (!owner || isRunning(Number(owner[1]))) continue;
    fs.rmSync(path.join(controlDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** A fresh private session directory (0700) in the user's control directory. */
export function newSessionDirectory(controlDir = defaultControlDir()): string {
  const parent = ensureControlDir(controlDir);
  removeStaleSessions(parent);
  return fs.mkdtempSync(path.join(parent, `session-${process.pid}-`));
}
