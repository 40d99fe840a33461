// The pure part of mid-line landings (src/history/midLine.ts): which trailing commands are
// single instructions, and the time point a number of them into that stretch.
import { strict as assert } from 'assert';
import { afterUnits, instructionStretch } from '../../src/history/midLine';
import { gdbDialect } from '../../src/history/dialects';
import { entriesOf, textsOf } from '../../src/history/timePointEntry';

const point = (lines: string[]) => entriesOf(lines, gdbDialect);

describe('history/midLine: stretches of single instructions', () => {
  it('collects the trailing stepi/nexti commands, skipping those that do not move the program', () => {
    assert.deepEqual(instructionStretch(point(['run', 'next', 'si', 'bt', 'nexti 3', 'p $pc', 'stepi 2'])), {
      from: 2,
      units: [{ kind: 'stepi', count: 1 }, { kind: 'nexti', count: 3 }, { kind: 'stepi', count: 2 }],
    });
  });

  it('has no stretch when the last moving command is not a single instruction', () => {
    assert.deepEqual(instructionStretch(point(['run', 'stepi', 'next', 'bt'])), { from: 4, units: [] });
    assert.deepEqual(instructionStretch(point(['run'])), { from: 1, units: [] });
  });

  it('stops at the start of history', () => {
    assert.deepEqual(instructionStretch(point(['starti', 'si 2'])), { from: 1, units: [{ kind: 'stepi', count: 2 }] });
  });

  it('writes a number of units into the stretch as commands', () => {
    const units = [{ kind: 'stepi' as const, count: 3 }, { kind: 'nexti' as const, count: 2 }];
    assert.deepEqual(textsOf(afterUnits(point(['run']), units, 0, gdbDialect)), ['run']);
    assert.deepEqual(textsOf(afterUnits(point(['run']), units, 1, gdbDialect)), ['run', 'stepi']);
    assert.deepEqual(textsOf(afterUnits(point(['run']), units, 3, gdbDialect)), ['run', 'stepi 3']);
    assert.deepEqual(textsOf(afterUnits(point(['run']), units, 4, gdbDialect)), ['run', 'stepi 3', 'nexti']);
    assert.deepEqual(textsOf(afterUnits(point(['run']), units, 5, gdbDialect)), ['run', 'stepi 3', 'nexti 2']);
  });
});
