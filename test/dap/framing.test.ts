// The DAP framing as fred's server speaks it (no program: `threads` needs none): requests
// (with multi-byte text) split anywhere or several in one chunk are read, a header without a length and a body
// that is not JSON are skipped without ending the session, and each answer's header
// counts the bytes of its body.
import * as assert from 'assert';
import { PassThrough } from 'stream';
import { DapServer } from '../../src/fred/dap/server';

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

/** The messages in OUT's bytes, checking that each header counts its body's bytes. */
function messages(out: Buffer): Array<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const found = [];
  let rest = out;
  while (rest.length) {
    const end = rest.indexOf('\r\n\r\n');
    const length = Number(/^Content-Length: (\d+)$/.exec(rest.subarray(0, end).toString('ascii'))![1]);
    const body = rest.subarray(end + 4, end + 4 + length);
    assert.strictEqual(body.length, length, 'a header promises more bytes than came');
    found.push(JSON.parse(body.toString('utf8')));
    rest = rest.subarray(end + 4 + length);
  }
  return found;
}

describe('DAP framing of fred dap', () => {
  it('reads requests split anywhere and several per chunk; skips junk; answers with byte counts', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const written: Buffer[] = [];
    output.on('data', (d: Buffer) => written.push(d));
    const server = new DapServer({ policy: {} as never, imageDir: '/nonexistent' }, () => undefined);
    server.start(input, output);
    const bytes = Buffer.concat([
      frame({ seq: 1, type: 'request', command: 'threads', arguments: { note: 'héllo ✓' } }),
      Buffer.from('X-Junk: 1\r\n\r\n'),
      Buffer.from('Content-Length: 5\r\n\r\n{not}'),
      frame({ seq: 2, type: 'request', command: 'goto', arguments: { name: 'ünïcode ✓' } }),
      frame({ seq: 3, type: 'request', command: 'threads' }),
    ]);
    for (let i = 0; i < bytes.length; i += 7) input.write(bytes.subarray(i, i + 7));
    await new Promise((resolve) => setImmediate(resolve));
    const answers = messages(Buffer.concat(written));
    assert.deepStrictEqual(answers.map((m) => [m.type, m.request_seq, m.success]), [['response', 1, true], ['response', 2, false], ['response', 3, true]]);
    assert.deepStrictEqual(answers[0].body, { threads: [{ id: 1, name: 'main' }] });
    assert.match(answers[1].message, /does not handle the goto request/);
    assert.deepStrictEqual(answers.map((m) => m.seq), [1, 2, 3]);
  });
});
