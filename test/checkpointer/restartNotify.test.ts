// fred_notify_restart: a program waiting at a prompt of its own (plain read, no readline)
// asks the library for a signal after every restart from an image; checkpointed at its
// prompt and restarted in a NEW terminal, it shows the prompt again and reads on. Twice
// in a chain (the setting is part of the image). Real ptys.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../helpers/processGroup';
import { Terminal } from '../snapshots/terminal';
import { fredCkpt, program, scratchDir, waitBlockedInRead } from './harness';

describe('fred_notify_restart: a prompt of the program\'s own comes back in a new terminal', function () {
  this.timeout(60000);
  const terminals: Terminal[] = [];
  afterEach(async () => { for (const t of terminals.splice(0)) await t.close(); });

  it('the restarted program gets its signal while it waits, prints its prompt and reads on', async () => {
    const dir = scratchDir('notify');
    const prog = program('prompt_again.c', { flags: ['-ldl'] });
    let term = new Terminal('prompt_again', fredCkpt, ['launch', '--', prog], { cwd: dir });
    terminals.push(term);
    await term.expect('its prompt', /name\? $/);
    term.type('ann');
    await term.expect('an answer', /hello ann\r\nname\? $/);
    for (const round of [1, 2]) {
      const image = path.join(dir, `prompt-${round}.img`);
      await waitBlockedInRead(term.pid, `round ${round}`);
      execFileSync(fredCkpt, ['checkpoint', String(term.pid), '-o', image, '--kill'], { cwd: dir, stdio: 'pipe' });
      const old = term;
      await waitFor(`round ${round}: the checkpointed process ends (--kill)`, () => old.exit !== undefined);
      term = new Terminal(`restarted ${round}`, fredCkpt, ['restart', image], { cwd: dir });
      terminals.push(term);
      await term.expect(`round ${round}: the prompt again`, /^\[restarted\]\r\nname\? $/);
      term.type(`bob${round}`);
      await term.expect(`round ${round}: reads on`, /hello bob\d\r\nname\? $/);
    }
  });

  // pdb's case under load: the checkpoint came after the prompt was shown but before the
  // wait began (readline between its prompt and its select); the signal is handled before
  // the wait, so the wait itself must return EINTR once or the program never redraws
  it('checkpointed while it works, before its read: that read still returns EINTR once', async () => {
    const dir = scratchDir('notify-busy');
    const prog = program('prompt_again.c', { flags: ['-ldl'] });
    const go = path.join(dir, 'go');
    for (const round of [1, 2, 3]) {
      fs.rmSync(go, { force: true });
      const term = new Terminal(`busy ${round}`, fredCkpt, ['launch', '--', prog, '--busy-until', go], { cwd: dir });
      terminals.push(term);
      await term.expect('busy', /busy\r\n/);
      const image = path.join(dir, `busy-${round}.img`);
      execFileSync(fredCkpt, ['checkpoint', String(term.pid), '-o', image, '--kill'], { cwd: dir, stdio: 'pipe' });
      await waitFor(`round ${round}: the checkpointed process ends (--kill)`, () => term.exit !== undefined);
      fs.writeFileSync(go, '');
      const restarted = new Terminal(`busy restarted ${round}`, fredCkpt, ['restart', image], { cwd: dir });
      terminals.push(restarted);
      await restarted.expect(`round ${round}: the prompt, then again after the signal`, /^name\? \[restarted\]\r\nname\? $/);
      restarted.type('cy');
      await restarted.expect(`round ${round}: reads on`, /hello cy\r\nname\? $/);
    }
  });
});
