// The session's side of the record/replay log that the preloaded library keeps
// (src/checkpointer-native/src/fred_record.h has the layout; the offsets below follow it).
// The program appends to the log and moves through it; the session only reads where the
// live program stands, whether a replay went another way, and decides when the log no
// longer applies: a new path after going back cuts it at the live program's position, a
// new `run` empties it. The file is read and written while the program is stopped.
import * as fs from 'fs';

const MAGIC = 'FREDLOG1';
/** Where the entries start: a fresh log's length. */
const ENTRIES = 4096n;
const OFFSET = {
  full: 12,
  length: 24,
  livePosition: 32,
  liveIndex: 40,
  programPid: 48,
  diverged: 56,
  divergedIndex: 64,
  divergence: 72,
  unrecorded: 520,
  /** Where a live call met a child only the recorded run started (said once; C: fred_record_children.c). */
  liveSaid: 968,
} as const;
const TEXT_BYTES = 448;
const HEADER_BYTES = OFFSET.unrecorded + TEXT_BYTES;

export interface LogState {
  /** Bytes of entries recorded (entries end there). */
  length: bigint;
  /** Where the live program stands, and its entry number. */
  livePosition: bigint;
  liveIndex: number;
  /** A replay asked for other than the log holds: what, in one line. */
  divergence?: string;
  /** A call the log could not hold (it was full), so what follows is not exact. */
  unrecorded?: string;
}

export class RecordLog {
  /** program: the executable that records (gdb starts it through a shell, which must not). */
  constructor(readonly path: string, private readonly program?: string) {}

  /** The environment that makes the program record into this log. */
  environment(): Record<string, string> {
    return this.program ? { FRED_RECORD_LOG: this.path, FRED_RECORD_PROGRAM: this.program } : { FRED_RECORD_LOG: this.path };
  }

  /** Undefined while the program has not created the log yet. */
  read(): LogState | undefined {
    const header = this.header();
    if (!header) return undefined;
    const text = (offset: number) => {
      const raw = header.subarray(offset, offset + TEXT_BYTES);
      const end = raw.indexOf(0);
      return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
    };
    const diverged = header.readUInt32LE(OFFSET.diverged) !== 0;
    return {
      length: header.readBigUInt64LE(OFFSET.length),
      livePosition: header.readBigUInt64LE(OFFSET.livePosition),
      liveIndex: Number(header.readBigUInt64LE(OFFSET.liveIndex)),
      divergence: diverged ? text(OFFSET.divergence) : undefined,
      unrecorded: text(OFFSET.unrecorded) || undefined,
    };
  }

  /** The live program takes a new path from where it stands: the log after that no longer applies. */
  cutAtLive(): void {
    const state = this.read();
    if (!state || state.length <= state.livePosition) return;
    this.write(OFFSET.length, u64(state.livePosition));
  }

  /** A new execution (`run`): nothing recorded, the next launch's pid is the program's. */
  startOver(): void {
    if (!this.header()) return;
    this.write(OFFSET.length, u64(ENTRIES));
    this.write(OFFSET.livePosition, u64(ENTRIES));
    this.write(OFFSET.liveIndex, u64(0n));
    this.write(OFFSET.programPid, Buffer.alloc(8));
    this.write(OFFSET.full, Buffer.alloc(4));
    this.clearDivergence();
    this.write(OFFSET.unrecorded, Buffer.alloc(TEXT_BYTES));
    this.write(OFFSET.liveSaid, Buffer.alloc(8));
  }

  /** The divergence was reported: replays may go on. */
  clearDivergence(): void {
    if (!this.header()) return;
    this.write(OFFSET.diverged, Buffer.alloc(4));
    this.write(OFFSET.divergence, Buffer.alloc(TEXT_BYTES));
  }

  /** A copy of the recorded part, to keep a branch's own log. */
  save(): Buffer | undefined {
    const state = this.read();
    if (!state) return undefined;
    const fd = fs.openSync(this.path, 'r');
    try {
      const bytes = Buffer.alloc(Number(state.length));
      fs.readSync(fd, bytes, 0, bytes.length, 0);
      return bytes;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Put a saved log back (its header included); the live program's position is kept. */
  load(saved: Buffer): void {
    const state = this.read();
    const fd = fs.openSync(this.path, 'r+');
    try {
      fs.writeSync(fd, saved, 0, saved.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (state) {
      this.write(OFFSET.livePosition, u64(state.livePosition));
      this.write(OFFSET.liveIndex, u64(BigInt(state.liveIndex)));
    }
  }

  private header(): Buffer | undefined {
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch {
      return undefined;
    }
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      const n = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
      return n === HEADER_BYTES && header.toString('latin1', 0, 8) === MAGIC ? header : undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  private write(offset: number, bytes: Buffer): void {
    const fd = fs.openSync(this.path, 'r+');
    try {
      fs.writeSync(fd, bytes, 0, bytes.length, offset);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function u64(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return b;
}
