// What a line did, as data (CommandRunner.run): who answered it and which parts of its
// text are fred's. The full-screen interface and the engine read these instead of the
// text; here a pdb session, run in-process, answers a debugger command, fred's own
// commands (and pdb's help of them), and an empty line that repeats `next`.
import * as assert from 'assert';
import { parseCliArguments } from '../../src/fred/cli/cliArguments';
import { outcomeText } from '../../src/fred/session/commandRunner';
import { StartedSession, startSession } from '../../src/fred/session/startSession';
import { script } from './pdbScenario';
import { endSession, tracked } from './startedSessions';

describe('fred: who answered a line (LineOutcome)', function () {
  this.timeout(60000);
  let started: StartedSession | undefined;

  afterEach(async function () {
    this.timeout(20000);
    await endSession(started);
    started = undefined;
  });

  it('pdb: the debugger answers next (fred only remarks), fred answers its own commands', async () => {
    started = tracked(await startSession(parseCliArguments(['--plain', 'pdb', script('loop_bug')]), () => undefined));
    const runner = started.runner;
    assert.strictEqual(runner.answeredBy('n'), 'debugger');
    assert.strictEqual(runner.answeredBy('fred-history'), 'fred');
    assert.strictEqual(runner.answeredBy('help fred-undo'), 'fred');
    assert.strictEqual(runner.answeredBy('q'), 'quit');

    const next = await runner.run('n');
    assert.strictEqual(next.answeredBy, 'debugger');
    const fromDebugger = next.parts.filter((p) => p.from === 'debugger').map((p) => p.text).join('\n');
    assert.match(fromDebugger, /^-> /m, 'pdb shows the line it stopped at');
    for (const p of next.parts.filter((x) => x.from === 'fred' && x.text)) assert.match(p.text, /^fred: /, 'fred\'s remarks say they are fred\'s');
    assert.strictEqual(runner.answeredBy(''), 'debugger', 'an empty line repeats next');

    const history = await runner.run('fred-history');
    assert.deepStrictEqual(history.parts.map((p) => p.from), ['fred']);
    assert.match(outcomeText(history), /^history of branch main/);

    const help = await runner.run('help fred-undo');
    assert.strictEqual(help.answeredBy, 'fred');
    assert.match(outcomeText(help), /fred-undo/);
  });
});
