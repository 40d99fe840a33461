// createPdb: a Debugger for Python scripts, `python3 -m pdb SCRIPT ARGS` in a pty.
import { Debugger } from './debugger';
import { pdbPersonality } from './pdbPersonality';
import { PtyDebugger } from './ptyDebugger';
import { LaunchOptions, spawnCommand } from './spawnCommand';

export interface PdbOptions extends LaunchOptions {
  script: string;
  args?: string[];
  /** The Python interpreter; default "python3" (found on PATH). */
  python?: string;
}

export function createPdb(options: PdbOptions): Debugger {
  const argv = [options.python ?? 'python3', '-m', 'pdb', options.script, ...(options.args ?? [])];
  return new PtyDebugger(pdbPersonality(), spawnCommand(argv, options));
}
