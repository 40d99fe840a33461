// A checkpoint image written by fred-checkpoint in fred pdb, continued in a NEW session
// (`fred pdb --restore IMAGE`): it starts at the checkpoint (the location shown, the
// prompt back), its state is the one a plain pdb shows after the same commands, and going
// forward and back works from there. Both replay modes.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dumpState, expectNoneLeft, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';

describe('fred pdb --restore IMAGE: a checkpoint in a new session', function () {
  this.timeout(180000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-pdb-restore-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = script('loop_bug');
  const line = (c: string) => withLines(file, c);
  const toCheckpoint = ['b @UPDATE', 'c', 'c', 'c', 'n'].map(line);

  for (const mode of [['--cheap-replay', '0'], []]) {
    it(`starts where the checkpoint was taken; n, fred-rn and fred-undo work from there${mode.length ? ` (${mode.join(' ')})` : ''}`, async function () {
      const first = await runFred(file, [...toCheckpoint, 'fred-checkpoint'], { fredArgs: ['--image-dir', dir, ...mode] });
      const image = /image: (\S+\.img)\)/.exec(first.transcript)?.[1];
      assert.ok(image && fs.existsSync(image), first.transcript);

      // no SCRIPT: the image says what runs
      const second = await runFred('pdb', [...dumpState('START'), 'n', 'n', ...dumpState('NEXT'), 'fred-rn', ...dumpState('RN'), 'fred-undo', ...dumpState('UNDO')],
        { launcher: [], fredArgs: ['--restore', image!, ...mode], cwd: dir });
      assert.equal(second.status, 0, second.transcript);
      assert.match(second.transcript, /^fred: restarted from \S+\.img\n> .*loop_bug\.py\(9\)<module>\(\)\n-> for day in range\(1, 61\):\n\(Pdb\) /, 'the location and the prompt come first');
      assert.doesNotMatch(second.transcript, /internal error|Traceback/);
      const plain = async (commands: string[], tag: string) => section(await runPlainPdb(file, [...toCheckpoint, ...commands, ...dumpState(tag)]), tag);
      assert.equal(section(second.transcript, 'START'), await plain([], 'START'));
      assert.equal(section(second.transcript, 'NEXT'), await plain(['n', 'n'], 'NEXT'));
      assert.equal(section(second.transcript, 'RN'), await plain(['n'], 'RN'));
      assert.equal(section(second.transcript, 'UNDO'), await plain([], 'UNDO'));
      await expectNoneLeft(second.tag);
    });
  }

  it('a program that took the restart signal for itself: fred asks pdb for its prompt, and goes on', async () => {
    const own = path.join(__dirname, '..', '..', '..', 'test', 'session', 'programs', 'own_restart_signal.py');
    const ownLine = (c: string) => withLines(own, c);
    const before = ['b @LOOP', 'c', 'c'].map(ownLine);
    const first = await runFred(own, [...before, 'fred-checkpoint'], { fredArgs: ['--image-dir', dir] });
    const image = /image: (\S+\.img)\)/.exec(first.transcript)?.[1];
    assert.ok(image && fs.existsSync(image), first.transcript);
    const second = await runFred('pdb', [...dumpState('START'), 'n', ...dumpState('NEXT')], { launcher: [], fredArgs: ['--restore', image!], cwd: dir });
    assert.equal(second.status, 0, second.transcript);
    assert.match(second.transcript, /^fred: restarted from \S+\.img\n> .*own_restart_signal\.py\(\d+\)<module>\(\)\n-> total \+= i  # LOOP\n\(Pdb\) /);
    assert.doesNotMatch(second.transcript, /SyntaxError|internal error|Traceback|could not/);
    const plain = async (commands: string[], tag: string) => section(await runPlainPdb(own, [...before, ...commands, ...dumpState(tag)]), tag);
    assert.equal(section(second.transcript, 'START'), await plain([], 'START'));
    assert.equal(section(second.transcript, 'NEXT'), await plain(['n'], 'NEXT'));
    await expectNoneLeft(second.tag);
  });

  it('an image that is not one is refused before anything starts, in one line', async () => {
    const bogus = path.join(dir, 'bogus.img');
    fs.writeFileSync(bogus, 'not an image\n', { mode: 0o600 });
    const run = await runFred('pdb', [], { launcher: [], fredArgs: ['--restore', bogus], cwd: dir, noQuit: true });
    assert.equal(run.status, 2, run.transcript);
    assert.match(run.transcript, /^fred: .*bogus\.img.*\n$/);
  });
});
