// Benchmark (issue 15): fred-reverse-finish on a real interpreter. Lua 5.4 built from its
// source with -g -O0 (FRED_LUA_SRC: an unpacked source tree, e.g. from
// `apt-get source lua5.4`; skipped without it) runs a script that calls os.clock, loops
// over 200000 calls of a Lua function, then fills a table. fred: `break os_clock`, `run`,
// `break luaH_resize`, `continue` (through the loop to the table's first resize), then
// fred-reverse-finish, which must land on rehash's call of luaH_resize. The truth is
// plain gdb forward to that call instruction (the first run of it after os_clock: the
// next one enters luaH_resize); "right" compares `bt 3` there.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { startSession } from '../src/fred/session/startSession';
import { fmt, median, msSince, nowNs, pad, padEnd } from './timing';

const script = [
  'local function add(a, b) return a + b end',
  'local started = os.clock()',
  'local s = 0',
  'for i = 1, 200000 do s = add(s, i) end',
  'local t = {}',
  'for i = 1, 100 do t[i] = i end',
  'print(s, #t, started >= 0)',
  '',
].join('\n');

const setup = ['break os_clock', 'run work.lua', 'break luaH_resize', 'continue'];

/** The interpreter built from `source` into `dir` (gcc -g -O0, as Lua's own `make linux` without readline). */
function buildLua(source: string, dir: string): string {
  const src = path.join(source, 'src');
  const files = fs.readdirSync(src).filter((f) => f.endsWith('.c') && f !== 'luac.c' && f !== 'onelua.c').map((f) => path.join(src, f));
  const binary = path.join(dir, 'lua');
  execFileSync('gcc', ['-std=gnu99', '-g', '-O0', '-DLUA_COMPAT_5_3', '-DLUA_USE_LINUX', '-o', binary, ...files, '-lm', '-ldl']);
  return binary;
}

/** Plain gdb in batch mode; its output. */
function plainGdb(binary: string, cwd: string, commands: string[]): string {
  const args = ['-batch', '-nx', '-q', ...commands.flatMap((c) => ['-ex', c]), binary];
  return execFileSync('gdb', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The frames of a `bt 3`, one a line, without gdb's value-history noise. */
function frames(text: string): string {
  return text.split('\n').filter((l) => /^#\d/.test(l)).join('\n');
}

/** Plain gdb's truth: forward to the call instruction just before the return address of luaH_resize's frame. */
function truth(binary: string, cwd: string): { bt: string; ms: number } {
  const out = plainGdb(binary, cwd, [...setup, 'up', 'p/x $pc', 'disassemble']);
  const back = /\$1 = (0x[0-9a-f]+)/.exec(out);
  if (!back) throw new Error(`plain gdb gave no return address:\n${out}`);
  const addresses = [...out.matchAll(/^\s*(?:=> )?(0x[0-9a-f]+) <\+\d+>:/gm)].map((m) => BigInt(m[1]));
  const at = addresses.indexOf(BigInt(back[1]));
  if (at < 1) throw new Error(`no instruction before ${back[1]} in plain gdb's disassembly`);
  const call = `0x${addresses[at - 1].toString(16)}`;
  const t0 = nowNs();
  const there = plainGdb(binary, cwd, [...setup.slice(0, 3), `break *${call}`, 'continue', 'bt 3']);
  return { bt: frames(there.slice(there.lastIndexOf('Breakpoint 3,'))), ms: msSince(t0) };
}

interface Sample { ms: number; probes: number; replayed: number; bt: string }

async function once(binary: string, cwd: string, fredArgs: string[]): Promise<Sample> {
  // gdb runs work.lua from the directory fred starts in
  const cwdBefore = process.cwd();
  process.chdir(cwd);
  const started = await startSession(parseCliArguments([...fredArgs, 'gdb', binary]), () => undefined);
  try {
    for (const line of setup) await started.runner.handle(line);
    const t0 = nowNs();
    await started.runner.handle('fred-reverse-finish');
    const ms = msSince(t0);
    const bt = frames(await started.runner.handle('bt 3'));
    const last = started.session.lastReverse;
    return { ms, probes: last?.probes ?? -1, replayed: last?.replayed ?? -1, bt };
  } finally {
    process.chdir(cwdBefore);
    await started.runner.handle('kill').catch(() => '');
    await started.close();
  }
}

export async function runLuaReverseFinishBench(runs: number): Promise<void> {
  const source = process.env.FRED_LUA_SRC;
  if (!source || !fs.existsSync(path.join(source, 'src', 'lua.c'))) {
    console.log('skipped: set FRED_LUA_SRC to an unpacked Lua 5.4 source tree (apt-get source lua5.4, with a deb-src line for Debian)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-lua-'));
  try {
    const binary = buildLua(source, dir);
    fs.writeFileSync(path.join(dir, 'work.lua'), script);
    const plain = truth(binary, dir);
    console.log(`plain gdb forward to rehash's call of luaH_resize (whole gdb run): ${fmt(plain.ms)} ms`);
    console.log(`${padEnd('mode', 18)} ${pad('runs', 5)} ${pad('median ms', 10)} ${pad('max ms', 8)} ${pad('probes', 10)} ${pad('replayed', 10)}  right`);
    for (const fredArgs of [['--cheap-replay', '0'], []]) {
      const samples: Sample[] = [];
      for (let r = 0; r < runs; r++) samples.push(await once(binary, dir, ['--plain', ...fredArgs]));
      const ms = samples.map((s) => s.ms);
      const right = samples.every((s) => s.bt === plain.bt && s.bt !== '');
      console.log(`${padEnd(fredArgs.join(' ') || 'default', 18)} ${pad(runs, 5)} ${pad(fmt(median(ms)), 10)} ${pad(fmt(Math.max(...ms)), 8)} ${pad(samples.map((s) => s.probes).join('/'), 10)} ${pad(samples.map((s) => s.replayed).join('/'), 10)}  ${right ? 'yes' : 'NO'}`);
      if (!right) console.log(`plain gdb:\n${plain.bt}\nfred:\n${samples.map((s) => s.bt).join('\n--\n')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
