// The control protocol is defined once on each side: fred_control.h for C, controlProtocol.ts
// for TypeScript. These tests read the header and check that both define the same words with
// the same values, and check the TypeScript side's requests, answers and version refusal.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  answerWords, definitionsByCName, expectedVersion, parseAnswer, parseCountsAnswer, parseImageAnswer, parseResumedAnswer, parseSnapshotAnswer,
  parseSpilledAnswer, protocolHello, protocolVersion, requestLine, seriesAnswerFile, snapshotCommandFile, snapshotCommandLine,
} from '../../src/fred/checkpointer/controlProtocol';
import { FredError } from '../../src/fred/errors';

const header = path.resolve(__dirname, '..', '..', '..', 'src', 'checkpointer-native', 'include', 'fred_control.h');

/** The #defines of a C header with a value: numbers, string literals, and names of earlier ones, concatenated. */
function definitionsOf(text: string): Map<string, string | number> {
  const defined = new Map<string, string | number>();
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  for (const m of withoutComments.matchAll(/^#define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$/gm)) {
    const [, name, value] = m;
    if (/^\d+$/.test(value)) {
      defined.set(name, Number(value));
      continue;
    }
    const parts = [...value.matchAll(/"((?:[^"\\]|\\.)*)"|(\w+)/g)].map((p) => {
      if (p[1] !== undefined) return p[1];
      const earlier = defined.get(p[2]);
      if (earlier === undefined) throw new Error(`${name} uses ${p[2]}, which is not defined before it`);
      return String(earlier);
    });
    defined.set(name, parts.join(''));
  }
  return defined;
}

const answer = (line: string, version: number | null = protocolVersion) => `${version === null ? '' : `${protocolHello} ${version}\n`}${line}\n`;

describe('control protocol: defined once on each side, versioned', function () {
  it('fred_control.h and controlProtocol.ts define the same words, file names and numbers', () => {
    const c = definitionsOf(fs.readFileSync(header, 'utf8'));
    const ts = definitionsByCName();
    assert.ok(c.size >= 30, `only ${c.size} definitions read from ${header}`);
    const onlyC = [...c.keys()].filter((k) => !ts.has(k));
    const onlyTs = [...ts.keys()].filter((k) => !c.has(k));
    assert.deepEqual(onlyC, [], `defined in fred_control.h only: ${onlyC.join(', ')}`);
    assert.deepEqual(onlyTs, [], `defined in controlProtocol.ts only: ${onlyTs.join(', ')}`);
    for (const [name, value] of c) assert.equal(ts.get(name), value, `${name}: C says ${JSON.stringify(value)}, TypeScript ${JSON.stringify(ts.get(name))}`);
  });

  it('requests and commands are the lines the library parses', () => {
    assert.equal(requestLine({ kind: 'image', path: '/tmp/a b.img' }), 'image /tmp/a b.img');
    assert.equal(requestLine({ kind: 'snapshot', id: 7 }), 'snapshot 7');
    assert.equal(requestLine({ kind: 'series', firstId: 3, cpuNs: 5000, max: 10 }), 'series 3 5000 10');
    assert.equal(requestLine({ kind: 'hitseries', firstId: 3, address: 0x401136n, every: 2, max: 10 }), 'hitseries 3 401136 2 10');
    assert.equal(requestLine({ kind: 'hits', address: 0x401136n, count: 5 }), 'hits 401136 5');
    assert.equal(requestLine({ kind: 'count', addresses: [0x10n, 0xffn] }), 'count 10 ff');
    assert.throws(() => requestLine({ kind: 'count', addresses: [1n, 2n, 3n, 4n, 5n] }), /at most 4 addresses/);
    assert.equal(requestLine({ kind: 'countread' }), 'countread');
    assert.equal(snapshotCommandLine({ kind: 'resume', stop: false }), 'resume');
    assert.equal(snapshotCommandLine({ kind: 'resume', stop: true }), 'resume-stop');
    assert.equal(snapshotCommandLine({ kind: 'spill', path: '/x/y.img' }), 'spill /x/y.img');
    assert.equal(seriesAnswerFile('/c', 4, 99), '/c/ser.4.99');
    assert.equal(snapshotCommandFile('/c', 99), '/c/snap.99.cmd');
  });

  it('answers of this version are parsed; errors give their reason', () => {
    assert.deepEqual(parseAnswer(answer('ok snapshot 2 345 401136 shared')), { ok: true, line: 'ok snapshot 2 345 401136 shared' });
    assert.deepEqual(parseSnapshotAnswer('ok snapshot 2 345 401136 shared', 'p'), { id: 2, copyPid: 345, pc: '401136', shared: true });
    assert.deepEqual(parseSnapshotAnswer('ok snapshot 2 345 401136', 'p'), { id: 2, copyPid: 345, pc: '401136', shared: false });
    assert.deepEqual(parseAnswer(answer('error no room')), { ok: false, reason: 'no room' });
    assert.deepEqual(parseImageAnswer('ok image /a b/c.img 4096 1500000', 'p'), { path: '/a b/c.img', bytes: 4096, ns: 1500000 });
    assert.deepEqual(parseSpilledAnswer('ok spilled /a b/c.img 4096', 'p'), { path: '/a b/c.img', bytes: 4096 });
    assert.deepEqual(parseCountsAnswer('ok counts 3 0 18446744073709551615', 'p').map(Number.isSafeInteger), [true, true, false]);
    assert.deepEqual(parseCountsAnswer(`${answerWords.ok} ${answerWords.counts}`, 'p'), []);
    assert.equal(parseResumedAnswer('ok resumed 4242', 'p'), 4242);
    assert.throws(() => parseSnapshotAnswer('ok hits', 'process 9'), /unexpected answer from process 9: ok hits/);
  });

  it('an answer of another version, or of the unversioned protocol 1, is refused with one line naming both versions and npm install', () => {
    const refused = (text: string, answered: number) => assert.throws(() => parseAnswer(text), (e: unknown) => {
      assert.ok(e instanceof FredError && e.code === 'protocol-mismatch', String(e));
      assert.equal(e.message.split('\n').length, 1);
      assert.match(e.message, new RegExp(`speaks control protocol ${answered} but this fred speaks ${protocolVersion}: .*run 'npm install'`));
      return true;
    });
    refused(answer('ok snapshot 1 2 3', null), 1);
    refused(answer('ok snapshot 1 2 3', protocolVersion + 1), protocolVersion + 1);
    refused(answer('error why', 1), 1);
  });

  it('FRED_TEST_CONTROL_PROTOCOL makes fred expect another version (for tests of the refusal)', () => {
    const saved = process.env.FRED_TEST_CONTROL_PROTOCOL;
    try {
      process.env.FRED_TEST_CONTROL_PROTOCOL = '99';
      assert.equal(expectedVersion(), 99);
      assert.throws(() => parseAnswer(answer('ok count')), /speaks control protocol 2 but this fred speaks 99/);
    } finally {
      if (saved === undefined) delete process.env.FRED_TEST_CONTROL_PROTOCOL;
      else process.env.FRED_TEST_CONTROL_PROTOCOL = saved;
    }
    assert.equal(expectedVersion(), protocolVersion);
  });
});
