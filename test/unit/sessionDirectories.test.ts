// Session directories of freds that no longer run are removed at the next start; those
// of running freds and anything else in the control directory are left alone.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requestFile } from '../../src/fred/checkpointer/controlProtocol';
import { newSessionDirectory, removeStaleSessions } from '../../src/fred/checkpointer/sessionDirectories';

describe('session directories: stale ones are removed', function () {
  it("removes a dead fred's session directory, keeps a live one's and other files; a new one is 0700", () => {
    const control = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-sessions-test-'));
    try {
      const deadPid = spawnSync('true').pid!;            // exited and reaped: that pid is free
      const dead = path.join(control, `session-${deadPid}-abc123`);
      const live = path.join(control, `session-${process.pid}-def456`);
      const other = requestFile(control, 123);
      fs.mkdirSync(path.join(dead, 'inner'), { recursive: true });
      fs.mkdirSync(live);
      fs.writeFileSync(other, 'x');
      assert.equal(removeStaleSessions(control), 1);
      assert.ok(!fs.existsSync(dead) && fs.existsSync(live) && fs.existsSync(other));
      const fresh = newSessionDirectory(control);
      assert.match(path.basename(fresh), new RegExp(`^session-${process.pid}-`));
      assert.equal(fs.statSync(fresh).mode & 0o777, 0o700);
    } finally {
      fs.rmSync(control, { recursive: true, force: true });
    }
  });
});
