// The debugger's death as data (CommandResult.debuggerExited): line mode knows from it,
// not from the text, that the debugger died. A pdb session run in-process through the
// engine: text that reads like a death is not one; a real death during a debugger
// command, and during a fred command (fred-source), is flagged and said exactly once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCliArguments } from '../../src/fred/cli/cliArguments';
import { FredEngine } from '../../src/fred/engine/engine';
import { StartedSession, startSession } from '../../src/fred/session/startSession';
import { script } from './pdbScenario';
import { endSession, tracked } from './startedSessions';

const deathNote = 'fred: pdb exited unexpectedly.';
/** How many times the text has the death note on a line of its own. */
const deathNotes = (text: string) => text.split('\n').filter((line) => line.trim() === deathNote).length;

describe('fred engine: the debugger\'s death as data', function () {
  this.timeout(60000);
  let started: StartedSession | undefined;
  let dir: string | undefined;

  afterEach(async function () {
    this.timeout(20000);
    await endSession(started);
    started = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function engine(): Promise<FredEngine> {
    started = tracked(await startSession(parseCliArguments(['--plain', 'pdb', script('loop_bug')]), () => undefined));
    return FredEngine.over(started);
  }

  it('text that reads like a death is not one; python3 exiting during a command is, said once', async () => {
    const e = await engine();
    const lookalike = await e.run(`!print("${deathNote}")`);
    assert.strictEqual(deathNotes(lookalike.output), 1, `the program printed the words: ${lookalike.output}`);
    assert.strictEqual(lookalike.debuggerExited, false, 'words in the output are not a death');
    assert.strictEqual(e.ended, false);

    const died = await e.run('!__import__("os")._exit(3)');
    assert.strictEqual(died.debuggerExited, true);
    assert.strictEqual(died.answeredBy, 'debugger');
    assert.strictEqual(deathNotes(died.output), 1, died.output);
    assert.strictEqual(died.notes.filter((n) => n === deathNote).length, 1, 'the note is fred\'s');
    assert.strictEqual(e.ended, true);
  });

  it('a death inside fred-source: flagged on the fred command, said once', async () => {
    const e = await engine();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-engine-death-'));
    const file = path.join(dir, 'cmds');
    fs.writeFileSync(file, 'n\n!__import__("os")._exit(3)\n');
    const sourced = await e.run(`fred-source ${file}`);
    assert.strictEqual(sourced.answeredBy, 'fred');
    assert.strictEqual(sourced.debuggerExited, true);
    assert.strictEqual(deathNotes(sourced.output), 1, sourced.output);
  });
});
