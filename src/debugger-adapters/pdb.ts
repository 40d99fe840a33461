// createPdb: a Debugger for Python scripts, `python3 -m pdb SCRIPT ARGS` in a pty;
// createRestoredPdb: the same for a pdb session restarted from a checkpoint image.
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

/**
 * A `python3 -m pdb` process restarted from a checkpoint image by `restarter` (argv of
 * fred-exec restart IMAGE): it comes back at its (Pdb) prompt, which it prints again.
 */
export function createRestoredPdb(restarter: string[], options: LaunchOptions): Debugger {
  return new PtyDebugger(pdbPersonality(), spawnCommand(restarter, options));
}
