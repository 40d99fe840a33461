// How fred takes and restores snapshots of a pdb session. The whole python3 process
// (interpreter, pdb and the program) is what a snapshot copies:
//   launch:   fred-holder --follow FILE env LD_PRELOAD=libfredckpt.so FRED_CKPT_CONTROL=DIR
//             python3 -m pdb SCRIPT: only python3 gets the library, not fred or the holder.
//   snapshot: at pdb's prompt python3 waits in select() on the terminal; the checkpoint
//             signal interrupts it, the handler forks the frozen copy and readline goes
//             back to waiting. No debugger is involved, so no "stopped" dance as for gdb.
//   restore:  save pdb's own state (breakpoints, displays...) from the live process,
//             resume a copy of the snapshot, tell the holder that the copy now stands for
//             python3, kill the live process, load the saved debugger state into the copy.
//             The copy is in python3's process group (forks keep it), which stays the
//             terminal's foreground group, and it continues inside readline exactly as
//             the snapshot left it: same prompt on screen, same terminal modes (readline
//             set them; the killed process never got to reset them), so echo and line
//             editing go on as before.
//   before the start: pdb starts stopped at the script's first line, so the session
//             takes a snapshot right after launch; killProgram restores it (or, should it
//             be gone, sends pdb's own `restart`).
import * as fs from 'fs';
import * as path from 'path';
import { ProgramStatus } from '../../debugger-adapters/debugger';
import { isAlive } from '../checkpointer/checkpointControl';
import { debuggerExited } from '../errors';
import { preloadLibrary, sessionHolder } from '../checkpointer/nativePaths';
import { RestorablePdb } from './pdbDebugger';
import { ProgramControl } from '../session/session';
import { Snapshot, SnapshotStore } from '../session/snapshots';

export const pdbPrompt = '(Pdb) ';
const STATE_HELPER = 'fredPdbState.py';

/** The holder's follow file in the session's control directory. */
export function followFileOf(controlDir: string): string { return path.join(controlDir, 'holder.follow'); }

/** argv in front of `python3 -m pdb ...`: the holder, then env to preload the library into python3 only. */
export function pdbWrapper(controlDir: string, programEnvironment: Record<string, string> = {}): string[] {
  const preload = process.env.LD_PRELOAD ? `${preloadLibrary}:${process.env.LD_PRELOAD}` : preloadLibrary;
  // the record log starts paused: python3's start-up and pdb's prompt are not the program's
  const record = Object.keys(programEnvironment).length ? ['FRED_RECORD_PAUSED=1'] : [];
  const environment = Object.entries(programEnvironment).map(([name, value]) => `${name}=${value}`);
  return [sessionHolder, '--follow', followFileOf(controlDir), 'env', `LD_PRELOAD=${preload}`, `FRED_CKPT_CONTROL=${controlDir}`, ...environment, ...record];
}

/** fredPdbState.py next to this file, or in the source tree when running from dist/. */
function stateHelperFile(): string {
  const candidates = [path.join(__dirname, STATE_HELPER), path.resolve(__dirname, '..', '..', '..', '..', 'src', 'fred', 'pdb', STATE_HELPER)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`fred's pdb helper ${STATE_HELPER} is missing (looked in ${candidates.join(', ')}); reinstall fred`);
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PdbProcessControl implements ProgramControl {
  private pid?: number;
  /** The snapshot taken at launch: the program before its first command. */
  startSnapshot?: Snapshot;
  private readonly statusAt = new Map<number, ProgramStatus>();
  private readonly helper = stateHelperFile();
  private readonly stateFile: string;

  constructor(private readonly pdb: RestorablePdb, private readonly store: SnapshotStore, private readonly controlDir: string) {
    this.stateFile = path.join(controlDir, 'pdb-state');
  }

  /** fred's own commands: never shown, never repeated by an empty line, status untouched. */
  private async run(command: string): Promise<string> {
    const out = await this.pdb.execute(command, { silent: true, keepStatus: true });
    if (out.debuggerExited) throw debuggerExited('pdb', `while fred ran '${command.slice(0, 60)}'`);
    return out.text;
  }

  /** The python3 process: interpreter, pdb and program. */
  async programPid(): Promise<number | undefined> {
    if (this.pid === undefined || !isAlive(this.pid)) this.pid = await this.pdb.programPid();
    return this.pid;
  }

  async snapshot(): Promise<Snapshot | undefined> {
    const pid = await this.programPid();
    if (!pid) return undefined;
    const snapshot = await this.store.take(pid);
    this.statusAt.set(snapshot.id, this.pdb.status());
    return snapshot;
  }

  async restore(snapshot: Snapshot): Promise<void> {
    const old = await this.programPid();
    if (old) await this.debuggerState('save');
    const pid = await this.store.resume(snapshot.id);
    this.announce(pid);
    if (old) await killAndWait(old);
    this.pid = pid;
    if (old) await this.debuggerState('load');
    this.pdb.assumeStatus(this.statusAt.get(snapshot.id) ?? { kind: 'stopped', reason: 'other' });
  }

  /** Tell fred-holder that pid stands for python3 now (it must not end the session when the old one dies). */
  private announce(pid: number): void {
    const file = followFileOf(this.controlDir);
    fs.writeFileSync(`${file}.tmp`, `${pid}\n`, { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
    process.kill(this.pdb.pid, 'SIGUSR1');
  }

  /** Put fred's helper module into python3 (before the first snapshot, so every copy has it). */
  async installHelper(): Promise<void> {
    const source = `__import__('io').open(${JSON.stringify(this.helper)}, 'rb').read()`;
    const text = await this.run(`p exec(compile(${source}, ${JSON.stringify(this.helper)}, 'exec'), {'__name__': '_fred_pdb', 'fred_file': ${JSON.stringify(this.stateFile)}})`);
    if (text.trim() !== 'None') throw new Error(`fred could not load its pdb helper ${this.helper}: ${text.trim()}`);
  }

  /** Save the live pdb's own state to a file, or load it into a restored copy (fredPdbState.py). */
  private async debuggerState(action: 'save' | 'load'): Promise<void> {
    let text = await this.run(`p __import__('_fred_pdb').${action}()`);
    if (/No module named '_fred_pdb'/.test(text)) {
      await this.installHelper(); // the program emptied sys.modules
      text = await this.run(`p __import__('_fred_pdb').${action}()`);
    }
    if (text.trim() !== 'None') throw new Error(`fred could not ${action} pdb's breakpoints and displays: ${text.trim()}`);
  }

  /** What pdb shows after a stop: `> file(line)function()` and `-> source line`. */
  async showLocation(): Promise<string> {
    const text = await this.run('where');
    const lines = text.split('\n');
    const current = lines.findIndex((line) => line.startsWith('> '));
    const entry = current < 0 ? text.trim() : [lines[current], lines[current + 1] ?? ''].join('\n').trimEnd();
    const status = this.pdb.status();
    if (status.kind !== 'exited') return [entry, await this.changedDisplays()].filter((t) => t).join('\n');
    return `[the program has finished${status.code ? ` with status ${status.code}` : ''}; pdb restarts it here]\n${entry}`;
  }

  /** pdb's `display d: new  [old: seen]` lines, for what changed since the user last saw it. */
  private async changedDisplays(): Promise<string> {
    const text = await this.run("p __import__('_fred_pdb').shown_displays()");
    if (/^\*\*\* /m.test(text)) return ''; // the program emptied sys.modules: the next restore reinstalls the helper
    return text.replace(/\r/g, '').replace(/\n?None\s*$/, '').trimEnd();
  }

  /** pdb has no "no program": the program before its first command is the launch snapshot. */
  async killProgram(): Promise<void> {
    if (this.startSnapshot) {
      try {
        await this.restore(this.store.get(this.startSnapshot.id));
        return;
      } catch {
        this.startSnapshot = undefined; // gone: fall back to pdb's own restart
      }
    }
    await this.pdb.execute('restart', { silent: true });
  }
}

async function killAndWait(pid: number): Promise<void> {
  try { process.kill(pid, 'SIGKILL'); } catch { return; }
  for (let delay = 0.5; isAlive(pid); delay = Math.min(delay * 2, 10)) await sleep(delay);
}
