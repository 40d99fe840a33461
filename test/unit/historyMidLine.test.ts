// The pure part of mid-line landings (src/history/midLine.ts): which trailing commands are
// single instructions, and the time point a number of them into that stretch.
import { strict as assert } from 'assert';
import { afterUnits, instructionStretch } from '../../src/history/midLine';
import { gdbDialect } from '../../src/history/dialects';

describe('history/midLine: stretches of single instructions', () => {
  it('collects the trailing stepi/nexti commands, skipping those that do not move the program', () => {
    const point = ['run', 'next', 'si', 'bt', 'nexti 3', 'p $pc', 'stepi 2'];
    assert.deepEqual(instructionStretch(point, gdbDialect), {
      from: 2,
      units: [{ kind: 'stepi', count: 1 }, { kind: 'nexti', count: 3 }, { kind: 'stepi', count: 2 }],
    });
  });

  it('has no stretch when the last moving command is not a single instruction', () => {
    assert.deepEqual(instructionStretch(['run', 'stepi', 'next', 'bt'], gdbDialect), { from: 4, units: [] });
    assert.deepEqual(instructionStretch(['run'], gdbDialect), { from: 1, units: [] });
  });

  it('stops at the start of history', () => {
    assert.deepEqual(instructionStretch(['starti', 'si 2'], gdbDialect), { from: 1, units: [{ kind: 'stepi', count: 2 }] });
  });

  it('writes a number of units into the stretch as commands', () => {
    const units = [{ kind: 'stepi' as const, count: 3 }, { kind: 'nexti' as const, count: 2 }];
    assert.deepEqual(afterUnits(['run'], units, 0), ['run']);
    assert.deepEqual(afterUnits(['run'], units, 1), ['run', 'stepi']);
    assert.deepEqual(afterUnits(['run'], units, 3), ['run', 'stepi 3']);
    assert.deepEqual(afterUnits(['run'], units, 4), ['run', 'stepi 3', 'nexti']);
    assert.deepEqual(afterUnits(['run'], units, 5), ['run', 'stepi 3', 'nexti 2']);
  });
});
