// The DAP framing on its own (pure logic): Content-Length counts bytes, messages may be
// split across chunks or share one, and a header without a length is skipped.
import * as assert from 'assert';
import { PassThrough } from 'stream';
import { DapWire } from '../../src/fred/dap/wire';

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

describe('DAP wire framing', () => {
  it('reads messages split anywhere, several per chunk, with multi-byte text', () => {
    const input = new PassThrough();
    const received: Array<Record<string, unknown>> = [];
    new DapWire(input, () => undefined).onMessage((m) => received.push(m));
    const bytes = Buffer.concat([frame({ seq: 1, text: 'héllo ✓' }), Buffer.from('X-Junk: 1\r\n\r\n'), frame({ seq: 2 }), frame({ seq: 3 })]);
    for (let i = 0; i < bytes.length; i += 7) input.write(bytes.subarray(i, i + 7));
    assert.deepStrictEqual(received, [{ seq: 1, text: 'héllo ✓' }, { seq: 2 }, { seq: 3 }]);
  });

  it('writes a header whose length is the body\'s byte count', () => {
    const written: Buffer[] = [];
    new DapWire(new PassThrough(), (data) => written.push(data)).send({ text: 'é' });
    const text = Buffer.concat(written).toString('utf8');
    assert.strictEqual(text, `Content-Length: ${Buffer.byteLength('{"text":"é"}')}\r\n\r\n{"text":"é"}`);
  });
});
