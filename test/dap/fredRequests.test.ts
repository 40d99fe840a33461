// fred dap, fred's own requests for gdb and pdb: reverse-watch (progress events; the
// state it reaches, and one stepBack from there, equal a forward run in plain gdb/pdb, in
// two snapshot policies), a search cancelled (requests during it get errors; the program
// stays where it was), checkpoint, restart from it, undo, history and branches.
import * as assert from 'assert';
import * as fs from 'fs';
import { killTestGroups } from '../helpers/processGroup';
import { runPlainGdb } from '../session/gdbScenario';
import { runPlainPdb } from '../session/pdbScenario';
import { DapClient } from './dapClient';
import { demo, launched, lineOf, stepped, view, View } from './dapTest';

/**
 * Plain gdb/pdb, no fred: run forward to LINE where COND holds (then the commands THEN);
 * the stack (function:line, innermost first) and the values of NAMES there.
 */
async function plainView(kind: 'gdb' | 'pdb', program: string, source: string, line: number, condition: string, names: string[], then: string[] = []): Promise<View> {
  const locals: Record<string, string> = {};
  if (kind === 'gdb') {
    const text = runPlainGdb(program, [`break ${source}:${line} if ${condition}`, 'run', ...then, 'bt', ...names.map((n) => `print ${n}`)]);
    const frames = [...text.matchAll(/^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at \S+:(\d+)$/gm)].map((m) => `${m[1]}:${m[2]}`);
    const values = [...text.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
    names.forEach((n, i) => { locals[n] = values[i]; });
    return { frames, locals };
  }
  const text = await runPlainPdb(source, [`break ${source}:${line}, ${condition}`, 'continue', ...then, 'where', ...names.map((n) => `p ${n}`)]);
  const answers = text.split(/^\(Pdb\) /m);
  const where = answers.find((a) => a.startsWith('where\n'))!;
  const frames = [...where.matchAll(/^[> ] (\S+)\((\d+)\)(\S+)\(\)(?:->.*)?$/gm)].filter((m) => m[1] === source).map((m) => `${m[3]}:${m[2]}`).reverse();
  names.forEach((n) => { locals[n] = answers.find((a) => a.startsWith(`p ${n}\n`))!.split('\n')[1]; });
  return { frames, locals };
}

const endMarker = { gdb: 'printf("total', pdb: 'print("total' };

for (const kind of ['gdb', 'pdb'] as const) {
  for (const mode of [['--cheap-replay', '0'], []]) {
    describe(`fred dap reverse-watch, ${kind}${mode.length ? ` (${mode.join(' ')})` : ' (default policy)'}`, function () {
      this.timeout(180000);
      afterEach(async () => { await killTestGroups(); });

      it('lands where a forward run in plain ' + kind + ' shows the same stack and values, with progress events', async () => {
        const { program, source } = demo(kind, 'dap_demo');
        const loop = lineOf(source, 'LOOP');
        const client = await launched(kind, program, { fred: mode, initialize: { supportsProgressReporting: true } });
        // pdb honours no breakpoint set after the fact going back (README): both from the start
        const before = lineOf(source, 'p.y = total');
        const end = lineOf(source, endMarker[kind]);
        await client.ok('setBreakpoints', { source: { path: source }, breakpoints: [{ line: before }, { line: end }] });
        await client.ok('configurationDone');
        await client.nextEvent('stopped');
        for (let turn = 0; turn < 4; turn++) await stepped(client, 'continue');
        assert.strictEqual((await view(client)).frames[0], `main:${end}`);
        const watched = await client.ok('fred/reverseWatch', { expression: 'total' });
        assert.match(watched.body.output, /total/);
        const start = await client.nextEvent('progressStart');
        assert.match(start.body.title, /fred-reverse-watch total/);
        assert.strictEqual((await client.nextEvent('progressEnd')).body.message, 'done');
        await client.nextEvent('stopped');
        const landed = await view(client);
        // gdb: before the line that adds square(3) to total; pdb: at square(3)'s return,
        // the last event before the addition (pdb stops at returns, gdb does not)
        const truth = kind === 'gdb'
          ? await plainView(kind, program, source, loop, 'i == 3', Object.keys(landed.locals))
          : await plainView(kind, program, source, lineOf(source, 'SQUARE') + 1, 'n == 3', Object.keys(landed.locals), ['next']);
        assert.deepStrictEqual(landed, truth, 'just before the last change of total');
        // and reverseContinue from there: the p.y breakpoint the turn before
        const back = await stepped(client, 'reverseContinue');
        assert.deepStrictEqual(back, await plainView(kind, program, source, before, 'i == 2', Object.keys(back.locals)), 'the breakpoint the turn before');
        // and stepBack from there: the line before it
        const stepBack = await stepped(client, 'stepBack');
        assert.deepStrictEqual(stepBack, await plainView(kind, program, source, lineOf(source, 'p.x = i'), 'i == 2', Object.keys(stepBack.locals)), 'one line back');
        await client.ok('disconnect');
      });
    });
  }

  describe(`fred dap, fred's requests, ${kind}`, function () {
    this.timeout(180000);
    afterEach(async () => { await killTestGroups(); });

    it('a search meets other requests with errors, and cancel leaves the program where it was', async () => {
      const { program, source } = demo(kind, 'dap_slow');
      const client = await launched(kind, program, { initialize: { supportsProgressReporting: true } });
      await client.ok('setBreakpoints', { source: { path: source }, breakpoints: [{ line: lineOf(source, 'END') }] });
      await client.ok('configurationDone');
      await client.nextEvent('stopped');
      const before = await view(client);
      const searchSeq = client.nextSeq;
      const searching = client.request('fred/reverseWatch', { expression: 'mark' }, 120000);
      await client.nextEvent('progressUpdate', 120000);
      const during = await client.request('stackTrace', { threadId: 1 });
      assert.strictEqual(during.success, false);
      assert.match(during.message!, /searching/);
      assert.strictEqual((await client.request('fred/history')).success, false);
      assert.strictEqual((await client.request('threads')).success, true, 'threads is answered during a search');
      await client.ok('cancel', { requestId: searchSeq });
      const answer = await searching;
      assert.strictEqual(answer.success, false);
      assert.strictEqual(answer.message, 'cancelled');
      assert.strictEqual((await client.nextEvent('progressEnd')).body.message, 'cancelled');
      await client.nextEvent('stopped');
      assert.deepStrictEqual(await view(client), before);
      await client.ok('disconnect');
      assert.strictEqual(await client.exited, 0);
    });

    it('checkpoint, restart from it, undo, history, branches', async () => {
      const { program, source } = demo(kind, 'dap_demo');
      const client = await launched(kind, program);
      await client.ok('setBreakpoints', { source: { path: source }, breakpoints: [{ line: lineOf(source, 'LOOP') }] });
      await client.ok('configurationDone');
      await client.nextEvent('stopped');
      await stepped(client, 'next');
      const atCheckpoint = await stepped(client, 'next');
      const taken = await client.ok('fred/checkpoint');
      assert.strictEqual(taken.body.checkpoint.number, 1);
      assert.strictEqual(fs.statSync(taken.body.checkpoint.image).mode & 0o777, 0o600);
      const one = await stepped(client, 'next');
      await stepped(client, 'next');

      const history = (await client.ok('fred/history')).body;
      assert.strictEqual(history.branch, 'main');
      assert.deepStrictEqual(history.commands.slice(-4).map((c: { command: string }) => c.command), ['next', 'next', 'next', 'next']);
      assert.strictEqual(history.checkpoints[0].commands, history.commands.length - 2);

      await moved(client, 'fred/undo', { count: 1 });
      assert.deepStrictEqual(await view(client), one, 'undo 1: one command back');
      // the same through the debug console, as typed in line mode
      await client.ok('next', { threadId: 1 });
      await client.nextEvent('stopped');
      const typed = await client.ok('evaluate', { expression: 'fred-undo', context: 'repl' });
      assert.strictEqual(typeof typed.body.result, 'string');
      await client.nextEvent('stopped');
      assert.deepStrictEqual(await view(client), one, 'fred-undo typed in the debug console');
      await moved(client, 'fred/restartCheckpoint', { checkpoint: 1 });
      assert.deepStrictEqual(await view(client), atCheckpoint, 'back at the checkpoint');

      await client.ok('fred/branch', { name: 'other' });
      await stepped(client, 'stepIn');
      const branches = (await client.ok('fred/history')).body;
      assert.strictEqual(branches.branch, 'other');
      assert.deepStrictEqual([...branches.branches].sort(), ['main', 'other']);
      await moved(client, 'fred/switchBranch', { name: 'main' });
      assert.deepStrictEqual(await view(client), atCheckpoint, 'main as it was when the branch began');

      // bad arguments: error responses, and the adapter goes on
      for (const [command, args] of [['fred/switchBranch', { name: 'nope' }], ['fred/undo', { count: 'x' }], ['fred/restartCheckpoint', { checkpoint: 7 }], ['fred/branch', {}], ['fred/reverseWatch', {}]] as const) {
        const bad = await client.request(command, args);
        assert.strictEqual(bad.success, false, `${command} ${JSON.stringify(args)} fails`);
      }
      assert.deepStrictEqual(await view(client), atCheckpoint);
      await client.ok('disconnect');
      assert.strictEqual(await client.exited, 0);
    });
  });
}

async function moved(client: DapClient, command: string, args: object): Promise<void> {
  await client.ok(command, args);
  await client.nextEvent('stopped');
}
