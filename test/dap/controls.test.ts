// fred dap: stopOnEntry, stepOut and pause, for gdb and pdb.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { killTestGroups } from '../helpers/processGroup';
import { DapClient } from './dapClient';
import { compiled } from './dapTest';

const root = path.resolve(__dirname, '..', '..', '..');
const programs = path.join(root, 'test', 'dap', 'programs');

function lineOf(file: string, marker: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;
}


async function started(kind: 'gdb' | 'pdb', program: string, launch: object = {}): Promise<DapClient> {
  const client = new DapClient([], os.tmpdir());
  await client.ok('initialize', { adapterID: 'fred' });
  await client.ok('launch', { program, debugger: kind, ...launch });
  await client.nextEvent('initialized');
  return client;
}

/** Processes whose session is `sid` (the debugger's terminal session: debugger, program, snapshots). */
function sessionMembers(sid: number): number[] {
  return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]) === sid;
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

async function top(client: DapClient): Promise<{ name: string; line: number }> {
  return (await client.ok('stackTrace', { threadId: 1 })).body.stackFrames[0];
}

const sources = { gdb: path.join(programs, 'dap_demo.c'), pdb: path.join(programs, 'dap_demo.py') };
const demo = { gdb: () => compiled(sources.gdb), pdb: () => sources.pdb };
const spinning = { gdb: () => compiled(path.join(root, 'examples', 'infinite_loop.c')), pdb: () => path.join(root, 'examples', 'infinite_loop.py') };

for (const kind of ['gdb', 'pdb'] as const) {
  describe(`fred dap controls, ${kind}`, function () {
    this.timeout(120000);
    afterEach(async () => { await killTestGroups(); });

    it('stopOnEntry stops before the program\'s first statement', async () => {
      const client = await started(kind, demo[kind](), { stopOnEntry: true });
      await client.ok('configurationDone');
      assert.strictEqual((await client.nextEvent('stopped')).body.reason, 'entry');
      const frame = await top(client);
      assert.strictEqual(frame.name, kind === 'gdb' ? 'main' : '<module>');
      await client.ok('disconnect');
      assert.strictEqual(await client.exited, 0);
    });

    it('values in the caller\'s frame, then stepOut leaves square for its caller', async () => {
      const client = await started(kind, demo[kind]());
      await client.ok('setBreakpoints', { source: { path: sources[kind] }, breakpoints: [{ line: lineOf(sources[kind], 'SQUARE'), condition: 'n == 2' }] });
      await client.ok('configurationDone');
      await client.nextEvent('stopped');
      const trace = await client.ok('stackTrace', { threadId: 1 });
      assert.deepStrictEqual(trace.body.stackFrames.slice(0, 2).map((f: { name: string }) => f.name), ['square', 'main']);
      const [inner, caller] = trace.body.stackFrames;
      assert.strictEqual((await client.ok('evaluate', { expression: 'n', frameId: inner.id, context: 'watch' })).body.result, '2');
      assert.strictEqual((await client.ok('evaluate', { expression: 'total', frameId: caller.id, context: 'watch' })).body.result, '1');
      const scopes = await client.ok('scopes', { frameId: caller.id });
      const callerVariables = await client.ok('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
      assert.strictEqual(callerVariables.body.variables.find((v: { name: string }) => v.name === 'i').value, '2');
      await client.ok('stepOut', { threadId: 1 });
      await client.nextEvent('stopped');
      // gdb's finish lands in main; pdb's return stops at square's return, then next goes to main
      if (kind === 'pdb') {
        await client.ok('next', { threadId: 1 });
        await client.nextEvent('stopped');
      }
      assert.strictEqual((await top(client)).name, 'main');
      await client.ok('disconnect');
    });

    it('a conditional breakpoint stops only where its condition holds', async () => {
      const client = await started(kind, demo[kind]());
      const set = await client.ok('setBreakpoints', { source: { path: sources[kind] }, breakpoints: [{ line: lineOf(sources[kind], 'LOOP'), condition: 'i == 2' }] });
      assert.strictEqual(set.body.breakpoints[0].verified, true);
      await client.ok('configurationDone');
      assert.strictEqual((await client.nextEvent('stopped')).body.reason, 'breakpoint');
      assert.strictEqual((await client.ok('evaluate', { expression: 'i', frameId: 1, context: 'hover' })).body.result, '2');
      await client.ok('disconnect');
    });

    it('disconnect while the program runs ends everything', async () => {
      const client = await started(kind, spinning[kind]());
      const { body } = await client.ok('fred/processes');
      await client.ok('configurationDone');
      await new Promise((r) => setTimeout(r, 500));
      await client.ok('disconnect');
      assert.strictEqual(await client.exited, 0);
      assert.deepStrictEqual(sessionMembers(body.debuggerPid), [], 'nothing of the session is left');
    });

    it('stopAtExit: the end is a stop, and reverseContinue goes back to the last breakpoint stop', async () => {
      const client = await started(kind, demo[kind](), { stopAtExit: true });
      await client.ok('setBreakpoints', { source: { path: sources[kind] }, breakpoints: [{ line: lineOf(sources[kind], 'LOOP') }] });
      await client.ok('configurationDone');
      await client.nextEvent('stopped');
      for (let i = 0; i < 3; i++) {
        await client.ok('continue', { threadId: 1 });
        await client.nextEvent('stopped');
      }
      const lastStop = await client.ok('stackTrace', { threadId: 1 });
      const lastTotal = (await client.ok('evaluate', { expression: 'total', frameId: 1, context: 'watch' })).body.result;
      await client.ok('continue', { threadId: 1 });
      assert.strictEqual((await client.nextEvent('stopped')).body.reason, 'exited');
      assert.deepStrictEqual((await client.ok('stackTrace', { threadId: 1 })).body.stackFrames, []);
      await client.ok('reverseContinue', { threadId: 1 });
      await client.nextEvent('stopped');
      assert.deepStrictEqual((await client.ok('stackTrace', { threadId: 1 })).body.stackFrames, lastStop.body.stackFrames);
      assert.strictEqual((await client.ok('evaluate', { expression: 'total', frameId: 1, context: 'watch' })).body.result, lastTotal);
      await client.ok('disconnect');
    });

    it('--port: the same protocol over a socket', async () => {
      const client = await DapClient.overSocket(40000 + (process.pid % 20000));
      await client.ok('initialize', { adapterID: 'fred' });
      await client.ok('launch', { program: demo[kind](), debugger: kind, stopOnEntry: true });
      await client.nextEvent('initialized');
      await client.ok('configurationDone');
      assert.strictEqual((await client.nextEvent('stopped')).body.reason, 'entry');
      await client.ok('disconnect');
      assert.strictEqual(await client.exited, 0);
    });

    it('pause stops a program that never ends', async () => {
      const client = await started(kind, spinning[kind]());
      await client.ok('configurationDone');
      await new Promise((r) => setTimeout(r, 1000)); // let it get into its loop
      await client.ok('pause', { threadId: 1 });
      assert.strictEqual((await client.nextEvent('stopped')).body.reason, 'pause');
      const frame = await top(client);
      assert.ok(Math.abs(frame.line - lineOf(path.join(root, 'examples', `infinite_loop.${kind === 'gdb' ? 'c' : 'py'}`), 'SPIN')) <= 1, `stopped in the loop, not at line ${frame.line}`);
      const output = client.events.filter((e) => e.event === 'output').map((e) => e.body.output).join('');
      assert.match(output, /spinning/);
      await client.ok('disconnect');
    });
  });
}
