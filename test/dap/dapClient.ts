// A Debug Adapter Protocol client for tests: runs `fred dap` as a child process in its own
// process group and speaks the protocol to it over stdin/stdout, as an editor would.
import { ChildProcess } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { killGroup, spawnGroup, waitFor } from '../helpers/processGroup';

const fredCli = path.resolve(__dirname, '..', '..', 'src', 'fred', 'cli', 'cli.js');

export interface DapMessage { seq: number; type: string; command?: string; event?: string; success?: boolean; message?: string; body?: any } // eslint-disable-line @typescript-eslint/no-explicit-any

export class DapClient {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly events: DapMessage[] = [];
  stderr = '';
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, (response: DapMessage) => void>();
  /** Events not yet taken by nextEvent, in order. */
  private unread: DapMessage[] = [];
  /** Waiting nextEvent calls, tried on each event. */
  private readonly arrived = new Set<() => boolean>();
  /** Where requests go: fred's stdin, or the socket of `fred dap --port`. */
  private out: { write(data: Buffer): unknown };

  /** fredOptions: fred's options after `fred dap`, e.g. ['--cheap-replay', '0']. */
  constructor(fredOptions: string[] = [], cwd?: string) {
    this.child = spawnGroup(process.execPath, [fredCli, 'dap', ...fredOptions], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.out = this.child.stdin!;
    if (!fredOptions.includes('--port')) this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr!.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  /** `fred dap --port PORT`: connects once fred says it listens. */
  static async overSocket(port: number, fredOptions: string[] = []): Promise<DapClient> {
    const client = new DapClient(['--port', String(port), ...fredOptions]);
    await waitFor(`fred dap listening on ${port} (stderr: ${client.stderr})`, () => /listening on/.test(client.stderr));
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    socket.on('data', (chunk: Buffer) => client.receive(chunk));
    client.out = socket;
    return client;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, end).toString())![1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as DapMessage;
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.type === 'request') void this.answerRequest(message);
      else if (message.type === 'response') this.pending.get((message as unknown as { request_seq: number }).request_seq)?.(message);
      else if (message.type === 'event') {
        this.events.push(message);
        this.unread.push(message);
        for (const take of [...this.arrived]) take();
      }
    }
  }

  /** The seq the next request will carry (for a cancel that names it). */
  get nextSeq(): number { return this.seq; }

  /** Requests from the adapter (runInTerminal) and how this client answers them (the response's body). */
  readonly answers = new Map<string, (args: any) => Promise<object>>(); // eslint-disable-line @typescript-eslint/no-explicit-any

  private async answerRequest(request: DapMessage & { arguments?: object }): Promise<void> {
    const answer = this.answers.get(request.command!);
    const response = { seq: this.seq++, type: 'response', request_seq: request.seq, command: request.command };
    let reply: object;
    try {
      reply = answer ? { ...response, success: true, body: await answer(request.arguments ?? {}) } : { ...response, success: false, message: `this client does not answer ${request.command}` };
    } catch (error) {
      reply = { ...response, success: false, message: (error as Error).message };
    }
    const body = Buffer.from(JSON.stringify(reply));
    this.out.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  /** Sends a request and waits for its response (success or not). */
  request(command: string, args: object = {}, timeoutMs = 60000): Promise<DapMessage> {
    const seq = this.seq++;
    const answered = new Promise<DapMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to ${command} within ${timeoutMs} ms; stderr:\n${this.stderr}`)), timeoutMs);
      this.pending.set(seq, (response) => { clearTimeout(timer); this.pending.delete(seq); resolve(response); });
    });
    const body = Buffer.from(JSON.stringify({ seq, type: 'request', command, arguments: args }));
    this.out.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    return answered;
  }

  /** Like request, but a failed response is an error naming the command. */
  async ok(command: string, args: object = {}): Promise<DapMessage> {
    const response = await this.request(command, args);
    if (!response.success) throw new Error(`${command} failed: ${response.message}`);
    return response;
  }

  /** The next event named `name` not read yet (earlier events of other names are skipped); resolves as it arrives. */
  nextEvent(name: string, timeoutMs = 60000): Promise<DapMessage> {
    return new Promise((resolve, reject) => {
      const take = () => {
        const found = this.unread.find((e) => e.event === name);
        if (!found) return false;
        this.unread = this.unread.slice(this.unread.indexOf(found) + 1);
        clearTimeout(timer);
        this.arrived.delete(take);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => { this.arrived.delete(take); reject(new Error(`timed out after ${timeoutMs} ms waiting for the ${name} event; stderr:\n${this.stderr.slice(-500)}`)); }, timeoutMs);
      if (!take()) this.arrived.add(take);
    });
  }

  async end(): Promise<void> {
    await killGroup(this.child.pid!);
  }
}
