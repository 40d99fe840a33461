// A checkpoint whose image cannot be written (a full disk, injected with
// FRED_CKPT_FAULT=no-space in the writer): one line saying what to do, no partial image,
// and fred-list, fred-info and the snapshots agree: the point is no checkpoint, its
// snapshot stays an ordinary one that going back still restores.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runFred } from './gdbScenario';
import * as pdb from './pdbScenario';

const fullDisk = { ...process.env, FRED_CKPT_FAULT: 'no-space' };

function afterCommand(transcript: string, prompt: string, command: string): string {
  const start = transcript.indexOf(`${prompt}${command}\n`);
  assert.ok(start >= 0, `${command} ran:\n${transcript}`);
  const rest = transcript.slice(start + prompt.length + command.length + 1);
  return rest.slice(0, rest.indexOf(prompt));
}

function expectAgreement(transcript: string, prompt: string, imageDir: string): void {
  assert.match(afterCommand(transcript, prompt, 'fred-checkpoint'),
    /^fred: checkpoint not taken: writing \S+ failed: No space left on device; free some space \(or give another --image-dir\) and take it again\n$/);
  assert.match(afterCommand(transcript, prompt, 'fred-list'), /^no checkpoints/);
  const info = afterCommand(transcript, prompt, 'fred-info');
  assert.match(info, /checkpoints: 0; snapshots: [1-9]/);
  assert.doesNotMatch(info, /checkpoint\n/, 'fred-info calls no snapshot a checkpoint');
  assert.match(afterCommand(transcript, prompt, 'fred-restart'), /no checkpoints yet/);
  assert.deepEqual(fs.readdirSync(imageDir), [], 'no image, not even a partial one');
  assert.doesNotMatch(transcript, /internal error/);
}

describe('a checkpoint on a full disk: fred-list, fred-info and the snapshots agree', function () {
  this.timeout(120000);

  for (const mode of [['--cheap-replay', '0'], []]) {
    it(`gdb${mode.length ? ` (${mode.join(' ')})` : ''}: refused in one line, then going back restores the snapshot it stays`, async () => {
      const imageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-full-disk-'));
      const program = require('./gdbScenario').example('loop_breakpoint') as string;
      const { transcript, status } = await runFred(program, ['break main', 'run', 'next', 'next', 'fred-checkpoint', 'fred-list', 'fred-info', 'fred-restart', 'next', 'fred-undo 2', 'info line *$pc', 'fred-info'],
        { fredArgs: [...mode, '--image-dir', imageDir], env: fullDisk });
      assert.equal(status, 0, transcript);
      expectAgreement(transcript, '(gdb) ', imageDir);
      // two commands back: where the failed checkpoint was asked for, restored from the snapshot that stays
      const second = afterCommand(transcript, '(gdb) ', 'next');
      const line = /^(\d+)\t/m.exec(second)![1];
      assert.match(afterCommand(transcript, '(gdb) ', 'info line *$pc'), new RegExp(`^Line ${line} of`));
      fs.rmSync(imageDir, { recursive: true, force: true });
    });
  }

  it('pdb: the same', async () => {
    const imageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-full-disk-'));
    const { transcript, status } = await pdb.runFred(pdb.script('factorial'), ['n', 'n', 'fred-checkpoint', 'fred-list', 'fred-info', 'fred-restart', 'n', 'fred-undo', 'where'],
      { fredArgs: ['--image-dir', imageDir], env: fullDisk });
    assert.equal(status, 0, transcript);
    expectAgreement(transcript, '(Pdb) ', imageDir);
    fs.rmSync(imageDir, { recursive: true, force: true });
  });
});
