// What data integrity costs a restart: the default (the image copied into memory and
// every checksum checked before the program runs) against --lazy (the file mapped in
// place, unchecked) and --lazy --verify (checked, then mapped in place). Random-filled
// processes of 1, 512 and 2048 MiB; median of a few restarts of the same image.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkpointToImage } from '../src/fred/checkpointer/checkpointControl';
import { repoRoot } from '../src/fred/checkpointer/nativePaths';
import { blockedInRead, Child } from './checkpointer';
import { buildBenchProgram } from './checkpointerProgram';
import { median, nowNs, pad } from './timing';

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const MODES: { name: string; flags: string[] }[] = [
  { name: 'default (copy + verify)', flags: [] },
  { name: '--lazy', flags: ['--lazy'] },
  { name: '--lazy --verify', flags: ['--lazy', '--verify'] },
];

async function restartMs(image: string, flags: string[]): Promise<number> {
  const t0 = nowNs();
  const restored = new Child(fredCkpt, ['restart', image, ...flags]);
  restored.send('go\n');
  try {
    const t = BigInt((await restored.line(/t (\d+)\n/, 'user code after restart', 600000))[1]);
    return Number(t - t0) / 1e6;
  } finally {
    await restored.kill();
  }
}

export async function runRestartIntegrityBench(options: { sizesMiB: number[]; runs: number }): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-'));
  const prog = buildBenchProgram(work);
  try {
    console.log(`Restart integrity check — ${os.cpus().length} CPUs, kernel ${os.release()}, images in ${work}, median of ${options.runs} restarts`);
    console.log(`   MiB  image MiB  ${MODES.map((m) => m.name.padStart(24)).join('')}   (restart ms)`);
    for (const mib of options.sizesMiB) {
      const original = new Child(fredCkpt, ['launch', '--', prog, 'memory', String(mib), 'random']);
      const image = path.join(work, `integrity-${mib}.img`);
      try {
        await original.line(/ready\n/, 'the program to fill its memory', 600000);
        await blockedInRead(original.pid);
        await checkpointToImage(original.pid, image);
        await original.kill();
        const cells: string[] = [];
        for (const mode of MODES) {
          const times: number[] = [];
          for (let i = 0; i < options.runs; i++) times.push(await restartMs(image, mode.flags));
          cells.push(pad(median(times).toFixed(1), 24));
        }
        console.log(`${pad(mib, 6)}  ${pad((fs.statSync(image).size / 1048576).toFixed(1), 9)}  ${cells.join('')}`);
      } finally {
        await original.kill();
        fs.rmSync(image, { force: true });
      }
    }
    console.log('\nrestart ms: from starting `fred-ckpt restart` to the restored program running its own code again.');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
