// Benchmark: going back into a frame a `c` entered (pdb). A script whose main() runs a loop
// of W iterations, then calls work(2000); `b` on work's last line, `c`, then
// fred-reverse-finish (to main's calling line) and, in a fresh session, fred-reverse-watch
// over work's local `total` (to its last change). Before src/history/frameOrigins.ts both
// expanded the `c` into `next`s through main's loop; now one replay counting lines finds
// where the frame came from. ms from command to prompt, probes as the session counts them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { startSession } from '../src/fred/session/startSession';
import { fmt, median, msSince, nowNs, pad, padEnd } from './timing';

function program(warm: number): string {
  return [
    'def work(n):',
    '    total = 0',
    '    for k in range(n):',
    '        total += k * k  # ADD',
    '    return total  # DONE',
    '',
    '',
    'def main():',
    '    warm = 0',
    `    for i in range(${warm}):`,
    '        warm += i',
    '    b = work(2000)  # CALL',
    '    print(warm, b)',
    '',
    '',
    'main()',
    '',
  ].join('\n');
}

interface Sample { ms: number; probes: number; right: boolean }

async function once(file: string, command: string, expectLine: number, check?: [string, string]): Promise<Sample> {
  const started = await startSession(parseCliArguments(['pdb', file]), () => undefined);
  try {
    await started.runner.handle('b 5');
    await started.runner.handle('c');
    const t = nowNs();
    const text = await started.runner.handle(command);
    const ms = msSince(t);
    let right = new RegExp(`^> \\S+\\(${expectLine}\\)`, 'm').test(text);
    if (check) right &&= (await started.runner.handle(`p ${check[0]}`)).trim() === check[1];
    return { ms, probes: started.session.lastReverse?.probes ?? -1, right };
  } finally {
    await started.close();
  }
}

export async function runPdbFrameOriginsBench(warms: number[], runs: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-origins-'));
  console.log(`${padEnd('', 36)} ${pad('warm loop', 10)} ${pad('runs', 5)} ${pad('median ms', 10)} ${pad('max ms', 8)} ${pad('probes', 7)}  right`);
  try {
    for (const warm of warms) {
      const file = path.join(dir, `late_${warm}.py`);
      fs.writeFileSync(file, program(warm));
      for (const [label, command, line, check] of [
        ['fred-reverse-finish from work', 'fred-reverse-finish', 12, undefined],
        ['fred-reverse-watch total (in work)', 'fred-reverse-watch total', 4, ['k', '1999']],
      ] as const) {
        const samples: Sample[] = [];
        for (let r = 0; r < runs; r++) samples.push(await once(file, command, line, check as [string, string] | undefined));
        const ms = samples.map((s) => s.ms);
        console.log(`${padEnd(label, 36)} ${pad(warm, 10)} ${pad(runs, 5)} ${pad(fmt(median(ms)), 10)} ${pad(fmt(Math.max(...ms)), 8)} ${pad(samples.map((s) => s.probes).join('/'), 7)}  ${samples.every((s) => s.right) ? 'yes' : 'NO'}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
