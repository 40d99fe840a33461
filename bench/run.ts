// `npm run bench`: runs the registered benchmarks and prints their tables.
//   node dist/bench/run.js [NAME...] [--quick] [--dir=DIR]   (--dir: where files go, default a temp dir)
// To add a benchmark, add an entry to `benches` (a name and a function that prints).
import { runCheckpointerBench } from './checkpointer';
import { runRestartIntegrityBench } from './restartIntegrity';
import { runReverseWatchBench } from './reverseWatch';
import { runReverseBreakpointAfterBench } from './reverseBreakpointAfter';
import { runSnapshotBench } from './snapshots';
import { runSharedMemoryBench } from './sharedMemory';
import { runGdbSessionBench } from './gdbSession';
import { runPdbSessionBench, runPdbWatchBench } from './pdbSession';
import { runPdbFrameOriginsBench } from './pdbFrameOrigins';
import { runLuaReverseFinishBench } from './luaReverseFinish';
import { runRecordLogBench } from './recordLog';
import { runDapBench } from './dapRound';
import { runThreadsBench } from './threads';
import { runStopCheckBench } from './stopCheck';
import { runThreadTurnsBench } from './threadTurns';
import { runTscGdbBench } from './tscGdb';
import { runTscTrapBench } from './tscTrap';
import { runKillWatchBench } from './killWatch';

interface BenchOptions { quick: boolean; dir?: string }
interface Bench { name: string; description: string; run: (options: BenchOptions) => Promise<void> }

const benches: Bench[] = [
  {
    name: 'restart-integrity',
    description: 'restart with the image copied and verified (default) vs --lazy vs --lazy --verify, 1/512/2048 MiB',
    run: ({ quick }) => runRestartIntegrityBench(quick ? { sizesMiB: [1, 64], runs: 3 } : { sizesMiB: [1, 512, 2048], runs: 3 }),
  },
  {
    name: 'checkpointer',
    description: 'checkpoint/restart of 1-2048 MiB processes, preload cost',
    run: ({ quick, dir }) => runCheckpointerBench(quick
      ? { sizesMiB: [1, 64], fills: ['random', 'zero'], runs: 3, dir }
      : { sizesMiB: [1, 64, 512, 2048], fills: ['random', 'zero'], runs: 5, dir }),
  },
  {
    name: 'snapshots',
    description: 'fred snapshot/resume vs gdb checkpoint/restart at 64-2048 MiB; python3 ~300 MB image checkpoint/restart',
    run: ({ quick }) => runSnapshotBench(quick
      ? { sizesMiB: [64], runs: 3, pythonMB: 100, python: 'python3' }
      : { sizesMiB: [64, 512, 2048], runs: 5, pythonMB: 300, python: 'python3' }),
  },
  {
    name: 'gdb',
    description: 'fred gdb: reverse-next latency at 64/512 MiB and 10-1000 commands of history, forward continue vs plain gdb; gdb record full and checkpoint/restart alongside',
    run: ({ quick }) => runGdbSessionBench(quick
      ? { sizesMiB: [64], histories: [10, 100], samples: 8, forwardRuns: 3, recordTimeoutMs: 5000 }
      : { sizesMiB: [64, 512], histories: [10, 100, 1000], samples: 20, forwardRuns: 7, recordTimeoutMs: 30000 }),
  },
  {
    name: 'reverse-watch',
    description: 'fred-reverse-watch vs gdb forward watchpoint vs gdb record full + reverse-continue, loops of 1e3-1e6 iterations, bad at k = 10, N/2, N-1',
    run: ({ quick }) => runReverseWatchBench(quick
      ? { sizes: [1000, 10000], boundSeconds: 30 }
      : { sizes: [1000, 10000, 100000, 1000000], boundSeconds: 120, recordMaxSize: 10000 }),
  },
  {
    name: 'reverse-break-after',
    description: 'reverse-continue to a breakpoint set after the fact: a function called 1e4-1e6 times (last call at the end or mid-way), two modes; gdb forward with an ignore count alongside',
    run: ({ quick }) => runReverseBreakpointAfterBench(quick
      ? { cases: [[10000, 10000], [100000, 100000]], modes: [[]], boundSeconds: 60, gdbMaxK: 10000, runs: 1 }
      : { cases: [[10000, 10000], [1000000, 1000000], [1000000, 500000]], modes: [[], ['--cheap-replay', '0']], boundSeconds: 120, gdbMaxK: 10000, runs: 5 }),
  },
  {
    name: 'pdb',
    description: 'fred pdb: reverse-next latency on a python3 holding ~100 MB (history 10, 100), fred-reverse-watch over Python loops of 1e3-1e6 iterations (bounded)',
    run: ({ quick }) => runPdbSessionBench(quick
      ? { holdMB: 100, histories: [10, 100], samples: 15, watchSizes: [1e3, 1e4, 1e5], watchBoundSeconds: 120 }
      : { holdMB: 100, histories: [10, 100], samples: 20, watchSizes: [1e3, 1e4, 1e5, 1e6], watchBoundSeconds: 300 }),
  },
  {
    name: 'pdb-watch',
    description: 'fred pdb: only fred-reverse-watch over Python loops of 1e3-1e6 iterations (bounded), as in pdb',
    run: ({ quick }) => runPdbWatchBench(quick ? [1e3, 1e4, 1e5] : [1e3, 1e4, 1e5, 1e6], 300),
  },
  {
    name: 'pdb-frame-origins',
    description: 'fred pdb: fred-reverse-finish and fred-reverse-watch into a function a c entered after a loop of 1e4 / 1e5 iterations in main',
    run: ({ quick }) => runPdbFrameOriginsBench(quick ? [10000] : [10000, 100000], quick ? 1 : 3),
  },
  {
    name: 'lua-reverse-finish',
    description: 'fred gdb on Lua 5.4 built from FRED_LUA_SRC (-g -O0): fred-reverse-finish out of luaH_resize entered by continue after a loop of 200000 calls, two modes, checked against plain gdb',
    run: ({ quick }) => runLuaReverseFinishBench(quick ? 1 : 5),
  },
  {
    name: 'record-log',
    description: 'the record/replay log: a continue over 1e6 clock_gettime + 1e5 pipe reads, plain gdb vs fred without and with the log, and replayed',
    run: ({ quick }) => runRecordLogBench(quick ? { runs: 3, clocks: 1000000, reads: 100000 } : { runs: 7, clocks: 1000000, reads: 100000 }),
  },
  {
    name: 'shared-memory',
    description: 'snapshot/resume of a program with a 1 or 64 MiB POSIX shared memory segment vs the same MiB private',
    run: ({ quick }) => runSharedMemoryBench({ sizesMiB: [1, 64], runs: quick ? 3 : 7 }),
  },
  {
    name: 'dap',
    description: 'fred dap: stepBack (request to stopped event) and a stackTrace+scopes+variables round, gdb and pdb, small programs',
    run: ({ quick }) => runDapBench({ samples: quick ? 10 : 30 }),
  },
  {
    name: 'threads',
    description: 'snapshot/resume and image checkpoint/restart of a 64/512 MiB program with 1, 8 and 64 threads',
    run: ({ quick, dir }) => runThreadsBench(quick
      ? { sizesMiB: [64], threads: [1, 8], runs: 3, dir }
      : { sizesMiB: [64, 512], threads: [1, 8, 64], runs: 5, dir }),
  },
  {
    name: 'stop-check',
    description: 'the replay stop check: fred-undo 1 after 200 nexts from a checkpoint, ms and debugger round trips per replayed next, stops read from the output vs asked, gdb and pdb',
    run: ({ quick }) => runStopCheckBench({ nexts: quick ? 100 : 200, samples: quick ? 6 : 20 }),
  },
  {
    name: 'tsc-trap',
    description: 'what trapping rdtsc with PR_SET_TSC would cost: vdso vs system call clocks, trapped rdtsc and vdso clock reads, under gdb too',
    run: ({ quick }) => runTscTrapBench(quick ? { calls: 20000, gdbCalls: 500 } : { calls: 100000, gdbCalls: 2000 }),
  },
  {
    name: 'tsc-gdb',
    description: 'how gdb could hide a trapped rdtsc (an emulated faulting instruction stands for it): next, stepi and a real crash against plain gdb, three ways',
    run: ({ quick }) => runTscGdbBench({ reads: quick ? 100 : 500 }),
  },
  {
    name: 'thread-turns',
    description: 'threads taking turns: a lock-heavy program run under plain gdb vs with the record log (recording, replaying), and fred-reverse-next in a threaded program',
    run: ({ quick }) => runThreadTurnsBench(quick ? { runs: 3, iterations: 100000, reverseSamples: 10 } : { runs: 5, iterations: 200000, reverseSamples: 30 }),
  },
  {
    name: 'kill-watch',
    description: 'the kill watch (issue 16) in a fred-reverse-watch search: gdb\'s answers to "which pid?" by who asks, and the time waiting for them, loops of 1e4-1e6 iterations',
    run: ({ quick }) => runKillWatchBench(quick ? { sizes: [10000], samples: 3 } : { sizes: [10000, 1000000], samples: 7 }),
  },
  // register other benchmarks here: { name, description, run }
];

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const dir = argv.find((a) => a.startsWith('--dir='))?.slice('--dir='.length);
  const names = argv.filter((a) => !a.startsWith('-'));
  const options = argv.filter((a) => a.startsWith('-'));
  if (options.some((o) => o === '--help' || o === '-h') || options.some((o) => o !== '--quick' && !o.startsWith('--dir='))) {
    const list = benches.map((b) => `  ${b.name.padEnd(14)} ${b.description}`).join('\n');
    console.error(`usage: node dist/bench/run.js [NAME...] [--quick] [--dir=DIR]\n${list}`);
    return options.some((o) => o === '--help' || o === '-h') ? 0 : 2;
  }
  const unknown = names.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`);
    return 2;
  }
  for (const bench of benches.filter((b) => !names.length || names.includes(b.name))) {
    console.log(`== ${bench.name}: ${bench.description}\n`);
    await bench.run({ quick, dir });
    console.log('');
  }
  return 0;
}

main(process.argv.slice(2)).then((status) => process.exit(status), (error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
