// A session whose native checkpointer speaks another control protocol than fred's
// TypeScript (built from different sources) refuses with one line naming both versions
// and what to do, instead of going on without snapshots. FRED_TEST_CONTROL_PROTOCOL makes
// fred expect another version than the library's.
import { strict as assert } from 'assert';
import { protocolVersion } from '../../src/fred/checkpointer/controlProtocol';
import { example, runFred as runFredGdb } from './gdbScenario';
import { expectNoneLeft, replayModes, runFred as runFredPdb, script } from './pdbScenario';

const expected = protocolVersion + 7;
const env = { ...process.env, FRED_TEST_CONTROL_PROTOCOL: String(expected) };
const refusal = new RegExp(`^fred: fred's native checkpointer \\(libfredckpt\\.so, fred-exec\\) speaks control protocol ${protocolVersion} ` +
  `but this fred speaks ${expected}: [^\\n]*run 'npm install' in fred's directory[^\\n]*$`, 'm');

describe('session: a native checkpointer of another control protocol version is refused', function () {
  this.timeout(240000);

  for (const mode of replayModes) {
    it(`fred pdb (${mode.name}): one line at the start, exit 2, nothing left running`, async () => {
      const r = await runFredPdb(script('factorial'), ['next'], { fredArgs: mode.args, env: { FRED_TEST_CONTROL_PROTOCOL: String(expected) } });
      assert.equal(r.status, 2, r.transcript);
      assert.match(r.transcript, refusal);
      assert.equal(r.transcript.match(/^fred: /gm)?.length, 1, r.transcript);
      await expectNoneLeft(r.tag);
    });

    it(`fred gdb (${mode.name}): the commands that need a snapshot are refused with that line, never run without one`, async () => {
      const r = await runFredGdb(example('factorial'), ['break main', 'run', 'next', 'fred-checkpoint'], { fredArgs: mode.args, env });
      assert.match(r.transcript, refusal);
      assert.doesNotMatch(r.transcript, /no snapshot before this command/);
      assert.doesNotMatch(r.transcript, /internal error/);
    });
  }
});
