// A temporary directory for the whole test process, removed when the process exits. Not
// with a mocha `after` hook: in parallel runs a worker process runs many files, loads a
// helper module once, and a root hook registered at load time would run after the first
// file only (the directory then gone for the next files, or never removed).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function processScratch(prefix: string, mode?: number): () => string {
  let dir: string | undefined;
  return () => {
    if (!dir) {
      const made = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      if (mode !== undefined) fs.chmodSync(made, mode);
      process.on('exit', () => fs.rmSync(made, { recursive: true, force: true }));
      dir = made;
    }
    return dir;
  };
}
