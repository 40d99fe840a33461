// fred dap: how long an editor waits. stepBack = from sending the request to the
// `stopped` event; a view round = stackTrace + scopes + variables after a stop (what an
// editor asks after every stop). Small programs (test/dap/programs), gdb and pdb.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DapClient } from '../test/dap/dapClient';
import { killAllGroups } from '../test/helpers/processGroup';
import { fmt, median, msSince, nowNs, pad, padEnd, quantile } from './timing';

const programs = path.resolve(__dirname, '..', '..', 'test', 'dap', 'programs');

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = nowNs();
  await work();
  return msSince(t0);
}

async function measure(kind: 'gdb' | 'pdb', policy: string[], samples: number): Promise<{ back: number[]; view: number[] }> {
  const source = path.join(programs, kind === 'gdb' ? 'dap_demo.c' : 'dap_demo.py');
  let program = source;
  if (kind === 'gdb') {
    program = path.join(os.tmpdir(), `fred-dap-bench-${process.getuid!()}`);
    execFileSync('gcc', ['-g', '-O0', '-o', program, source]);
  }
  const client = new DapClient(policy, os.tmpdir());
  try {
    await client.ok('initialize', { adapterID: 'fred' });
    await client.ok('launch', { program, debugger: kind });
    await client.nextEvent('initialized');
    const line = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('LOOP')) + 1;
    await client.ok('setBreakpoints', { source: { path: source }, breakpoints: [{ line }] });
    await client.ok('configurationDone');
    await client.nextEvent('stopped');
    const step = async (command: string) => { await client.ok(command, { threadId: 1 }); await client.nextEvent('stopped'); };
    const view = async () => {
      const trace = await client.ok('stackTrace', { threadId: 1 });
      const scopes = await client.ok('scopes', { frameId: trace.body.stackFrames[0].id });
      await client.ok('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
    };
    await step('next');
    const back: number[] = [];
    const views: number[] = [];
    for (let i = 0; i < samples; i++) {
      await step('next');
      back.push(await timed(() => step('stepBack')));
      views.push(await timed(view));
    }
    await client.ok('disconnect');
    return { back, view: views };
  } finally {
    await killAllGroups();
  }
}

export async function runDapBench(options: { samples: number }): Promise<void> {
  console.log(`${padEnd('debugger, policy', 28)}${pad('stepBack p50', 14)}${pad('p90', 8)}${pad('view p50', 10)}${pad('p90', 8)}   (ms, ${options.samples} samples)`);
  for (const kind of ['gdb', 'pdb'] as const) {
    for (const policy of [['--cheap-replay', '0'], []]) {
      const { back, view } = await measure(kind, policy, options.samples);
      const name = `${kind} ${policy.length ? policy.join(' ') : 'default'}`;
      console.log(`${padEnd(name, 28)}${pad(fmt(median(back)), 14)}${pad(fmt(quantile(back, 0.9)), 8)}${pad(fmt(median(view)), 10)}${pad(fmt(quantile(view, 0.9)), 8)}`);
    }
  }
}
