// Root hook: whatever a test left running is killed by process group after the suite.
import { killAllGroups } from './processGroup';

after(async function () {
  this.timeout(30000);
  await killAllGroups();
});
