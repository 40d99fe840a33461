// Whole python3 interpreters under fred-ckpt: Debian's /usr/bin/python3 and the python3
// first on PATH (pyenv here) are checkpointed, killed and restarted with large lists and
// dicts, json, sqlite3 in memory (with an open cursor), re, and files open for reading
// and writing (with unflushed output). programs/state.py checks everything and says PASS.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { checkpointKill, launch, restart, roundTrip, scratchDir, waitBlockedInRead } from '../checkpointer/harness';

const stateScript = path.join(__dirname, '..', '..', '..', 'test', 'python', 'programs', 'state.py');

function versionOf(python: string): string {
  return execFileSync(python, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' }).trim();
}

const interpreters = [
  { label: 'Debian python3', python: '/usr/bin/python3' },
  { label: 'python3 on PATH', python: 'python3' },
];

describe('python3 processes under fred-ckpt', function () {
  this.timeout(120000);

  for (const { label, python } of interpreters) {
    it(`${label} (${versionOf(python)}): checkpoint, kill, restart keeps lists, dicts, json, sqlite3, re and open files`, async () => {
      const dir = scratchDir('python-state');
      const restarted = await roundTrip(label, python, [stateScript, dir], { cwd: dir });
      assert.match(restarted.out, /PASS/);
    });

    it(`${label}: a restarted interpreter can be checkpointed and restarted again`, async () => {
      const dir = scratchDir('python-chain');
      const first = await launch(`${label} first`, python, [stateScript, dir], { cwd: dir });
      assert.match(first.out, new RegExp(`ready \\d+ ${versionOf(python).replace(/\./g, '\\.')}`), 'not the interpreter asked for');
      await checkpointKill(first, path.join(dir, 'one.img'), { cwd: dir });
      const second = restart(`${label} second`, path.join(dir, 'one.img'), [], { cwd: dir });
      await waitBlockedInRead(second.pid, `${label} second`);
      await checkpointKill(second, path.join(dir, 'two.img'), { cwd: dir });
      const third = restart(`${label} third`, path.join(dir, 'two.img'), [], { cwd: dir });
      await waitBlockedInRead(third.pid, `${label} third`);
      third.send('check\n');
      await third.waitOut('PASS or FAIL after two restarts', /PASS|FAIL.*/);
      assert.match(third.out, /PASS/, third.out + third.err);
      await third.kill();
    });
  }
});
