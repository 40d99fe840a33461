// Snapshots: frozen forked copies of a process running libfredckpt.so, kept in memory for
// as long as the session that made them (see src/checkpointer-native/src/fred_snapshot.c).
// The copy is made in the process's checkpoint handler; it answers commands left in the
// control directory: resume (fork a live copy of itself), discard, spill (write an image)
// (the words are controlProtocol.ts's).
import * as fs from 'fs';
import * as path from 'path';
import { SeriesSpacing } from '../../history/probing';
import { awaitAnswerFile } from '../checkpointer/answerWatch';
import { CheckpointTarget, isAlive, leaveRequest, resultFile, targetOf, writeAtomic } from '../checkpointer/checkpointControl';
import {
  parseAnswer, parseCountsAnswer, parseResumedAnswer, parseSnapshotAnswer, parseSpilledAnswer, SnapshotCommand, snapshotAnswerFile,
  snapshotCommandFile, snapshotCommandLine, seriesAnswerFile,
} from '../checkpointer/controlProtocol';
import { FredError } from '../errors';

export interface Snapshot {
  id: number;
  /** pid of the frozen copy */
  copyPid: number;
  /** pid of the process it was taken from */
  sourcePid: number;
  /** program counter where the snapshot resumes (hex, no 0x) */
  pc: string;
  takenAt: number;
  /** resident size of the source when taken, in bytes (a bound on what the copy can cost) */
  bytes: number;
  /** the program had shared memory: ask (check) before giving up the live program for it */
  shared?: boolean;
}

function residentBytes(pid: number): number {
  try {
    const pages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * 4096;
  } catch {
    return 0;
  }
}

export class SnapshotStore {
  private readonly snapshots = new Map<number, Snapshot>();
  private nextId = 1;

  /**
   * controlDir: the session's control directory. A process restored from an image shows
   * its old environment in /proc, but it talks to the session that restarted it.
   */
  constructor(private readonly controlDir?: string) {}

  private target(pid: number): CheckpointTarget {
    const target = targetOf(pid);
    return this.controlDir ? { ...target, controlDir: this.controlDir } : target;
  }

  list(): Snapshot[] { return [...this.snapshots.values()]; }

  get(id: number): Snapshot {
    const snapshot = this.snapshots.get(id);
    if (!snapshot) throw new FredError('no-snapshot', `no snapshot ${id} (it was discarded or never taken); fred-info lists the snapshots`);
    return snapshot;
  }

  /**
   * First half of a snapshot: leave the request for pid. The caller then makes the
   * process take the checkpoint signal (kill, or a debugger's queue-signal) and calls collect.
   */
  prepare(pid: number): { target: CheckpointTarget; id: number } {
    const target = this.target(pid);
    const id = this.nextId++;
    leaveRequest(target, { kind: 'snapshot', id });
    return { target, id };
  }

  /** Second half: wait for the frozen copy's answer. */
  async collect(prepared: { target: CheckpointTarget; id: number }): Promise<Snapshot> {
    const { target } = prepared;
    const line = await awaitAnswerFile(resultFile(target.controlDir, target.pid), `snapshot of process ${target.pid}`, () => isAlive(target.pid),
      120000, 'the process died before its snapshot was taken');
    const answer = parseSnapshotAnswer(line, `process ${target.pid}`);
    if (answer.id !== prepared.id) throw new Error(`unexpected snapshot answer from process ${target.pid}: ${line}`);
    const snapshot = { id: prepared.id, copyPid: answer.copyPid, sourcePid: target.pid, pc: answer.pc, takenAt: Date.now(), bytes: residentBytes(target.pid),
      shared: answer.shared };
    this.snapshots.set(snapshot.id, snapshot);
    return snapshot;
  }

  /**
   * Ask pid for a series (see fred_search.h): ids are reserved here; the caller then makes
   * the process take the checkpoint signal and calls searchArmed, then lets it run.
   */
  prepareSeries(pid: number, spacing: SeriesSpacing, max: number): { target: CheckpointTarget; firstId: number } {
    const target = this.target(pid);
    const firstId = this.nextId;
    this.nextId += max;
    leaveRequest(target, 'cpuNs' in spacing
      ? { kind: 'series', firstId, cpuNs: Math.max(1, Math.round(spacing.cpuNs)), max }
      : { kind: 'hitseries', firstId, address: spacing.address, every: spacing.executions, max });
    return { target, firstId };
  }

  /** Ask pid to stop just before it executes `address` for the count-th time. */
  prepareCountedStop(pid: number, address: bigint, count: number): { target: CheckpointTarget } {
    const target = this.target(pid);
    leaveRequest(target, { kind: 'hits', address, count });
    return { target };
  }

  /** Ask pid to count executions of each address (up to 4) until a countread request. */
  prepareCounters(pid: number, addresses: readonly bigint[]): { target: CheckpointTarget } {
    const target = this.target(pid);
    leaveRequest(target, { kind: 'count', addresses });
    return { target };
  }

  /** Ask pid for its counts (and to stop counting). */
  prepareCountRead(pid: number): { target: CheckpointTarget } {
    const target = this.target(pid);
    leaveRequest(target, { kind: 'countread' });
    return { target };
  }

  /** The counts the handler answered to a countread request. */
  countsRead(prepared: { target: CheckpointTarget }): number[] {
    const line = this.searchAnswer(prepared.target);
    const counts = parseCountsAnswer(line, `process ${prepared.target.pid}`);
    if (counts.some((c) => !Number.isSafeInteger(c))) throw new Error(`process ${prepared.target.pid} could not read its execution counters`);
    return counts;
  }

  /** The handler's answer to a series or counted-stop request (written before it returned). */
  searchArmed(prepared: { target: CheckpointTarget }): void {
    this.searchAnswer(prepared.target);
  }

  private searchAnswer(target: CheckpointTarget): string {
    let text = '';
    try {
      text = fs.readFileSync(resultFile(target.controlDir, target.pid), 'utf8');
    } catch {
      throw new Error(`process ${target.pid} did not answer fred's request (is libfredckpt.so preloaded?)`);
    }
    const answer = parseAnswer(text);
    if (!answer.ok) throw new Error(`process ${target.pid}: ${answer.reason}`);
    return answer.line;
  }

  /**
   * The snapshots a series took, oldest first (each answered before the program went on).
   * A snapshot that failed ended the series there: the search goes on with fewer points
   * (counted stops need no snapshot).
   */
  collectSeries(prepared: { target: CheckpointTarget; firstId: number }, max: number): Snapshot[] {
    const { target, firstId } = prepared;
    const taken: Snapshot[] = [];
    for (let id = firstId; id < firstId + max; id++) {
      const file = seriesAnswerFile(target.controlDir, id, target.pid);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        break;
      }
      fs.rmSync(file, { force: true });
      const answer = parseAnswer(text);
      if (!answer.ok) break;
      let answered: ReturnType<typeof parseSnapshotAnswer>;
      try {
        answered = parseSnapshotAnswer(answer.line, `process ${target.pid}`);
      } catch {
        break;
      }
      if (answered.id !== id) break;
      const snapshot = { id, copyPid: answered.copyPid, sourcePid: target.pid, pc: answered.pc, takenAt: Date.now(), bytes: residentBytes(target.pid),
        shared: answered.shared };
      this.snapshots.set(id, snapshot);
      taken.push(snapshot);
    }
    return taken;
  }

  /** Snapshot a running (not traced-stopped) process: signal it directly. */
  async take(pid: number): Promise<Snapshot> {
    const prepared = this.prepare(pid);
    process.kill(pid, prepared.target.signal);
    return this.collect(prepared);
  }

  private async command(snapshot: Snapshot, command: SnapshotCommand): Promise<string> {
    if (!isAlive(snapshot.copyPid)) {
      this.snapshots.delete(snapshot.id);
      throw new FredError('no-snapshot', `snapshot ${snapshot.id} is gone (its frozen copy, pid ${snapshot.copyPid}, was killed)`);
    }
    const target = this.target(snapshot.copyPid);
    const answer = snapshotAnswerFile(target.controlDir, snapshot.copyPid);
    const line = snapshotCommandLine(command);
    fs.rmSync(answer, { force: true });
    writeAtomic(snapshotCommandFile(target.controlDir, snapshot.copyPid), `${line}\n`);
    process.kill(snapshot.copyPid, target.signal);
    return awaitAnswerFile(answer, `snapshot ${snapshot.id} (${line.split(' ')[0]})`, () => isAlive(snapshot.copyPid),
      120000, `its frozen copy (pid ${snapshot.copyPid}) died`);
  }

  /**
   * A new live process at the snapshot's state; the snapshot stays for later resumes.
   * With stop, the new process stops itself (SIGSTOP) inside the handler, for a debugger.
   */
  async resume(id: number, options: { stop?: boolean } = {}): Promise<number> {
    const line = await this.command(this.get(id), { kind: 'resume', stop: options.stop ?? false });
    return parseResumedAnswer(line, `snapshot ${id}`);
  }

  /**
   * Throws (naming the mapping) when a resume of the snapshot would be refused because its
   * shared memory cannot be given its contents of that time; call it before giving up the
   * live program. Free for a snapshot of a program without shared memory.
   */
  async check(id: number): Promise<void> {
    const snapshot = this.get(id);
    if (snapshot.shared) await this.command(snapshot, { kind: 'check' });
  }

  /** Write the snapshot as an ordinary image while everything else keeps running. */
  async spill(id: number, file: string): Promise<{ path: string; bytes: number }> {
    const snapshot = this.get(id);
    const dir = path.dirname(path.resolve(file));
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new FredError('checkpoint-failed', `cannot write an image in ${dir}: not writable; choose another path`);
    }
    const image = path.resolve(file);
    try {
      return parseSpilledAnswer(await this.command(snapshot, { kind: 'spill', path: image }), `snapshot ${id}`);
    } catch (error) {
      removeDeadWritersFiles(image);
      throw error;
    }
  }

  /** Forget the snapshots whose frozen copy died (killed from outside); returns their ids. */
  forgetDead(): number[] {
    const dead = [...this.snapshots.values()].filter((s) => !isAlive(s.copyPid)).map((s) => s.id);
    for (const id of dead) this.snapshots.delete(id);
    return dead;
  }

  has(id: number): boolean { return this.snapshots.has(id); }

  async discard(id: number): Promise<void> {
    const snapshot = this.get(id);
    this.snapshots.delete(id);
    if (!isAlive(snapshot.copyPid)) return;
    try {
      await this.command(snapshot, { kind: 'discard' });
    } catch {
      try { process.kill(snapshot.copyPid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }

  async discardAll(): Promise<void> {
    for (const id of [...this.snapshots.keys()]) await this.discard(id);
  }
}

/**
 * A writer killed between naming its finished image IMAGE.tmpPID and renaming it to IMAGE
 * leaves that file beside the images (fred_image_write.c): remove the ones whose writer is dead.
 */
function removeDeadWritersFiles(image: string): void {
  const prefix = `${path.basename(image)}.tmp`;
  let names: string[];
  try { names = fs.readdirSync(path.dirname(image)); } catch { return; }
  for (const name of names) {
    const writer = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    if (Number.isInteger(writer) && writer > 0 && !isAlive(writer)) fs.rmSync(path.join(path.dirname(image), name), { force: true });
  }
}
