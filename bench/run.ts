// `npm run bench`: runs the registered benchmarks and prints their tables.
//   node dist/bench/run.js [NAME...] [--quick]
// To add a benchmark, add an entry to `benches` (a name and a function that prints).
import { runCheckpointerBench } from './checkpointer';

interface Bench { name: string; description: string; run: (quick: boolean) => Promise<void> }

const benches: Bench[] = [
  {
    name: 'checkpointer',
    description: 'checkpoint/restart of 1-2048 MiB processes, preload cost',
    run: (quick) => runCheckpointerBench(quick
      ? { sizesMiB: [1, 64], fills: ['random', 'zero'], runs: 3 }
      : { sizesMiB: [1, 64, 512, 2048], fills: ['random', 'zero'], runs: 5 }),
  },
  // register other benchmarks here: { name, description, run }
];

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`);
    return 2;
  }
  for (const bench of benches.filter((b) => !names.length || names.includes(b.name))) {
    console.log(`== ${bench.name}: ${bench.description}\n`);
    await bench.run(quick);
    console.log('');
  }
  return 0;
}

main(process.argv.slice(2)).then((status) => process.exit(status), (error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
