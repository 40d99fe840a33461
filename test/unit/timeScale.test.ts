// The timeline's scale: CPU time per time point from the program's clock (a restored copy
// restarts its clock), and the columns it gives, with the command count as the fallback.
import { strict as assert } from 'assert';
import { ProgramClock, timeAxis } from '../../src/fred/tui/timeScale';

describe('timeline scale by the program\'s CPU time', () => {
  it('a command run live from a measured point adds what it used; a restored copy (new pid) adds nothing', () => {
    const clock = new ProgramClock();
    clock.observe(0, 100, 5e6);           // started
    clock.observe(1, 100, 6e6);           // break: 1 ms
    clock.observe(2, 100, 906e6);         // continue: 900 ms
    assert.deepEqual([...clock.at], [[0, 0], [1, 1e6], [2, 901e6]]);
    clock.observe(1, 200, 1e3);           // went back: a restored copy, its own clock
    clock.observe(2, 200, 900e6);         // forward again on the same line: already known
    assert.equal(clock.at.get(2), 901e6);
    clock.forgetAfter(1);                 // another command after point 1: another future
    clock.observe(1, 200, 900e6);
    clock.observe(2, 200, 900.5e6);
    assert.equal(clock.at.get(2), 1.5e6);
  });

  it('the first program seen (gdb started it with run) used its whole clock to get there', () => {
    const clock = new ProgramClock();
    clock.observe(0, undefined, undefined);   // not started yet
    clock.observe(1, 300, 40e6);
    clock.observe(2, 300, 50e6);
    assert.deepEqual([...clock.at], [[0, 0], [1, 40e6], [2, 50e6]]);
  });

  it('columns by CPU time once enough was used; by count before; unmeasured points in between', () => {
    const at = new Map([[0, 0], [1, 1e6], [3, 901e6]]);
    const axis = timeAxis(at, 3, 101);
    assert.equal(axis.spanNs, 901e6);
    assert.deepEqual([0, 1, 2, 3].map(axis.column), [0, 0, 50, 100]);
    const counted = timeAxis(new Map([[0, 0], [2, 1e6]]), 4, 101);
    assert.equal(counted.spanNs, undefined);
    assert.deepEqual([0, 1, 2, 3, 4].map(counted.column), [0, 25, 50, 75, 100]);
  });

  it('points past the last measured one continue at its average', () => {
    const axis = timeAxis(new Map([[0, 0], [2, 100e6]]), 4, 101);
    assert.equal(axis.spanNs, 200e6);
    assert.equal(axis.column(3), 75);
  });
});
