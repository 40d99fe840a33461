// fred_notify_restart: a program waiting at a prompt of its own (plain read, no readline)
// asks the library for a signal after every restart from an image; checkpointed at its
// prompt and restarted in a NEW terminal, it shows the prompt again and reads on. Twice
// in a chain (the setting is part of the image). Real ptys.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
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
});
