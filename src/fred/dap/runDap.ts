// `fred dap [fred options]`: the Debug Adapter Protocol on stdin/stdout. stdout carries
// only protocol messages: anything else that would print there goes to stderr.
import { parseCliArguments } from '../cliArguments';
import { describe } from '../errors';
import { DapServer } from './server';
import { DapWire } from './wire';

export async function runDap(argv: string[]): Promise<number> {
  // the same fred options as line mode, parsed by the same parser (the program comes with launch)
  const options = parseCliArguments([...argv, 'gdb', 'program-from-launch']);
  const writeProtocol = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  console.log = (...items: unknown[]) => process.stderr.write(`${items.join(' ')}\n`);
  // a fault in one request must not end the editor's session
  process.on('uncaughtException', (error) => process.stderr.write(`fred dap: ${describe(error).line}\n`));
  process.on('unhandledRejection', (error) => process.stderr.write(`fred dap: ${describe(error).line}\n`));
  const wire = new DapWire(process.stdin, (data) => writeProtocol(data));
  return new Promise((resolve) => {
    const server = new DapServer(wire, { policy: options.policy, imageDir: options.imageDir }, () => resolve(0));
    process.stdin.on('end', () => void server.shutdown());
  });
}
