// fred dap, launch's console: integratedTerminal. A client that can open terminals
// (runInTerminal; here a node-pty terminal stands for the editor's) gets the gdb program
// there: its output is on that terminal, not in output events, and what is typed there
// reaches it. pdb (and a client that cannot) says why the output comes as output events.
import * as assert from 'assert';
import * as os from 'os';
import * as pty from 'node-pty';
import { killTestGroups, trackGroup, waitFor } from '../helpers/processGroup';
import { DapClient } from './dapClient';
import { demo, lineOf, outputSoFar } from './dapTest';

describe('fred dap, the program on a terminal of the editor', function () {
  this.timeout(120000);
  afterEach(async () => { await killTestGroups(); });

  it('gdb: the program talks on the terminal runInTerminal opened; a breakpoint and stepBack work there', async () => {
    const { program, source } = demo('gdb', 'dap_echo');
    const client = new DapClient([], os.tmpdir());
    let screen = '';
    let terminal: pty.IPty | undefined;
    let terminalEnded = false;
    client.answers.set('runInTerminal', async (args: { args: string[]; cwd: string }) => {
      terminal = pty.spawn(args.args[0], args.args.slice(1), { cwd: args.cwd, cols: 80, rows: 24, env: process.env as Record<string, string> });
      trackGroup(terminal.pid);
      terminal.onData((d) => { screen += d; });
      terminal.onExit(() => { terminalEnded = true; });
      return { shellProcessId: terminal.pid };
    });
    await client.ok('initialize', { adapterID: 'fred', supportsRunInTerminalRequest: true });
    await client.ok('launch', { program, debugger: 'gdb', console: 'integratedTerminal' });
    await client.nextEvent('initialized');
    assert.ok(terminal, 'fred asked for a terminal');
    await client.ok('setBreakpoints', { source: { path: source }, breakpoints: [{ line: lineOf(source, 'GOT') }] });
    await client.ok('configurationDone');
    await waitFor('the program asks for a line on its terminal', () => /type a line/.test(screen));
    terminal!.write('hello\r');
    await client.nextEvent('stopped');
    assert.match((await client.ok('evaluate', { expression: 'line', frameId: 1, context: 'watch' })).body.result, /^"hello\\n"/);
    await client.ok('next', { threadId: 1 });
    await client.nextEvent('stopped');
    await waitFor('the program answers on its terminal', () => /got: hello/.test(screen));
    await client.ok('stepBack', { threadId: 1 });
    await client.nextEvent('stopped');
    assert.strictEqual((await client.ok('stackTrace', { threadId: 1 })).body.stackFrames[0].line, lineOf(source, 'GOT'));
    assert.doesNotMatch(outputSoFar(client), /type a line|got: hello/, 'not in output events');
    await client.ok('disconnect');
    assert.strictEqual(await client.exited, 0);
    await waitFor('fred ends what it ran on the terminal', () => terminalEnded);
  });

  for (const [kind, terminals] of [['pdb', true], ['gdb', false]] as const) {
    it(`${kind}${terminals ? '' : ', a client that opens no terminals'}: output events, and a line saying why`, async () => {
      const { program } = demo(kind, 'dap_demo');
      const client = new DapClient([], os.tmpdir());
      await client.ok('initialize', { adapterID: 'fred', supportsRunInTerminalRequest: terminals });
      await client.ok('launch', { program, debugger: kind, console: 'integratedTerminal' });
      await client.nextEvent('initialized');
      await client.ok('configurationDone');
      await client.nextEvent('terminated');
      assert.match(outputSoFar(client), kind === 'pdb' ? /pdb runs inside the program/ : /cannot open one/);
      assert.match(outputSoFar(client), /total = 14/);
      await client.ok('disconnect');
    });
  }
});
