// The version handshake with the real library: every answer it writes begins with the
// protocol line, and fred refuses an answer of another version with one line saying what
// to do (FRED_TEST_CONTROL_PROTOCOL makes fred expect another version than the library's).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { leaveRequest, targetOf } from '../../src/fred/checkpointer/checkpointControl';
import { answerFile, controlSignals, protocolHello, protocolVersion } from '../../src/fred/checkpointer/controlProtocol';
import { SnapshotStore } from '../../src/fred/session/snapshots';
import { waitFor } from '../helpers/processGroup';
import { ckpt, fredCkpt, Proc, scratchDir, start } from './harness';

const expectOther = { ...process.env, FRED_TEST_CONTROL_PROTOCOL: String(protocolVersion + 7) };
const refusal = new RegExp(`^fred-ckpt: fred's native checkpointer \\(libfredckpt\\.so, fred-exec\\) speaks control protocol ${protocolVersion} ` +
  `but this fred speaks ${protocolVersion + 7}: [^\\n]*run 'npm install' in fred's directory[^\\n]*\\n$`);

/** sleep 60 under fred-ckpt, once the library is loaded and handles the checkpoint signal (before that, the signal would kill it). */
async function sleeper(label: string): Promise<Proc> {
  const p = start(label, fredCkpt, ['launch', '--', 'sleep', '60']);
  const handled = () => {
    try {
      if (!fs.readFileSync(`/proc/${p.pid}/maps`, 'utf8').includes('libfredckpt.so')) return false;
      const caught = /^SigCgt:\s+([0-9a-f]+)/m.exec(fs.readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? '0';
      return ((BigInt(`0x${caught}`) >> BigInt(controlSignals.checkpoint - 1)) & 1n) === 1n;
    } catch {
      return false;
    }
  };
  await waitFor(`${label} handles the checkpoint signal`, handled);
  return p;
}

describe('checkpointer: the control protocol is versioned', function () {
  this.timeout(60000);

  it('the library begins its answer with the protocol line and its version', async () => {
    const p = await sleeper('sleep (answer read raw)');
    try {
      const image = path.join(scratchDir('protocol-raw'), 'a.img');
      const target = targetOf(p.pid);
      leaveRequest(target, { kind: 'image', path: image });
      process.kill(p.pid, target.signal);
      const file = answerFile(target.controlDir, p.pid);
      await waitFor('the answer', () => fs.existsSync(file));
      const [first, second, rest] = fs.readFileSync(file, 'utf8').split('\n');
      fs.rmSync(file, { force: true });
      assert.equal(first, `${protocolHello} ${protocolVersion}`);
      assert.match(second, new RegExp(`^ok image ${image} \\d+ \\d+$`));
      assert.equal(rest, '');
    } finally {
      await p.kill();
    }
  });

  it('fred-ckpt checkpoint refuses an answer of another version: exit 2, one line naming both versions and npm install', async () => {
    const p = await sleeper('sleep (other version)');
    try {
      const image = path.join(scratchDir('protocol-other'), 'a.img');
      const r = await ckpt('checkpoint expecting another version', ['checkpoint', String(p.pid), '-o', image], { env: expectOther });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, refusal);
      assert.equal(r.stdout, '');
      assert.ok(fs.existsSync(`/proc/${p.pid}`), 'the program went on');
    } finally {
      await p.kill();
    }
  });

  it('a snapshot answered in another version is refused the same way', async () => {
    const p = await sleeper('sleep (snapshot, other version)');
    const saved = process.env.FRED_TEST_CONTROL_PROTOCOL;
    const store = new SnapshotStore();
    try {
      process.env.FRED_TEST_CONTROL_PROTOCOL = expectOther.FRED_TEST_CONTROL_PROTOCOL;
      await assert.rejects(store.take(p.pid), (e: Error) => refusal.test(`fred-ckpt: ${e.message}\n`));
    } finally {
      if (saved === undefined) delete process.env.FRED_TEST_CONTROL_PROTOCOL;
      else process.env.FRED_TEST_CONTROL_PROTOCOL = saved;
      await p.kill();
    }
  });
});
