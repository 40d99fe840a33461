// Programs with several pthreads: every thread is stopped for the checkpoint and started
// again by the restart, continuing where it was (zdtm style: the program checks itself).
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkpointKill, ckpt, launch, NOBODY, program, restart, roundTrip, scratchDir, waitBlockedInRead } from './harness';

const WORKERS = '8';

/** Finish a restarted (or live) workers program: "check", then its verdict. */
async function finish(p: ReturnType<typeof restart>, label: string): Promise<void> {
  await waitBlockedInRead(p.pid, label);
  p.send('check\n');
  await p.waitOut(`${label}: PASS or FAIL`, /PASS|FAIL.*/, 60000);
  const exit = await p.waitExit(label, 60000);
  assert.match(p.out, /PASS/, `${label}: ${p.out}\n${p.err}`);
  assert.equal(exit.code, 0);
  await p.kill();
}

describe('checkpointer: threads', function () {
  this.timeout(120000);

  for (const as of [undefined, NOBODY]) {
    const who = as ? ' (as nobody)' : '';

    it(`8 workers summing under a mutex, stopped at a gate (spinning, in a futex, in nanosleep), come back and finish${who}`, async () => {
      const image = path.join(scratchDir('workers-gate', as), 'workers.img');
      await roundTrip(`workers gate${who}`, program('workers.c'), [WORKERS, '20000', 'gate'], { as, image });
      const info = await ckpt('info', ['info', image, '--json'], { as });
      assert.equal(JSON.parse(info.stdout).threads, 9);
    });

    it(`8 workers caught mid-work are started again and the sum is right${who}`, async () => {
      await roundTrip(`workers free${who}`, program('workers.c'), [WORKERS, '2000000', 'free'], { as });
    });

    it(`a process whose main thread ended (pthread_exit) comes back with its two other threads${who}`, async () => {
      await roundTrip(`main ends${who}`, program('main_ends.c'), [], { as });
    });
  }

  it('a thread other than main blocked in read, and main in pthread_join, come back blocked', async () => {
    await roundTrip('workers reader', program('workers.c'), [WORKERS, '20000', 'gate', 'reader']);
  });

  it('a restarted threaded process is checkpointed and restarted again, tids and mutex owners intact', async () => {
    const dir = scratchDir('workers-twice');
    const first = path.join(dir, 'first.img'), second = path.join(dir, 'second.img');
    const p = await launch('workers twice', program('workers.c'), [WORKERS, '2000000', 'free']);
    await checkpointKill(p, first);
    const r = restart('workers restarted once', first);
    await waitBlockedInRead(r.pid, 'workers restarted once');
    await checkpointKill(r, second);
    await finish(restart('workers restarted twice', second), 'workers restarted twice');
  });

  it('the checkpointed process goes on with all its threads', async () => {
    const image = path.join(scratchDir('workers-live'), 'live.img');
    const p = await launch('workers live', program('workers.c'), [WORKERS, '20000', 'gate']);
    for (let i = 0; i < 3; i++) {
      const c = await ckpt(`checkpoint ${i}`, ['checkpoint', String(p.pid), '-o', image]);
      assert.equal(c.code, 0, c.stderr);
    }
    await finish(p, 'workers live');
  });
});
