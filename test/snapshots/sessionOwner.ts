// A stand-in for a fred session, run as its own node process by lifetime.test.ts:
//   node sessionOwner.js holder|plain SNAPPER
// starts snapper (under fred-holder in a pty, or as a plain child), takes two snapshots,
// prints {"program":P,"holder":H,"copies":[...]} on one line, and then waits to be killed.
import { spawn } from 'child_process';
import * as pty from 'node-pty';
import * as fs from 'fs';
import * as path from 'path';
import { defaultControlDir, ensureControlDir } from '../../src/fred/checkpointer/checkpointControl';
import { repoRoot, sessionHolder } from '../../src/fred/checkpointer/nativePaths';
import { SnapshotStore } from '../../src/fred/session/snapshots';

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');

async function main(mode: string, snapper: string): Promise<void> {
  const env = { ...process.env, FRED_CKPT_CONTROL: fs.mkdtempSync(path.join(ensureControlDir(defaultControlDir()), 'owner-')) };
  let output = '';
  let holder = 0;
  if (mode === 'holder') {
    const term = pty.spawn(sessionHolder, [fredCkpt, 'launch', '--', snapper, '8'], { env: env as { [key: string]: string } });
    term.onData((d) => { output += d; });
    holder = term.pid;
  } else {
    const child = spawn(fredCkpt, ['launch', '--', snapper, '8'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  }
  while (!/ready (\d+)/.test(output)) await new Promise((r) => setTimeout(r, 10));
  const program = Number(/ready (\d+)/.exec(output)![1]);
  const store = new SnapshotStore();
  const copies = [(await store.take(program)).copyPid, (await store.take(program)).copyPid];
  process.stdout.write(`${JSON.stringify({ program, holder, copies })}\n`);
  setInterval(() => undefined, 60000);
}

main(process.argv[2], process.argv[3]).catch((e) => {
  process.stderr.write(`sessionOwner: ${(e as Error).stack}\n`);
  process.exit(1);
});
