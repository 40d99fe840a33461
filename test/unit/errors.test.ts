// describe(): every failure is one line; an internal error's stack goes to a private log file.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { describe as describeError, FredError } from '../../src/fred/errors';

describe('errors: one line for every failure', function () {
  it('a user error is its message, exit status 2', () => {
    assert.deepEqual(describeError(new FredError('bad-image', 'x.img: not a fred checkpoint image')), { line: 'x.img: not a fred checkpoint image', status: 2 });
  });

  it('a full disk says so in one line naming the file, exit status 2', () => {
    const e = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', path: '/tmp/fred-ckpt-0/session-1-a/req.5' });
    const { line, status } = describeError(e);
    assert.equal(status, 2);
    assert.equal(line, 'no space left on the device (/tmp/fred-ckpt-0/session-1-a/req.5); free some space and try again');
  });

  it('an internal error: one line, no stack trace, the stack in a 0600 log file it names', () => {
    const { line, status } = describeError(new Error('gdb has exited\nmore text'));
    assert.equal(status, 1);
    assert.doesNotMatch(line, /\n|\bat .*:\d+/);
    const file = /^internal error: gdb has exited \(details in (.+)\)$/.exec(line)?.[1];
    assert.ok(file, line);
    assert.match(fs.readFileSync(file, 'utf8'), /Error: gdb has exited[\s\S]*at /);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    fs.rmSync(file);
  });
});
