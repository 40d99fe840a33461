// A test's cleanup ends the process groups tests started and leaves the background jobs'
// (the fuzzer runs beside the whole suite): the DAP tests' cleanup once killed the
// fuzzer whenever it was still running when they ran, which failed CI runs under load.
import { strict as assert } from 'assert';
import { asBackgroundJob, groupAlive, killGroup, killTestGroups, spawnGroup } from '../helpers/processGroup';

describe('test process groups: a test\'s cleanup and the background jobs', () => {
  it('killTestGroups ends a test\'s group and leaves one a background job started, also after an await', async () => {
    const ofTest = spawnGroup('sleep', ['60'], { stdio: 'ignore' });
    const ofJob = await asBackgroundJob(async () => {
      await new Promise((r) => setTimeout(r, 10));   // spawned later in the job's async work
      return spawnGroup('sleep', ['60'], { stdio: 'ignore' });
    });
    try {
      await killTestGroups();
      assert.equal(groupAlive(ofTest.pid!), false, 'the test\'s group outlived its cleanup');
      assert.equal(groupAlive(ofJob.pid!), true, 'a test\'s cleanup ended the background job\'s group');
    } finally {
      await killGroup(ofTest.pid!);
      await killGroup(ofJob.pid!);
    }
    assert.equal(groupAlive(ofJob.pid!), false);
  });
});
