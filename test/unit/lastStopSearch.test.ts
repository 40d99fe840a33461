// The full-speed search for the last would-be stop inside a `continue` (src/fred/session/lastStopSearch.ts),
// over a simulated continue: a program time line (ns) with the executions of each address.
// A point is `from` or a chain of series snapshots, each named by its time; the answers are
// checked against the time line: the landing is the last execution, counted from its base.
import { strict as assert } from 'assert';
import { LastStopHost, lastStopAtFullSpeed } from '../../src/fred/session/lastStopSearch';

interface Simulated { host: LastStopHost<readonly string[]>; probes: () => number }

/** A continue of `length` ns; executions[address] = the times it runs. */
function simulate(length: number, executions: Map<bigint, number[]>): Simulated {
  let probes = 0;
  const timeOf = (point: readonly string[]) => (point.length === 1 ? 0 : Number(point[point.length - 1].split(' ')[1]));
  const host: LastStopHost<readonly string[]> = {
    series: async (from, cpuNs, max) => {
      probes++;
      const points: string[][] = [];
      // the timer is a little late each time, as in the VM
      for (let t = timeOf(from) + cpuNs + 7; t < length && points.length < max; t += cpuNs + 7) points.push([...from, `at ${t}`]);
      return points;
    },
    runsAfter: async (point, address) => {
      probes++;
      return (executions.get(address) ?? []).some((t) => t >= timeOf(point));
    },
    countsAfter: async (point) => {
      probes++;
      return new Map([...executions].map(([a, times]) => [a, times.filter((t) => t >= timeOf(point)).length]));
    },
  };
  return { host, probes: () => probes };
}

/** Which execution (1-based, in time order) of `address` the answer lands on. */
function landedOn(executions: number[], base: readonly string[], execution: number): number {
  const from = base.length === 1 ? 0 : Number(base[base.length - 1].split(' ')[1]);
  const after = executions.filter((t) => t >= from);
  return executions.indexOf(after[execution - 1]) + 1;
}

describe('lastStopSearch: the last would-be stop inside a continue at full speed', function () {
  const a = 0x401000n;
  const b = 0x401100n;
  const from = ['run'];

  it('calls up to the end: lands on the last one, counted from a snapshot close before it', async function () {
    const times = Array.from({ length: 100000 }, (_, i) => 1000 + i * 30); // every 30 ns for 3 ms
    const sim = simulate(3_100_000, new Map([[a, times]]));
    const last = await lastStopAtFullSpeed(sim.host, from, () => [a]);
    assert.ok(last);
    assert.equal(landedOn(times, last.base, last.execution), times.length);
    assert.ok(last.execution < 3000, `counted ${last.execution} executions: the base is not close`);
  });

  it('calls only early in a long continue: the last of them', async function () {
    const times = Array.from({ length: 5000 }, (_, i) => 500 + i * 40);
    const sim = simulate(8_000_000, new Map([[a, times]]));
    const last = await lastStopAtFullSpeed(sim.host, from, () => [a]);
    assert.ok(last);
    assert.equal(landedOn(times, last.base, last.execution), times.length);
    assert.ok(sim.probes() < 40, `${sim.probes()} probes`);
  });

  it('an address that never runs: null', async function () {
    const sim = simulate(3_000_000, new Map([[a, []]]));
    assert.equal(await lastStopAtFullSpeed(sim.host, from, () => [a]), null);
  });

  it('two addresses, the later one last: lands on it', async function () {
    const early = Array.from({ length: 1000 }, (_, i) => 100 + i * 100);
    const late = [2_500_000, 2_600_000];
    const sim = simulate(3_000_000, new Map([[a, early], [b, late]]));
    const last = await lastStopAtFullSpeed(sim.host, from, () => [a, b]);
    assert.ok(last);
    assert.equal(last.address, b);
    assert.equal(landedOn(late, last.base, last.execution), 2);
  });

  it('two addresses running last within one spacing: undefined (their order is not counted)', async function () {
    const sim = simulate(3_000_000, new Map([[a, [2_900_000]], [b, [2_900_010]]]));
    assert.equal(await lastStopAtFullSpeed(sim.host, from, () => [a, b]), undefined);
  });

  it('shorter than one spacing: undefined (the caller counts it all)', async function () {
    const sim = simulate(500_000, new Map([[a, [100, 200]]]));
    assert.equal(await lastStopAtFullSpeed(sim.host, from, () => [a]), undefined);
  });
});
