// `fred dap [--port N] [fred options]`: the Debug Adapter Protocol on stdin/stdout, or,
// with --port, for one client connecting to 127.0.0.1:N. On stdio, stdout carries only
// protocol messages: anything else that would print there goes to stderr.
import * as net from 'net';
import { Writable } from 'stream';
import { parseCliArguments } from '../cli/cliArguments';
import { describe, FredError } from '../errors';
import { DapServer, DapServerOptions } from './server';

/** --port N, taken out of the arguments (the rest are line mode's options). */
function portOption(argv: string[]): { port?: number; rest: string[] } {
  const at = argv.indexOf('--port');
  if (at < 0) return { rest: argv };
  const port = Number(argv[at + 1]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new FredError('usage', `fred dap --port needs a port number (1-65535), not '${argv[at + 1] ?? ''}'`);
  return { port, rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

export async function runDap(argv: string[]): Promise<number> {
  const { port, rest } = portOption(argv);
  // the same fred options as line mode, parsed by the same parser (the program comes with launch)
  const options = parseCliArguments([...rest, 'gdb', 'program-from-launch']);
  const serverOptions = { policy: options.policy, imageDir: options.imageDir };
  // a fault in one request must not end the editor's session
  process.on('uncaughtException', (error) => process.stderr.write(`fred dap: ${describe(error).line}\n`));
  process.on('unhandledRejection', (error) => process.stderr.write(`fred dap: ${describe(error).line}\n`));
  if (port !== undefined) return serveOnPort(port, serverOptions);
  const writeProtocol = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  console.log = (...items: unknown[]) => process.stderr.write(`${items.join(' ')}\n`);
  const protocolOut = new Writable({ write: (chunk, _encoding, done) => { writeProtocol(chunk, done); } });
  return new Promise((resolve) => {
    const server = new DapServer(serverOptions, () => resolve(0));
    server.start(process.stdin, protocolOut);
    // the client went away without disconnect: the session ends all the same
    process.stdin.on('end', () => server.shutdown());
  });
}

/** One client on 127.0.0.1:PORT; the session ends when it disconnects. */
function serveOnPort(port: number, serverOptions: DapServerOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const listener = net.createServer((socket) => {
      listener.close(); // one session per fred dap
      // the server shuts down when the socket closes (the base class listens for it)
      const server = new DapServer(serverOptions, () => socket.end(() => resolve(0)));
      server.start(socket, socket);
    });
    listener.on('error', (error) => reject(new FredError('usage', `fred dap: cannot listen on 127.0.0.1:${port}: ${error.message}`)));
    listener.listen(port, '127.0.0.1', () => process.stderr.write(`fred dap: listening on 127.0.0.1:${port}\n`));
  });
}
