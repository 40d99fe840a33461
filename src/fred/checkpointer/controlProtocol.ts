// The control protocol between fred and the native checkpointer (libfredckpt.so in the
// program, its frozen snapshot copies, fred-exec's supervisor of static programs): every
// word, file name and number of it on the TypeScript side, with typed requests and parsed
// answers. The C side defines the same in src/checkpointer-native/include/fred_control.h,
// which says how the exchange goes; test/unit/controlProtocol.test.ts checks that the two
// agree. No other file spells a word of the protocol.
import * as path from 'path';
import { FredError } from '../errors';

/** FRED_CONTROL_PROTOCOL: 1 had no protocol line; 2 begins every answer with it. */
export const protocolVersion = 2;
/** FRED_CONTROL_HELLO: the protocol line is "fred-control VERSION". */
export const protocolHello = 'fred-control';
/** FRED_CONTROL_DIR_DEFAULT (printf pattern: uid). */
export const defaultControlDirPattern = '/tmp/fred-ckpt-%u';

/** FRED_IMAGE_DEFAULT_NAME: the image of a bare signal (printf pattern: program name, pid). */
export const defaultImageNamePattern = 'fred-%s-%d.img';

/** FRED_FILE_*: files in the control directory, as printf patterns of their numbers. */
export const controlFiles = {
  request: 'req.%d',             // pid
  answer: 'res.%d',              // pid
  writer: 'wrk.%d',              // pid: holds the pid of the copy writing its image
  seriesAnswer: 'ser.%d.%d',     // snapshot id, pid
  snapshotCommand: 'snap.%d.cmd', // pid of the frozen copy
  snapshotAnswer: 'snap.%d.res', // pid of the frozen copy
} as const;

/** FRED_REQ_*: the first word of a request. */
export const requestWords = {
  image: 'image',
  snapshot: 'snapshot',
  series: 'series',
  hitseries: 'hitseries',
  hits: 'hits',
  count: 'count',
  countread: 'countread',
} as const;
/** FRED_COUNT_MAX: addresses in one count request. */
export const countMax = 4;

/** FRED_CMD_*: commands to a frozen copy. */
export const snapshotCommandWords = {
  resume: 'resume',
  resumeStop: 'resume-stop',
  check: 'check',
  discard: 'discard',
  spill: 'spill',
} as const;

/** FRED_ANS_*: "ok" and the request's word (or one of these), or "error" and why. */
export const answerWords = {
  ok: 'ok',
  error: 'error',
  shared: 'shared',
  counts: 'counts',
  resumed: 'resumed',
  checked: 'checked',
  discarded: 'discarded',
  spilled: 'spilled',
} as const;

/** FRED_SIGNAL_*: the checkpoint signal's default (SIGUSR2), the series' and the search stop's. */
export const controlSignals = { checkpoint: 12, series: 41, stop: 40 } as const;

/** Every definition above under its name in fred_control.h, for the test that compares the two sides. */
export function definitionsByCName(): Map<string, string | number> {
  const byName = new Map<string, string | number>([
    ['FRED_CONTROL_PROTOCOL', protocolVersion], ['FRED_CONTROL_HELLO', protocolHello],
    ['FRED_CONTROL_DIR_DEFAULT', defaultControlDirPattern], ['FRED_IMAGE_DEFAULT_NAME', defaultImageNamePattern], ['FRED_COUNT_MAX', countMax],
  ]);
  const cName = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  const groups: [string, Record<string, string | number>][] = [
    ['FRED_FILE_', controlFiles], ['FRED_REQ_', requestWords], ['FRED_CMD_', snapshotCommandWords],
    ['FRED_ANS_', answerWords], ['FRED_SIGNAL_', controlSignals],
  ];
  for (const [prefix, words] of groups) for (const [key, value] of Object.entries(words)) byName.set(prefix + cName(key), value);
  return byName;
}

// ---- files ----

function fileName(pattern: string, ...numbers: number[]): string {
  return pattern.replace(/%d/g, () => String(numbers.shift()));
}

/** The name of the image a bare signal makes pid write (the directory is FRED_CKPT_DIR or its cwd). */
export function defaultImageName(programName: string, pid: number): string {
  return defaultImageNamePattern.replace('%s', () => programName).replace('%d', String(pid));
}

export function defaultControlDir(): string { return defaultControlDirPattern.replace('%u', String(process.getuid!())); }
export function requestFile(dir: string, pid: number): string { return path.join(dir, fileName(controlFiles.request, pid)); }
export function answerFile(dir: string, pid: number): string { return path.join(dir, fileName(controlFiles.answer, pid)); }
export function writerFile(dir: string, pid: number): string { return path.join(dir, fileName(controlFiles.writer, pid)); }
export function seriesAnswerFile(dir: string, id: number, pid: number): string { return path.join(dir, fileName(controlFiles.seriesAnswer, id, pid)); }
export function snapshotCommandFile(dir: string, copyPid: number): string { return path.join(dir, fileName(controlFiles.snapshotCommand, copyPid)); }
export function snapshotAnswerFile(dir: string, copyPid: number): string { return path.join(dir, fileName(controlFiles.snapshotAnswer, copyPid)); }

// ---- requests and commands ----

export type ControlRequest =
  | { kind: 'image'; path: string }
  | { kind: 'snapshot'; id: number }
  /** a snapshot every cpuNs of the program's own CPU time, up to max */
  | { kind: 'series'; firstId: number; cpuNs: number; max: number }
  /** a snapshot just before every `every`-th execution of address, up to max */
  | { kind: 'hitseries'; firstId: number; address: bigint; every: number; max: number }
  /** stop just before the count-th execution of address */
  | { kind: 'hits'; address: bigint; count: number }
  /** count executions of each address until countread */
  | { kind: 'count'; addresses: readonly bigint[] }
  | { kind: 'countread' };

const hex = (address: bigint) => address.toString(16);

/** The request's line (without the newline). */
export function requestLine(request: ControlRequest): string {
  switch (request.kind) {
    case 'image': return `${requestWords.image} ${request.path}`;
    case 'snapshot': return `${requestWords.snapshot} ${request.id}`;
    case 'series': return `${requestWords.series} ${request.firstId} ${request.cpuNs} ${request.max}`;
    case 'hitseries': return `${requestWords.hitseries} ${request.firstId} ${hex(request.address)} ${request.every} ${request.max}`;
    case 'hits': return `${requestWords.hits} ${hex(request.address)} ${request.count}`;
    case 'count':
      if (request.addresses.length > countMax) throw new Error(`at most ${countMax} addresses can be counted at once`);
      return `${requestWords.count} ${request.addresses.map(hex).join(' ')}`;
    case 'countread': return requestWords.countread;
  }
}

export type SnapshotCommand = { kind: 'resume'; stop: boolean } | { kind: 'check' } | { kind: 'discard' } | { kind: 'spill'; path: string };

export function snapshotCommandLine(command: SnapshotCommand): string {
  switch (command.kind) {
    case 'resume': return command.stop ? snapshotCommandWords.resumeStop : snapshotCommandWords.resume;
    case 'check': return snapshotCommandWords.check;
    case 'discard': return snapshotCommandWords.discard;
    case 'spill': return `${snapshotCommandWords.spill} ${command.path}`;
  }
}

// ---- answers ----

/** The version fred expects; FRED_TEST_CONTROL_PROTOCOL pretends another (tests of the refusal only). */
export function expectedVersion(): number {
  return Number(process.env.FRED_TEST_CONTROL_PROTOCOL) || protocolVersion;
}

/** The one line a user sees when the native part speaks another version of the protocol. */
export function versionMismatch(answered: number, expected = expectedVersion()): FredError {
  return new FredError('protocol-mismatch',
    `fred's native checkpointer (libfredckpt.so, fred-exec) speaks control protocol ${answered} but this fred speaks ${expected}: ` +
    `they were built from different versions; run 'npm install' in fred's directory to rebuild them`);
}

export type Answer = { ok: true; line: string } | { ok: false; reason: string };

/**
 * An answer file's text: the protocol line, then the answer. Throws the version mismatch
 * when the protocol line is missing (protocol 1) or names another version.
 */
export function parseAnswer(text: string): Answer {
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  const version = new RegExp(`^${protocolHello} (\\d+)$`).exec(first);
  const answered = version ? Number(version[1]) : 1;
  if (answered !== expectedVersion()) throw versionMismatch(answered);
  const line = text.slice(newline + 1).trim();
  const error = `${answerWords.error} `;
  if (line.startsWith(error)) return { ok: false, reason: line.slice(error.length) };
  return { ok: true, line };
}

/** The words of an "ok KIND ..." answer after KIND; throws when it is another answer. */
function okFields(line: string, kind: string, who: string): string[] {
  const words = line.split(' ');
  if (words[0] !== answerWords.ok || words[1] !== kind) throw new Error(`unexpected answer from ${who}: ${line}`);
  return words.slice(2);
}

/** ok image PATH BYTES NS (the path may hold spaces). */
export function parseImageAnswer(line: string, who: string): { path: string; bytes: number; ns: number } {
  const m = new RegExp(`^${answerWords.ok} ${requestWords.image} (.+) (\\d+) (\\d+)$`).exec(line);
  if (!m) throw new Error(`unexpected answer from ${who}: ${line}`);
  return { path: m[1], bytes: Number(m[2]), ns: Number(m[3]) };
}

/** ok snapshot ID COPY_PID PC_HEX [shared] */
export function parseSnapshotAnswer(line: string, who: string): { id: number; copyPid: number; pc: string; shared: boolean } {
  const [id, copy, pc, flag] = okFields(line, requestWords.snapshot, who);
  return { id: Number(id), copyPid: Number(copy), pc, shared: flag === answerWords.shared };
}

/** ok counts N... (an unreadable counter is not a safe integer) */
export function parseCountsAnswer(line: string, who: string): number[] {
  return okFields(line, answerWords.counts, who).filter((x) => x).map(Number);
}

/** ok resumed PID */
export function parseResumedAnswer(line: string, who: string): number {
  return Number(okFields(line, answerWords.resumed, who)[0]);
}

/** ok spilled PATH BYTES */
export function parseSpilledAnswer(line: string, who: string): { path: string; bytes: number } {
  const m = new RegExp(`^${answerWords.ok} ${answerWords.spilled} (.+) (\\d+)$`).exec(line);
  if (!m) throw new Error(`unexpected answer from ${who}: ${line}`);
  return { path: m[1], bytes: Number(m[2]) };
}
