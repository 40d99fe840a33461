// fred-reverse-watch through a long pdb `c`: fred counts the lines the program runs
// (`fred-hits 0 N`) instead of stepping through them. The state found must equal a plain
// pdb's forward run to the same point, one `n` from it must show the change, and the same
// question asked again (after `c` back to the end) must get the same answer, every time (helpers/repeats.ts).
// Two modes: the default and --cheap-replay 0 (a snapshot before every command).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dumpState, runFred, runPlainPdb, script, section, withLines } from './pdbScenario';
import { searchRepeats } from '../helpers/repeats';

const modes: Array<{ name: string; args: string[] }> = [
  { name: 'default', args: [] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

const badTurn = 1500;
const turns = 2000;
const repeats = searchRepeats;

describe('fred-reverse-watch (pdb) through a long c, by counted lines', function () {
  this.timeout(240000);
  for (const mode of modes) {
    it(`${mode.name}: value < 0, the change at turn ${badTurn} of ${turns} (a call on the line), ${repeats} times the same`, async function () {
      const file = script('long_loop');
      const line = (c: string) => withLines(file, c);
      const commands = ['b @END', 'c'];
      for (let k = 0; k < repeats; k++) {
        commands.push('fred-reverse-watch value < 0', ...dumpState(`FOUND${k}`), 'n', '!print("@@AFTER")', 'p value < 0', '!print("@@END")', 'c');
      }
      commands.push('fred-history');
      const fred = await runFred(file, commands.map(line), { fredArgs: mode.args, scriptArgs: [String(badTurn), String(turns)], timeoutMs: 200000 });
      const t = fred.transcript;
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${t}`);
      // the statement that changes it: the return from step() at that turn (pdb stops there)
      const truth = await runPlainPdb(file, [`b @CALL, turn == ${badTurn}`, 'c', 's', 'n', 'n', 'n', ...dumpState('FOUND')].map(line), { scriptArgs: [String(badTurn), String(turns)] });
      assert.match(section(truth, 'FOUND'), /--Return--|step\(\)/, truth);
      for (let k = 0; k < repeats; k++) {
        assert.strictEqual(section(t, `FOUND${k}`), section(truth, 'FOUND'), `search ${k + 1}: not the state of the forward run:\n${t}`);
      }
      assert.strictEqual(section(t, 'AFTER').trim(), 'True', `one n from the line found shows the change:\n${t}`);
      assert.match(t, /fred-hits 0 \d+/, `the search went by counted lines:\n${t}`);
      assert.doesNotMatch(t, /searched with next, not at full speed/, t);
      assert.doesNotMatch(t, /\*\*\* |Traceback|internal error/, t);
    });
  }

  // `value` is the module's, which the start of history does not have yet: the search
  // starts where its frame began, and the module's frame began before the `c` (it lives
  // as long as the program). No replay of the `c` is needed to learn that: the session
  // log shows what fred sent to pdb, and it never armed the frame-origin count.
  it('a module variable: no counting replay of the c for its frame\'s origin, the same landing as the forward run', async function () {
    const file = script('long_loop');
    const line = (c: string) => withLines(file, c);
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fred-rw-origin-')), 'session.log');
    try {
      const fred = await runFred(file, ['b @END', 'c', 'fred-reverse-watch value < 0', ...dumpState('FOUND')].map(line), { fredArgs: ['--log', log], scriptArgs: [String(badTurn), String(turns)], timeoutMs: 200000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      const truth = await runPlainPdb(file, [`b @CALL, turn == ${badTurn}`, 'c', 's', 'n', 'n', 'n', ...dumpState('FOUND')].map(line), { scriptArgs: [String(badTurn), String(turns)] });
      assert.strictEqual(section(fred.transcript, 'FOUND'), section(truth, 'FOUND'), fred.transcript);
      const sent = fs.readFileSync(log, 'utf8');
      assert.match(sent, /arm_lines\(/, 'the search counted lines');
      assert.doesNotMatch(sent, /arm_origins\(/, 'no replay of the c counted frame origins');
    } finally {
      fs.rmSync(path.dirname(log), { recursive: true, force: true });
    }
  });
});
