// An internal error is one line on the terminal that says where its details went; the
// details (the stack) are in a file only the user can read.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe as describeError, FredError } from '../../src/fred/errors';

describe('errors: one line for the user, details in the error log', () => {
  let state: string;
  let saved: string | undefined;
  beforeEach(() => {
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-state-'));
    saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = state;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
    fs.rmSync(state, { recursive: true, force: true });
  });

  it('a user error is its own line, exit status 2, nothing logged', () => {
    assert.deepEqual(describeError(new FredError('usage', 'no program given')), { line: 'no program given', status: 2 });
    assert.ok(!fs.existsSync(path.join(state, 'fred')));
  });

  it('an internal error: one line naming the log; the stack in a 0600 file in a 0700 directory', () => {
    const { line, status } = describeError(new Error('gdb has exited\nwith more text'));
    const file = path.join(state, 'fred', 'errors.log');
    assert.equal(status, 1);
    assert.equal(line, `internal error: gdb has exited (details in ${file}; please report it)`);
    assert.match(fs.readFileSync(file, 'utf8'), /Error: gdb has exited\nwith more text\n\s+at /);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  });
});
