// fred dap driven by a DAP client, for gdb (a C program) and pdb (a Python script), each
// with automatic snapshots every time (--cheap-replay 0) and with the default policy:
// stepBack and reverseContinue must show the very stack and variables the same session
// showed going forward at that point (fred's line-mode tests compare those with plain
// gdb/pdb); evaluate, bad requests, and disconnect leaving no process behind.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { killTestGroups } from '../helpers/processGroup';
import { DapClient } from './dapClient';
import { compiled } from './dapTest';

const programs = path.resolve(__dirname, '..', '..', '..', 'test', 'dap', 'programs');

function lineOf(file: string, marker: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;
}


/** Processes whose session is `sid` (the debugger's terminal session: gdb, the program, snapshots). */
function sessionMembers(sid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) === sid) members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

interface Seen { frames: string[]; variables: Record<string, string> }

/** What the editor shows after a stop: the stack (function:line) and the innermost frame's variables. */
async function seen(client: DapClient): Promise<Seen> {
  const trace = await client.ok('stackTrace', { threadId: 1 });
  const frames = trace.body.stackFrames.map((f: { name: string; line: number }) => `${f.name}:${f.line}`);
  const scopes = await client.ok('scopes', { frameId: trace.body.stackFrames[0].id });
  const shown: Record<string, string> = {};
  // one level of children too (a struct's fields, an object's attributes): the state inside
  const add = async (reference: number, prefix: string, depth: number) => {
    const variables = await client.ok('variables', { variablesReference: reference });
    for (const v of variables.body.variables as Array<{ name: string; value: string; variablesReference: number }>) {
      // an object's address differs between runs of the same program (as test/session/pdbScenario.ts masks it)
      shown[prefix + v.name] = v.value.replace(/ at 0x[0-9a-f]+/g, ' at 0x...');
      if (v.variablesReference > 0 && depth === 0) await add(v.variablesReference, `${prefix}${v.name}.`, 1);
    }
  };
  await add(scopes.body.scopes[0].variablesReference, '', 0);
  return { frames, variables: shown };
}

async function stepped(client: DapClient, command: string): Promise<Seen> {
  await client.ok(command, { threadId: 1 });
  await client.nextEvent('stopped');
  return seen(client);
}

interface Case { debugger: 'gdb' | 'pdb'; source: string; program: () => string; stepOutFunction: string; pointName: string; pointChildren: string[] }

const cases: Case[] = [
  { debugger: 'gdb', source: path.join(programs, 'dap_demo.c'), program: () => compiled(path.join(programs, 'dap_demo.c')), stepOutFunction: 'main', pointName: 'p', pointChildren: ['x', 'y'] },
  { debugger: 'pdb', source: path.join(programs, 'dap_demo.py'), program: () => path.join(programs, 'dap_demo.py'), stepOutFunction: 'square', pointName: 'p', pointChildren: ['x', 'y'] },
];

for (const c of cases) {
  for (const mode of [['--cheap-replay', '0'], []]) {
    describe(`fred dap, ${c.debugger}${mode.length ? ` (${mode.join(' ')})` : ' (default policy)'}`, function () {
      this.timeout(180000);
      let client: DapClient;
      afterEach(async () => { await killTestGroups(); });

      it('stepBack and reverseContinue show what the forward run showed; evaluate; disconnect leaves no process', async () => {
        client = new DapClient(mode, os.tmpdir());
        const init = await client.ok('initialize', { adapterID: 'fred', linesStartAt1: true, columnsStartAt1: true });
        assert.strictEqual(init.body.supportsStepBack, true);
        await client.ok('launch', { program: c.program(), debugger: c.debugger });
        await client.nextEvent('initialized');
        const loop = lineOf(c.source, 'LOOP');
        const set = await client.ok('setBreakpoints', { source: { path: c.source }, breakpoints: [{ line: loop }, { line: 9999 }] });
        assert.deepStrictEqual(set.body.breakpoints.map((b: { verified: boolean }) => b.verified), [true, false], 'line 9999 is refused, the LOOP line taken');
        await client.ok('configurationDone');
        const first = await client.nextEvent('stopped');
        assert.strictEqual(first.body.reason, 'breakpoint');
        const atFirstStop = await seen(client);
        assert.match(atFirstStop.frames[0], new RegExp(`:${loop}$`));

        const atSecondStop = await stepped(client, 'continue');
        assert.notDeepStrictEqual(atSecondStop, atFirstStop, 'the second stop is a later iteration');
        const forward = [atSecondStop];
        for (let i = 0; i < 3; i++) forward.push(await stepped(client, 'next'));

        // back one step at a time: exactly what the forward run showed there
        assert.deepStrictEqual(await stepped(client, 'stepBack'), forward[2], 'first stepBack');
        assert.deepStrictEqual(await stepped(client, 'stepBack'), forward[1], 'second stepBack');
        // and forward again from the past
        assert.deepStrictEqual(await stepped(client, 'next'), forward[2], 'next after stepping back');

        // reverseContinue: the latest breakpoint stop before now, then the one before it
        assert.deepStrictEqual(await stepped(client, 'reverseContinue'), atSecondStop, 'reverseContinue to the second stop');
        assert.deepStrictEqual(await stepped(client, 'reverseContinue'), atFirstStop, 'reverseContinue to the first stop');

        // evaluate: a watch, a failing one (an error response, the adapter goes on), a console command
        const total = await client.ok('evaluate', { expression: 'total', frameId: 1, context: 'watch' });
        assert.strictEqual(total.body.result, atFirstStop.variables.total);
        const bad = await client.request('evaluate', { expression: 'no_such_name', frameId: 1, context: 'watch' });
        assert.strictEqual(bad.success, false);
        const history = await client.ok('evaluate', { expression: 'fred-history', context: 'repl' });
        assert.match(history.body.result, /history/);

        // a struct / object opens into its fields
        const trace = await client.ok('stackTrace', { threadId: 1 });
        const scopes = await client.ok('scopes', { frameId: trace.body.stackFrames[0].id });
        const locals = await client.ok('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
        const point = locals.body.variables.find((v: { name: string }) => v.name === c.pointName);
        assert.ok(point && point.variablesReference > 0, `${c.pointName} can be opened`);
        const fields = await client.ok('variables', { variablesReference: point.variablesReference });
        assert.deepStrictEqual(fields.body.variables.map((v: { name: string }) => v.name), c.pointChildren);

        const unknown = await client.request('no-such-request');
        assert.strictEqual(unknown.success, false);

        const { body } = await client.ok('fred/processes');
        assert.ok(sessionMembers(body.debuggerPid).length > 0, 'the debugger runs before disconnect');
        await client.ok('disconnect');
        const status = await client.exited;
        assert.strictEqual(status, 0);
        assert.deepStrictEqual(sessionMembers(body.debuggerPid), [], 'nothing of the session is left');
      });
    });
  }
}

describe('fred dap, bad launch', function () {
  this.timeout(60000);
  afterEach(async () => { await killTestGroups(); });

  it('answers a launch of a missing program with an error and goes on', async () => {
    const client = new DapClient();
    await client.ok('initialize', { adapterID: 'fred' });
    const launch = await client.request('launch', { program: '/nonexistent/program', debugger: 'gdb' });
    assert.strictEqual(launch.success, false);
    assert.match(launch.message!, /no such file/);
    const threads = await client.request('threads');
    assert.strictEqual(threads.success, true);
    await client.ok('disconnect');
    assert.strictEqual(await client.exited, 0);
  });
});
