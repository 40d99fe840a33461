// fred dap driven by @vscode/debugadapter-testsupport's DebugClient (the client VS Code's
// own adapters are tested with), over `fred dap --port N` started in its own process
// group: a breakpoint hit, stepBack and reverseContinue, asserted as that client does.
import * as assert from 'assert';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { killTestGroups, spawnGroup, waitFor } from '../helpers/processGroup';
import { demo, lineOf } from './dapTest';

const fredCli = path.resolve(__dirname, '..', '..', 'src', 'fred', 'cli', 'cli.js');

for (const kind of ['gdb', 'pdb'] as const) {
  describe(`fred dap with VS Code's DebugClient, ${kind}`, function () {
    this.timeout(120000);
    afterEach(async () => { await killTestGroups(); });

    it('hits a breakpoint, steps back, reverse-continues', async () => {
      const { program, source } = demo(kind, 'dap_demo');
      const loop = lineOf(source, 'LOOP');
      const port = 20000 + (process.pid % 20000) + (kind === 'gdb' ? 0 : 1);
      const fred = spawnGroup(process.execPath, [fredCli, 'dap', '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      fred.stderr!.on('data', (d) => { stderr += d; });
      await waitFor(`fred dap listening on ${port}`, () => /listening on/.test(stderr));
      const client = new DebugClient('node', fredCli, 'fred');
      await client.start(port);
      await client.hitBreakpoint({ program, debugger: kind }, { path: source, line: loop });
      await client.continueRequest({ threadId: 1 });
      await client.assertStoppedLocation('breakpoint', { path: source, line: loop });
      const i = async () => (await client.evaluateRequest({ expression: 'i', frameId: 1, context: 'watch' })).body.result;
      assert.strictEqual(await i(), '1');
      await client.nextRequest({ threadId: 1 });
      await client.assertStoppedLocation('step', { line: loop + 1 });
      await client.nextRequest({ threadId: 1 });
      await client.assertStoppedLocation('step', { line: loop + 2 });
      await client.stepBackRequest({ threadId: 1 });
      await client.assertStoppedLocation('step', { path: source, line: loop + 1 });
      await client.reverseContinueRequest({ threadId: 1 });
      await client.assertStoppedLocation('breakpoint', { path: source, line: loop });
      assert.strictEqual(await i(), '1');
      await client.reverseContinueRequest({ threadId: 1 });
      await client.assertStoppedLocation('breakpoint', { path: source, line: loop });
      assert.strictEqual(await i(), '0');
      await client.stop();
    });
  });
}
