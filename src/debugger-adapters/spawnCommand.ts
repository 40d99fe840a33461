// How an adapter's options become the pty's command line and environment: an optional
// wrapper (fred-holder) goes in front of the debugger, extra variables on top of ours.
import { PtySpawnOptions } from './ptyDriver';

export interface LaunchOptions {
  /** argv put in front of the debugger, e.g. ["build/native/Release/fred-holder"]. */
  wrapper?: string[];
  /** Variables added to (or overriding) fred's own environment. */
  env?: Record<string, string>;
  cwd?: string;
  cols?: number;
  rows?: number;
  /** Sees what is written to the debugger's terminal and read from it. */
  transcript?: (direction: 'sent' | 'received', data: string) => void;
}

export function spawnCommand(debuggerArgv: string[], options: LaunchOptions): PtySpawnOptions {
  const argv = [...(options.wrapper ?? []), ...debuggerArgv];
  return {
    file: argv[0],
    args: argv.slice(1),
    env: { ...process.env, ...(options.env ?? {}) },
    cwd: options.cwd,
    cols: options.cols,
    rows: options.rows,
    transcript: options.transcript,
  };
}
