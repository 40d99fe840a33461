// A time point's commands classified once (timePointEntry.ts): each entry carries what the
// dialect says the line does and fred's own words decoded.
import { strict as assert } from 'assert';
import { anchorCommand, callStopCommand, countedStopCommand, parseCallStop } from '../../src/history/commands';
import { gdbDialect, pdbDialect } from '../../src/history/dialects';
import { entriesOf, entryOf, pointKey, sharedLength, textsOf } from '../../src/history/timePointEntry';

describe('history/timePointEntry', () => {
  it('gdb: kind, count, resumes and moves come with the entry', () => {
    const next = entryOf('next 3', gdbDialect);
    assert.equal(next.text, 'next 3');
    assert.equal(next.command.kind, 'next');
    assert.equal(next.command.count, 3);
    assert.equal(next.command.resumes, true);
    const print = entryOf('print x = 5', gdbDialect);
    assert.equal(print.command.kind, 'side-effect');
    assert.equal(print.command.movesProgram, true);
    assert.equal(print.command.resumes, false);
    const cont = entryOf('c 5', gdbDialect);
    assert.equal(cont.command.kind, 'continue');
    assert.equal(cont.command.argument, '5');
    assert.equal(cont.anchor, undefined);
    assert.equal(cont.countedStop, undefined);
  });

  it('pdb: its words, with fred\'s repeat counts', () => {
    const next = entryOf('n 3', pdbDialect);
    assert.equal(next.command.kind, 'next');
    assert.equal(next.command.count, 3);
    assert.equal(entryOf('!x = 3', pdbDialect).command.kind, 'side-effect');
    assert.equal(entryOf('u', pdbDialect).command.kind, 'frame-select');
  });

  it('fred\'s own words are decoded once: an anchor\'s snapshot, a counted stop\'s address and count', () => {
    for (const dialect of [gdbDialect, pdbDialect]) {
      const anchor = entryOf(anchorCommand(12), dialect);
      assert.equal(anchor.command.kind, 'anchor');
      assert.equal(anchor.anchor, 12);
      assert.equal(anchor.command.resumes, true);
      const counted = entryOf(countedStopCommand(0x4005d0n, 7), dialect);
      assert.equal(counted.command.kind, 'counted-stop');
      assert.deepEqual(counted.countedStop, { address: 0x4005d0n, count: 7 });
      assert.equal(counted.anchor, undefined);
    }
    const lines = entryOf(countedStopCommand(0n, 40), pdbDialect);
    assert.deepEqual(lines.countedStop, { address: 0n, count: 40 }, 'pdb: the 40th line run');
  });

  it('gdb: `fred-call N`, a Ctrl-C stop in a waiting call, is a replayed resume', () => {
    const stop = entryOf(callStopCommand(5), gdbDialect);
    assert.equal(stop.text, 'fred-call 5');
    assert.equal(stop.command.kind, 'call-stop');
    assert.equal(stop.command.resumes, true);
    assert.equal(stop.command.movesProgram, true);
    assert.equal(parseCallStop(stop.text), 5);
    assert.equal(parseCallStop('fred-hits 40 2'), undefined);
    assert.throws(() => callStopCommand(0), /positive integer/);
  });

  it('entriesOf classifies each line; pointKey and sharedLength compare points by their lines', () => {
    const a = entriesOf(['run', 'next', 'step'], gdbDialect);
    const b = entriesOf(['run', 'next', 'next 2'], gdbDialect);
    assert.equal(b[2].command.count, 2);
    assert.deepEqual(textsOf(b), ['run', 'next', 'next 2']);
    assert.equal(sharedLength(a, b), 2);
    assert.equal(pointKey(a), pointKey(entriesOf(['run', 'next', 'step'], gdbDialect)));
    assert.notEqual(pointKey(a), pointKey(b));
  });
});
