// createGdb: a Debugger for native programs, gdb in a pty with fred's helper commands.
import * as fs from 'fs';
import * as path from 'path';
import { Debugger } from './debugger';
import { gdbPersonality } from './gdbPersonality';
import { PtyDebugger } from './ptyDebugger';
import { LaunchOptions, spawnCommand } from './spawnCommand';

export interface GdbOptions extends LaunchOptions {
  /** gdb's command line after "gdb": [gdb options] PROG [ARGS], or --args PROG ARGS... */
  args: string[];
  /** The gdb executable; default "gdb" (found on PATH). */
  gdbPath?: string;
  /** Skip ~/.gdbinit and the system init files (gdb -nx). Default false. */
  noInitFiles?: boolean;
  /** Keep gdb's colours in what the user sees. Default true. */
  colours?: boolean;
  /** false: the machine's debug registers do not work, gdb must use software watchpoints. */
  hardwareWatchpoints?: boolean;
}

const HELPERS = 'fredGdbHelpers.py';
/** Lets gdb 13 call the program's functions on CPUs with AMX (see the file). */
const INFCALLS = 'gdbInfcalls.py';

/** A helper file next to this file, or in the source tree when running from dist/. */
function helperFile(name: string): string {
  const candidates = [
    path.join(__dirname, name),
    path.resolve(__dirname, '..', '..', '..', 'src', 'debugger-adapters', name),
  ];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`fred's gdb helper ${name} is missing (looked in ${candidates.join(', ')}); reinstall fred`);
  return found;
}

/** fredGdbHelpers.py next to this file, or in the source tree when running from dist/. */
export function gdbHelpersFile(): string {
  return helperFile(HELPERS);
}

export function createGdb(options: GdbOptions): Debugger {
  const gdbArgv = [
    options.gdbPath ?? 'gdb',
    '-q',
    ...(options.noInitFiles ? ['-nx'] : []),
    // Before init files and symbol loading: nothing may stop for a pager or a question.
    '-iex', 'set pagination off',
    '-iex', 'set debuginfod enabled off',
    // without debug registers gdb's hardware watchpoints never trigger: software ones do
    ...(options.hardwareWatchpoints === false ? ['-iex', 'set can-use-hw-watchpoints 0'] : []),
    // before any program is started or attached: gdb decides then how it reads registers
    '-iex', `source ${helperFile(INFCALLS)}`,
    // After init files: whatever they did, the prompt is the one fred recognises.
    '-ex', 'set prompt (gdb) ',
    ...options.args,
  ];
  const personality = gdbPersonality({ helpersFile: gdbHelpersFile(), colours: options.colours });
  return new PtyDebugger(personality, spawnCommand(gdbArgv, options));
}
