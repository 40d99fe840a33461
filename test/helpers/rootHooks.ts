// Root hook (.mocharc's `require`): the jobs test files run in the background start before
// the first test (backgroundJobs.ts); whatever a test file left running is killed by
// process group after it. In parallel runs each worker process runs them around each of
// its files.
import { startBackgroundJobs, stopBackgroundJobs } from './backgroundJobs';
import { killAllGroups } from './processGroup';

export const mochaHooks = {
  beforeAll(): void {
    startBackgroundJobs();
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(30000);
    stopBackgroundJobs();
    await killAllGroups();
  },
};
