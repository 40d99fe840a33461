// The Debug Adapter Protocol's wire format: each message is a JSON object after a
// "Content-Length: N" header and an empty line (N counts bytes, not characters).
import { Readable } from 'stream';

const HEADER_END = Buffer.from('\r\n\r\n');

export class DapWire {
  private buffer = Buffer.alloc(0);
  private listener: (message: Record<string, unknown>) => void = () => undefined;

  constructor(input: Readable, private readonly write: (data: Buffer) => void) {
    input.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  onMessage(listener: (message: Record<string, unknown>) => void): void {
    this.listener = listener;
  }

  send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) return;
      const length = /Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'));
      if (!length) {
        // not a header we understand: drop it and look for the next one
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        continue;
      }
      const start = end + HEADER_END.length;
      const size = Number(length[1]);
      if (this.buffer.length < start + size) return;
      const body = this.buffer.subarray(start, start + size).toString('utf8');
      this.buffer = this.buffer.subarray(start + size);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(body);
      } catch {
        continue; // a body that is not JSON cannot be answered: it has no seq
      }
      this.listener(message);
    }
  }
}
