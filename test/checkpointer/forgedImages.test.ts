// Forged images whose checksums were recomputed after the edit pass every checksum: the
// parser's own bounds checks must refuse them (exit 2, one line naming the image) before
// the point of no return, never a crash of the restorer.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../../src/fred/nativePaths';
import { ckpt, cleanFds, fredCkpt, program, scratchDir, start } from './harness';

const native = path.join(repoRoot, 'src', 'checkpointer-native');
const mutations = [
  'run-data-offset-wraps', 'run-length-wraps', 'run-offset-wraps', 'areas-overlap', 'area-in-kernel-space',
  'auxv-words-huge', 'run-count-huge', 'strings-unterminated',
];

describe('checkpointer: forged images with valid checksums', function () {
  this.timeout(60000);
  let dir: string;
  let good: string;
  let forge: string;

  before(async function () {
    dir = scratchDir('forged');
    good = path.join(dir, 'good.img');
    forge = program('forge.c', { flags: [`-I${path.join(native, 'include')}`, `-I${path.join(native, 'src')}`, path.join(native, 'src', 'fred_hash.c')] });
    const p = start('dots', ...cleanFds(fredCkpt, ['launch', '--', program('dots.c'), '50']));
    await p.waitOut('first dots', /@\d+ .*@\d+ /);
    const r = await ckpt('checkpoint dots', ['checkpoint', String(p.pid), '-o', good]);
    await p.kill();
    assert.equal(r.code, 0, r.stderr);
  });

  for (const mutation of mutations) {
    it(`${mutation}: restart and verify refuse it with one line, no signal`, async () => {
      const forged = path.join(dir, `${mutation}.img`);
      execFileSync(forge, [good, forged, mutation]);
      for (const command of ['restart', 'verify']) {
        const r = await ckpt(`${command} ${mutation}`, [command, forged]);
        assert.equal(r.signal, null, `${command} died of a signal: ${r.stderr}`);
        assert.equal(r.code, 2, `${command}: exit ${r.code}\n${r.stderr}`);
        assert.match(r.stderr, /^fred-ckpt[^\n]*\n$/, `${command}: not one line: ${JSON.stringify(r.stderr)}`);
        assert.match(r.stderr, new RegExp(`${forged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (area \\d+ of the image is malformed|stored data of area \\d+ lies outside the image|image table is malformed|image string table is malformed)`), r.stderr);
        assert.equal(r.stdout, '');
      }
    });
  }
});
