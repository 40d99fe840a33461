// A command on its way to a debugger that just died: node-pty's report of the failed write
// (console.error with the error object) never reaches the user's terminal; fred's own line
// says that the debugger died. Found by the random gdb kills (a trial's output held it).
import { strict as assert } from 'assert';
import '../../src/debugger-adapters/ptyDriver';

function stderrOf(work: () => void): string {
  const write = process.stderr.write;
  let seen = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { seen += String(chunk); return true; }) as typeof process.stderr.write;
  try { work(); } finally { process.stderr.write = write; }
  return seen;
}

describe('pty driver: a write after the debugger died', () => {
  it('node-pty\'s report of EBADF or EIO is dropped; its other reports and other errors are not', () => {
    const failed = (code: string) => Object.assign(new Error(`${code}: write`), { code });
    assert.equal(stderrOf(() => console.error('Unhandled pty write error', failed('EBADF'))), '');
    assert.equal(stderrOf(() => console.error('Unhandled pty write error', failed('EIO'))), '');
    assert.match(stderrOf(() => console.error('Unhandled pty write error', failed('ENOSPC'))), /ENOSPC/);
    assert.match(stderrOf(() => console.error('something else', failed('EBADF'))), /something else/);
  });
});
