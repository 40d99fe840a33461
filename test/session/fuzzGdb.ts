// Plain gdb as the reverse commands' fuzzer (reverseFuzz.test.ts) runs it: its errors in
// their place among its answers (fred's transcript has both), and a libc without the
// instructions gdb's record full cannot follow.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * glibc's string functions without AVX and EVEX (AVX-512), which gdb's record full does not
 * follow (printf's strchrnul): for the truth's program and fred's alike, so that both run
 * the same code.
 */
export const plainLibc = 'glibc.cpu.hwcaps=-AVX512F,-AVX512VL,-AVX512BW,-AVX2,-AVX,-EVEX';

/** Plain gdb on `commands`, its errors (stderr) in their place among its answers, as fred's transcript has them. */
export function runPlainGdb(program: string, commands: readonly string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fred-fuzz-')), 'gdb.out');
  const fd = fs.openSync(file, 'w');
  try {
    const args = ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', 'set confirm off', ...commands.flatMap((c) => ['-ex', c]), program];
    const done = spawnSync('gdb', args, { cwd: path.dirname(program), stdio: ['ignore', fd, fd], timeout: 60000, env: { ...process.env, GLIBC_TUNABLES: plainLibc } });
    if (done.error) throw new Error(`plain gdb failed on ${program}: ${done.error.message}`);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}


/** The source file gdb read `program`'s main from. */
export function sourceFile(program: string): string {
  const answer = runPlainGdb(program, ['info line main']);
  const file = /of "([^"]+)"/.exec(answer)?.[1];
  if (!file) throw new Error(`gdb did not say where main is in ${program}: ${answer}`);
  return file;
}
