// A checkpoint image written by fred-checkpoint, restarted in a NEW fred session
// (`fred --restore IMAGE gdb`): the state is the one at the checkpoint, and going back
// and forth works from there.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';

describe('fred gdb --restore IMAGE: a checkpoint in a new session', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-restore-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts where the checkpoint was taken, and undo/reverse-next work from there', async function () {
    const program = example('loop_breakpoint');
    const line = (c: string) => withLines('loop_breakpoint', c);
    const first = await runFred(program, ['break @BREAK', 'run', 'continue', 'continue', 'next', 'fred-checkpoint', 'next'].map(line), { fredArgs: ['--image-dir', dir] });
    const image = /image: (\S+\.img)\)/.exec(first.transcript)?.[1];
    assert.ok(image && fs.existsSync(image), first.transcript);

    const second = await runFred(program, [...dumpState('START'), 'next', 'next', 'fred-undo', ...dumpState('UNDO')], { fredArgs: ['--restore', image!] });
    assert.strictEqual(second.status, 0, second.transcript);
    assert.match(second.transcript, /restarted from/);
    const atCheckpoint = runPlainGdb(program, ['break @BREAK', 'run', 'continue', 'continue', 'next', ...dumpState('START')].map(line));
    assert.strictEqual(section(second.transcript, 'START'), section(atCheckpoint, 'START'));
    const oneLater = runPlainGdb(program, ['break @BREAK', 'run', 'continue', 'continue', 'next', 'next', ...dumpState('UNDO')].map(line));
    assert.strictEqual(section(second.transcript, 'UNDO'), section(oneLater, 'UNDO'));
  });

  it('refuses a missing or corrupt image with one clear line and exit status 2', async function () {
    const program = example('loop_breakpoint');
    const missing = await runFred(program, [], { fredArgs: ['--restore', path.join(dir, 'nothing.img')] });
    assert.strictEqual(missing.status, 2, missing.transcript);
    assert.match(missing.transcript, /nothing\.img/);
    const corrupt = path.join(dir, 'corrupt.img');
    fs.writeFileSync(corrupt, 'not an image at all'.repeat(300));
    const bad = await runFred(program, [], { fredArgs: ['--restore', corrupt] });
    assert.strictEqual(bad.status, 2, bad.transcript);
    assert.match(bad.transcript, /corrupt\.img/);
    assert.doesNotMatch(bad.transcript, /internal error/);
  });

  it('gdb dying: when the user says yes, a new gdb goes on from the latest checkpoint', async function () {
    const program = example('loop_breakpoint');
    const line = (c: string) => withLines('loop_breakpoint', c);
    const run = await runFred(program, ['break @BREAK', 'run', 'next', 'fred-checkpoint', 'next', 'shell kill -9 $PPID', 'y', ...dumpState('AFTER'), 'next', 'p sum'].map(line), { fredArgs: ['--image-dir', dir] });
    assert.strictEqual(run.status, 0, run.transcript);
    assert.match(run.transcript, /gdb exited unexpectedly/);
    assert.match(run.transcript, /start a new gdb on checkpoint 1 \(.*\.img\)\? \(y or n\)/);
    assert.match(run.transcript, /restarted from/);
    const truth = runPlainGdb(program, ['break @BREAK', 'run', 'next', ...dumpState('AFTER')].map(line));
    assert.strictEqual(section(run.transcript, 'AFTER'), section(truth, 'AFTER'));
  });

  it('gdb dying: when the user says no, the session ends cleanly', async function () {
    const program = example('loop_breakpoint');
    const run = await runFred(program, ['break main', 'run', 'fred-checkpoint', 'shell kill -9 $PPID', 'n', 'p 1'], { fredArgs: ['--image-dir', dir] });
    assert.strictEqual(run.status, 0, run.transcript);
    assert.match(run.transcript, /\(y or n\)\nn\n/);
    assert.doesNotMatch(run.transcript, /\$1 = 1/, 'nothing runs after the session ended');
  });

  it('gdb dying without a checkpoint image: says so and ends', async function () {
    const program = example('loop_breakpoint');
    const run = await runFred(program, ['break main', 'run', 'shell kill -9 $PPID', 'p 1']);
    assert.strictEqual(run.status, 0, run.transcript);
    assert.match(run.transcript, /no checkpoint image to start a new gdb from/);
  });
});
