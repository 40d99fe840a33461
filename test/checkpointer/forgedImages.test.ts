// Forged images: every field a forger could change, with the checksums recomputed so the
// image passes them (fred-image-reseal), and special files where an image is expected.
// Each is refused before anything of the program runs: exit 2, one line, no signal, no
// hang; and as nobody too. Data corrupted in place is refused by a plain restart.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { checkpointKill, ckpt, launch, NOBODY, program, scratchDir, work } from './harness';

const fuzzDir = path.join(repoRoot, 'src', 'checkpointer-native', 'fuzz');

/** fred-image-reseal, built from the fuzz target's source with -DFRED_RESEAL_MAIN. */
function resealTool(): string {
  const out = path.join(work(), 'bin', 'fred-image-reseal');
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o755 });
  const native = path.join(repoRoot, 'src', 'checkpointer-native', 'src');
  execFileSync('gcc', ['-O1', '-DFRED_RESEAL_MAIN', '-o', out, path.join(fuzzDir, 'fred_image_fuzz.c'),
    ...['fred_image_read.c', 'fred_hash.c', 'fred_util.c'].map((f) => path.join(native, f))], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

// offsets in the format (include/fred_image.h; its static asserts fix the sizes)
const H = { imageSize: 16, dataOffset: 56, areaCount: 64, runCount: 68, fileCount: 72, stringsOffset: 80, stringsSize: 84,
  auxvWords: 100, restartInfo: 144, vdsoStart: 168, startCode: 224, endCode: 232, exe: 1096 };
const AREA = 128, RUN = 24, FILE = 48, TABLE = 4096;

interface Forgery { name: string; edit: (b: Buffer) => void }

const u32 = (b: Buffer, at: number) => b.readUInt32LE(at);
const area = (b: Buffer, i: number) => TABLE + i * AREA;
const run = (b: Buffer, i: number) => TABLE + u32(b, H.areaCount) * AREA + i * RUN;
const file = (b: Buffer, i: number) => TABLE + u32(b, H.areaCount) * AREA + u32(b, H.runCount) * RUN + i * FILE;
/** The first run of an area that has one. */
function someRun(b: Buffer): number {
  for (let i = 0; i < u32(b, H.areaCount); i++) if (u32(b, area(b, i) + 44) > 0) return u32(b, area(b, i) + 40);
  throw new Error('no stored data in the image');
}

const forgeries: Forgery[] = [
  { name: 'run data offset near 2^64 (wraps a naive bounds check)', edit: (b) => b.writeBigUInt64LE(2n ** 64n - 4096n, run(b, someRun(b)) + 16) },
  { name: 'run length near 2^64', edit: (b) => b.writeBigUInt64LE(2n ** 64n - 4096n, run(b, someRun(b)) + 8) },
  { name: 'run offset past its area', edit: (b) => b.writeBigUInt64LE(2n ** 40n, run(b, someRun(b))) },
  { name: 'run data offset not page aligned', edit: (b) => b.writeBigUInt64LE(b.readBigUInt64LE(run(b, someRun(b)) + 16) + 8n, run(b, someRun(b)) + 16) },
  { name: 'two areas overlapping', edit: (b) => b.writeBigUInt64LE(b.readBigUInt64LE(area(b, 0)), area(b, 1)) },
  { name: 'an area over the restorer', edit: (b) => { const n = u32(b, H.areaCount) - 1; b.writeBigUInt64LE(0x200000000000n, area(b, n)); b.writeBigUInt64LE(0x200000010000n, area(b, n) + 8); } },
  { name: 'an area in kernel space', edit: (b) => { const n = u32(b, H.areaCount) - 1; b.writeBigUInt64LE(0xffff800000000000n, area(b, n) + 8); } },
  { name: 'an area ending before it starts', edit: (b) => b.writeBigUInt64LE(0n, area(b, 0) + 8) },
  { name: 'area protection with unknown bits', edit: (b) => b.writeUInt32LE(0xff, area(b, 0) + 16) },
  { name: 'area kind unknown', edit: (b) => b.writeUInt32LE(99, area(b, 0) + 20) },
  { name: 'file offset not page aligned', edit: (b) => b.writeBigUInt64LE(12n, area(b, 0) + 32) },
  { name: 'area path string past the strings', edit: (b) => b.writeUInt32LE(0x7fffffff, area(b, 0) + 28) },
  { name: 'area runs past the run table', edit: (b) => b.writeUInt32LE(0xfffffff0, area(b, 0) + 40) },
  { name: 'build-id length past its field', edit: (b) => b.writeUInt32LE(4096, area(b, 0) + 108) },
  { name: 'open-file path past the strings', edit: (b) => { if (u32(b, H.fileCount)) b.writeUInt32LE(0x7fffffff, file(b, 0) + 40); else b.writeUInt32LE(1, H.fileCount); } },
  { name: 'open-file descriptor negative', edit: (b) => { if (u32(b, H.fileCount)) b.writeInt32LE(-5, file(b, 0)); else b.writeUInt32LE(1, H.fileCount); } },
  { name: 'area count huge', edit: (b) => b.writeUInt32LE(0xffffffff, H.areaCount) },
  { name: 'run count huge', edit: (b) => b.writeUInt32LE(0x10000000, H.runCount) },
  { name: 'strings not terminated', edit: (b) => { const end = TABLE + u32(b, H.stringsOffset) + u32(b, H.stringsSize) - 1; b[end] = 0x41; } },
  { name: 'data offset past the image', edit: (b) => b.writeBigUInt64LE(2n ** 63n, H.dataOffset) },
  { name: 'image size larger than the file', edit: (b) => b.writeBigUInt64LE(BigInt(b.length) * 2n, H.imageSize) },
  { name: 'restart note outside writable memory', edit: (b) => b.writeBigUInt64LE(0x1000n, H.restartInfo) },
  { name: 'auxv longer than the kernel keeps', edit: (b) => b.writeUInt32LE(96, H.auxvWords) },
  { name: 'code ends before it starts', edit: (b) => b.writeBigUInt64LE(0n, H.endCode) },
  { name: 'program path not terminated', edit: (b) => b.fill(0x41, H.exe, H.exe + 1024) },
  { name: '[vdso] placed over the restorer', edit: (b) => { b.writeBigUInt64LE(0x200000000000n, H.vdsoStart); b.writeBigUInt64LE(0x200000002000n, H.vdsoStart + 8); } },
];

async function expectRefused(args: string[], as?: typeof NOBODY): Promise<void> {
  const r = await ckpt(`fred-ckpt ${args.join(' ')}`, args, { as, timeoutMs: 20000 });
  assert.equal(r.signal, null, `${args.join(' ')} died of a signal`);
  assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /^fred-ckpt[^\n]*\n$/, `not one line: ${JSON.stringify(r.stderr)}`);
  assert.equal(r.stdout, '', `${args.join(' ')} printed or ran something`);
}

for (const as of [undefined, NOBODY]) {
  describe(`checkpointer: forged images are refused${as ? ' (as nobody)' : ''}`, function () {
    this.timeout(180000);
    let dir: string;
    let good: Buffer;

    before(async function () {
      dir = scratchDir('forged', as);
      const image = path.join(dir, 'good.img');
      const p = await launch('memory for forging', program('memory.c'), [path.join(dir, 'scratch')], { as });
      await checkpointKill(p, image, { as });
      good = fs.readFileSync(image);
    });

    function forged(f: Forgery, index: number): string {
      const data = Buffer.from(good);
      f.edit(data);
      const out = path.join(dir, `forged-${index}.img`);
      fs.writeFileSync(out, data, { mode: 0o600 });
      if (as) fs.chownSync(out, as.uid, as.gid);
      execFileSync(resealTool(), [out]);
      return out;
    }

    it(`${forgeries.length} forgeries with valid checksums: restart, restart --lazy, info and verify refuse each with one line`, async () => {
      for (const [i, f] of forgeries.entries()) {
        const image = forged(f, i);
        for (const command of [['restart', image], ['restart', image, '--lazy'], ['info', image], ['verify', image]])
          await expectRefused(command, as).catch((e: Error) => { throw new Error(`${f.name}: ${e.message}`); });
      }
    });

    it('a byte flipped in page data: plain restart refuses it (checksums are checked by default)', async () => {
      const data = Buffer.from(good);
      const dataOffset = Number(data.readBigUInt64LE(H.dataOffset));
      data[dataOffset + 100] ^= 0xff;
      const image = path.join(dir, 'flipped.img');
      fs.writeFileSync(image, data, { mode: 0o600 });
      if (as) fs.chownSync(image, as.uid, as.gid);
      await expectRefused(['restart', image], as);
      await expectRefused(['verify', image], as);
    });

    it('a FIFO, a device, a socket and a directory as the image are refused without blocking', async () => {
      const fifo = path.join(dir, 'fifo.img');
      execFileSync('mkfifo', [fifo]);
      if (as) fs.chownSync(fifo, as.uid, as.gid);
      const socket = path.join(dir, 'socket.img');
      execFileSync('python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(socket)})`]);
      for (const special of [fifo, '/dev/zero', '/dev/null', socket, dir])
        for (const command of [['restart', special], ['restart', special, '--verify'], ['info', special], ['verify', special]])
          await expectRefused(command, as);
    });
  });
}
