// fred dap: how long an editor waits. stepBack = from sending the request to the
// `stopped` event; a view round = stackTrace + scopes + variables after a stop (what an
// editor asks after every stop). Small programs (test/dap/programs), gdb and pdb.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DapClient } from '../test/dap/dapClient';
import { killAllGroups } from '../test/helpers/processGroup';
import { LiveFred } from '../test/session/liveFred';
import { fmt, median, msSince, nowNs, pad, padEnd, quantile } from './timing';

const programs = path.resolve(__dirname, '..', '..', 'test', 'dap', 'programs');

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = nowNs();
  await work();
  return msSince(t0);
}

async function measure(kind: 'gdb' | 'pdb', policy: string[], samples: number): Promise<{ back: number[]; view: number[] }> {
  const { program, source } = demoProgram(kind);
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

/**
 * The same walk in line mode (fred with stdin a pipe): fred-reverse-next timed from typing
 * it to the answer of a print typed right after it (`print 1000+k` answers "= 100k" in
 * gdb, "100k" in pdb: text the typed line does not contain).
 */
async function measureLineMode(kind: 'gdb' | 'pdb', program: string, source: string, policy: string[], samples: number): Promise<number[]> {
  const line = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('LOOP')) + 1;
  const fred = new LiveFred([...policy, kind, program]);
  let marker = 1000;
  // resolved from the output as it arrives (LiveFred.until polls every 20 ms)
  const answered = (...commands: string[]) => new Promise<void>((resolve, reject) => {
    const k = ++marker;
    const answer = kind === 'gdb' ? new RegExp(`= ${k}\\r?$`, 'm') : new RegExp(`^${k}\\r?$`, 'm');
    const from = fred.transcript.length;
    const check = () => {
      if (!answer.test(fred.transcript.slice(from))) return;
      fred.child.stdout!.off('data', check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => { fred.child.stdout!.off('data', check); reject(new Error(`no answer ${k} within 60 s:\n${fred.transcript.slice(-2000)}`)); }, 60000);
    fred.child.stdout!.on('data', check);
    fred.type(...commands, `${kind === 'gdb' ? 'print' : 'p'} 1000+${k - 1000}`);
  });
  try {
    await answered(`break ${source}:${line}`, kind === 'gdb' ? 'run' : 'continue', 'next');
    const back: number[] = [];
    for (let i = 0; i < samples; i++) {
      await answered('next');
      back.push(await timed(() => answered('fred-reverse-next')));
    }
    return back;
  } finally {
    await killAllGroups();
  }
}

function demoProgram(kind: 'gdb' | 'pdb'): { program: string; source: string } {
  const source = path.join(programs, kind === 'gdb' ? 'dap_demo.c' : 'dap_demo.py');
  if (kind === 'pdb') return { program: source, source };
  const program = path.join(os.tmpdir(), `fred-dap-bench-${process.getuid!()}`);
  execFileSync('gcc', ['-g', '-O0', '-o', program, source]);
  return { program, source };
}

export async function runDapBench(options: { samples: number }): Promise<void> {
  console.log(`${padEnd('debugger, policy', 28)}${pad('stepBack p50', 14)}${pad('p90', 8)}${pad('view p50', 10)}${pad('p90', 8)}${pad('line-mode rn+print p50', 24)}${pad('p90', 8)}   (ms, ${options.samples} samples)`);
  for (const kind of ['gdb', 'pdb'] as const) {
    for (const policy of [['--cheap-replay', '0'], []]) {
      const { back, view } = await measure(kind, policy, options.samples);
      const { program, source } = demoProgram(kind);
      const lineMode = await measureLineMode(kind, program, source, policy, options.samples);
      const name = `${kind} ${policy.length ? policy.join(' ') : 'default'}`;
      console.log(`${padEnd(name, 28)}${pad(fmt(median(back)), 14)}${pad(fmt(quantile(back, 0.9)), 8)}${pad(fmt(median(view)), 10)}${pad(fmt(quantile(view, 0.9)), 8)}` +
        `${pad(fmt(median(lineMode)), 24)}${pad(fmt(quantile(lineMode, 0.9)), 8)}`);
    }
  }
}
