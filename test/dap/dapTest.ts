// Small helpers shared by the DAP scenario tests: marker lines, compiled demo programs,
// a launched client, and what an editor shows after a stop.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DapClient } from './dapClient';

export const programs = path.resolve(__dirname, '..', '..', '..', 'test', 'dap', 'programs');

/** The 1-based line of FILE holding MARKER. */
export function lineOf(file: string, marker: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`no ${marker} line in ${file}`);
  return index + 1;
}

/** test/dap/programs/NAME.c compiled (gcc -g -O0); NAME.py as it is. */
export function demo(kind: 'gdb' | 'pdb', name: string): { program: string; source: string } {
  const source = path.join(programs, `${name}.${kind === 'gdb' ? 'c' : 'py'}`);
  if (kind === 'pdb') return { program: source, source };
  return { program: compiled(source), source };
}

let binaries: string | undefined;
/** A C SOURCE compiled (gcc -g -O0) into this process's own directory (parallel test workers compile the same demos), removed when the process exits. */
export function compiled(source: string): string {
  if (!binaries) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-dap-programs-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    binaries = dir;
  }
  const binary = path.join(binaries, path.basename(source, '.c'));
  execFileSync('gcc', ['-g', '-O0', '-o', binary, source]);
  return binary;
}

/** A client past initialize and launch (the initialized event arrived). */
export async function launched(kind: 'gdb' | 'pdb', program: string, options: { fred?: string[]; launch?: object; initialize?: object } = {}): Promise<DapClient> {
  const client = new DapClient(options.fred ?? [], os.tmpdir());
  await client.ok('initialize', { adapterID: 'fred', ...options.initialize });
  await client.ok('launch', { program, debugger: kind, ...options.launch });
  await client.nextEvent('initialized');
  return client;
}

export interface View { frames: string[]; locals: Record<string, string> }

/** The stack (function:line) and the innermost frame's locals whose values are plain (no children). */
export async function view(client: DapClient): Promise<View> {
  const trace = await client.ok('stackTrace', { threadId: 1 });
  const frames = trace.body.stackFrames.map((f: { name: string; line: number }) => `${f.name}:${f.line}`);
  const scopes = await client.ok('scopes', { frameId: trace.body.stackFrames[0].id });
  const variables = await client.ok('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
  const locals: Record<string, string> = {};
  for (const v of variables.body.variables as Array<{ name: string; value: string; variablesReference: number }>) if (v.variablesReference === 0) locals[v.name] = v.value;
  return { frames, locals };
}

/** Sends a stepping request and waits for the stop. */
export async function stepped(client: DapClient, command: string, args: object = {}): Promise<View> {
  await client.ok(command, { threadId: 1, ...args });
  await client.nextEvent('stopped');
  return view(client);
}

/** The text of every output event so far. */
export function outputSoFar(client: DapClient): string {
  return client.events.filter((e) => e.event === 'output').map((e) => e.body.output).join('');
}
