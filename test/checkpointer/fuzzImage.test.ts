// The image parser under libFuzzer (src/checkpointer-native/fuzz): 100,000 inputs from
// the committed corpus, no crash, no hang, no sanitizer report. Needs clang (.ci/run
// installs it).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { run, work } from './harness';

const fuzzDir = path.join(repoRoot, 'src', 'checkpointer-native', 'fuzz');
const RUNS = 100000;

describe('checkpointer: the image parser under libFuzzer', function () {
  this.timeout(900000);

  it(`${RUNS} inputs: no crash, no hang, no out-of-bounds access`, async function () {
    const binary = path.join(work(), 'fred_image_fuzz');
    const native = path.join(repoRoot, 'src', 'checkpointer-native', 'src');
    execFileSync('clang', ['-g', '-O1', '-fsanitize=fuzzer,address', '-o', binary, path.join(fuzzDir, 'fred_image_fuzz.c'),
      ...['fred_image_read.c', 'fred_hash.c', 'fred_util.c'].map((f) => path.join(native, f))], { stdio: ['ignore', 'ignore', 'pipe'] });
    // new inputs go to a scratch directory: the committed corpus only seeds
    const scratch = fs.mkdtempSync(path.join(work(), 'fuzz-corpus-'));
    // in its own process group (harness), killed if it runs too long; one input may take at most 10 s
    const r = await run('libFuzzer', binary, [`-runs=${RUNS}`, '-timeout=10', '-rss_limit_mb=2048', scratch, path.join(fuzzDir, 'corpus')],
      { cwd: scratch, timeoutMs: 850000 });
    const tail = `${r.stderr}`.split('\n').slice(-25).join('\n');
    assert.equal(r.signal, null, `the fuzzer was killed (${r.signal}): a hang\n${tail}`);
    assert.equal(r.code, 0, `the fuzzer found a crash\n${tail}`);
    assert.match(r.stderr, new RegExp(`Done ${RUNS} runs`), tail);
  });
});
