// Threads taking turns (fred_thread_order.c) without a debugger: a program whose workers take
// a mutex in an order set by timing, run with fred's library and a record log, then run
// again three times on that log (a replay from the start): every replay prints the order
// the recorded run printed. Also as nobody. And a program that waits at a barrier (a wait
// the library does not see) ends the turns with a line in the log instead of hanging; a
// thread reading a pipe that another thread writes lets the writer run; threads that wait
// for each other spinning on sched_yield finish, and replay exactly.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { preloadLibrary } from '../../src/fred/checkpointer/nativePaths';
import { NOBODY, program, run, scratchDir } from './harness';

/* fred_record.h: the header's texts */
const DIVERGENCE_AT = 72, UNRECORDED_AT = 520;

/** length bytes of the log from at: the log is a 1 GiB sparse file, read only its header. */
function headerBytes(log: string, at: number, length: number): Buffer {
  const fd = fs.openSync(log, 'r');
  try {
    const bytes = Buffer.alloc(length);
    return bytes.subarray(0, fs.readSync(fd, bytes, 0, length, at));
  } finally {
    fs.closeSync(fd);
  }
}

function headerText(log: string, at: number): string {
  const text = headerBytes(log, at, 448);
  return text.subarray(0, Math.max(text.indexOf(0), 0)).toString();
}
const unrecorded = (log: string) => headerText(log, UNRECORDED_AT);

describe('threads take turns with the record log, no debugger', function () {
  this.timeout(120000);

  for (const as of [undefined, NOBODY]) {
    const who = as ? ' (as nobody)' : '';
    it(`a replay from the log prints the recorded order of the workers, three times of three${who}`, async function () {
      const prog = program('../../../examples/turns_counter.c'); // the example itself
      const dir = scratchDir('turns', as);
      // FRED_RECORD_PROGRAM: setpriv, which starts the program as nobody, must not record
      const env = { ...process.env, LD_PRELOAD: preloadLibrary, FRED_RECORD_LOG: path.join(dir, 'record.log'), FRED_RECORD_PROGRAM: prog };
      const recorded = await run('record', prog, [], { env, as, cwd: dir });
      assert.equal(recorded.code, 0, recorded.stderr);
      assert.match(recorded.stdout, /^order [abc]{12} counter 12\n$/);
      const entries = Number(headerBytes(path.join(dir, 'record.log'), 40, 8).readBigUInt64LE(0));
      assert.ok(entries > 12, `the recorded run logged ${entries} entries: ${recorded.stderr}`);   /* turns of 3 workers x 4 */
      for (let k = 0; k < 3; k++) {
        const replayed = await run(`replay ${k + 1}`, prog, [], { env, as, cwd: dir });
        assert.equal(replayed.stdout, recorded.stdout, `replay ${k + 1}: ${headerText(path.join(dir, 'record.log'), DIVERGENCE_AT)} ${replayed.stderr}`);
      }
      assert.equal(unrecorded(path.join(dir, 'record.log')), '');
    });
  }

  it('a thread that reads a pipe another thread writes lets it run (no hang), and replays read the same', async function () {
    const prog = program('turns_pipe.c');
    const dir = scratchDir('pipe');
    const env = { ...process.env, LD_PRELOAD: preloadLibrary, FRED_RECORD_LOG: path.join(dir, 'record.log') };
    for (let k = 0; k < 3; k++) {
      const result = await run(k ? `replay ${k}` : 'record', prog, [], { env, cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'read 25 bytes\n');
    }
    assert.equal(headerText(path.join(dir, 'record.log'), DIVERGENCE_AT), '');
  });

  it('threads that wait for each other spinning on sched_yield finish, and replays yield as often as the recorded run', async function () {
    const prog = program('../../../examples/yield_flag.c');
    const dir = scratchDir('yield');
    const log = path.join(dir, 'record.log');
    const env = { ...process.env, LD_PRELOAD: preloadLibrary, FRED_RECORD_LOG: log, FRED_RECORD_PROGRAM: prog };
    const recorded = await run('record', prog, [], { env, cwd: dir });
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.match(recorded.stdout, /^moves 400, spins \d+ \d+\n$/);
    for (let k = 1; k <= 2; k++) {
      const replayed = await run(`replay ${k}`, prog, [], { env, cwd: dir });
      assert.equal(replayed.stdout, recorded.stdout, `replay ${k}: ${headerText(log, DIVERGENCE_AT)} ${replayed.stderr}`);
    }
    assert.equal(headerText(log, DIVERGENCE_AT), '');
    assert.equal(unrecorded(log), '');   /* handed over at the yields, not ended by the 1 s rule */
  });

  it('a barrier (a wait fred does not see) ends the turns after 1 s, said in the log; the program finishes', async function () {
    const prog = program('turns_barrier.c');
    const dir = scratchDir('barrier');
    const log = path.join(dir, 'record.log');
    const env = { ...process.env, LD_PRELOAD: preloadLibrary, FRED_RECORD_LOG: log };
    const result = await run('barrier', prog, [], { env, cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'sum 6\n');
    assert.match(unrecorded(log), /^thread \d+ waited 1 s for another thread in a way fred does not see \(a barrier/);
  });
});
