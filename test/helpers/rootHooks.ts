// Root hook (.mocharc's `require`): whatever a test file left running is killed by process
// group after it. In parallel runs each worker process runs it after each of its files.
import { killAllGroups } from './processGroup';

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(30000);
    await killAllGroups();
  },
};
