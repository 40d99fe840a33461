// The image parser under libFuzzer (src/checkpointer-native/fuzz): 100,000 inputs from
// the committed corpus, no crash, no hang, no sanitizer report. Needs clang (.ci/run
// installs it). The fuzzer runs on one core for minutes: it starts with the run
// (backgroundJobs.ts), and .mocharc gives this file first to one of the two workers, so
// the other goes on with the rest of the suite meanwhile (file by file, with
// --no-parallel, the run waits for it first).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { inBackground } from '../helpers/backgroundJobs';
import { run, work } from './harness';

const fuzzDir = path.join(repoRoot, 'src', 'checkpointer-native', 'fuzz');
const RUNS = 100000;

const fuzzing = inBackground(async (stopped) => {
  stopped.throwIfAborted();
  const binary = path.join(work(), 'fred_image_fuzz');
  const native = path.join(repoRoot, 'src', 'checkpointer-native', 'src');
  const built = await run('clang', 'clang', ['-g', '-O1', '-fsanitize=fuzzer,address', '-o', binary, path.join(fuzzDir, 'fred_image_fuzz.c'),
    ...['fred_image_read.c', 'fred_hash.c', 'fred_util.c'].map((f) => path.join(native, f))], { timeoutMs: 300000 });
  if (built.code !== 0) throw new Error(`clang could not build the fuzzer (${built.code ?? built.signal}): ${built.stderr.slice(-2000)}`);
  stopped.throwIfAborted(); // the run ended while clang ran
  // new inputs go to a scratch directory: the committed corpus only seeds
  const scratch = fs.mkdtempSync(path.join(work(), 'fuzz-corpus-'));
  // in its own process group (harness), killed if it runs too long (it shares the machine
  // with the rest of the suite, ~4 min of one core alone); one input may take at most 10 s
  return run('libFuzzer', binary, [`-runs=${RUNS}`, '-timeout=10', '-rss_limit_mb=2048', scratch, path.join(fuzzDir, 'corpus')],
    { cwd: scratch, timeoutMs: 1500000 });
});

describe('checkpointer: the image parser under libFuzzer', function () {
  this.timeout(1600000);

  it(`${RUNS} inputs: no crash, no hang, no out-of-bounds access`, async function () {
    const r = await fuzzing.result();
    const tail = `${r.stderr}`.split('\n').slice(-25).join('\n');
    assert.equal(r.signal, null, `the fuzzer was killed (${r.signal}): a hang\n${tail}`);
    assert.equal(r.code, 0, `the fuzzer found a crash\n${tail}`);
    assert.match(r.stderr, new RegExp(`Done ${RUNS} runs`), tail);
  });
});
