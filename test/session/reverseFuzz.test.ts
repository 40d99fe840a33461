// A differential fuzzer for the reverse commands: seeded random gdb sessions (fuzzSessions.ts)
// under fred, each compared after every command with its truth: gdb's own `record full`
// for sessions with rn, rs, reverse-finish, rc, rsi, rni; plain gdb forward for sessions
// with fred-undo. A refusal (`fred: ...` in one line, the program where it was) is
// acceptable: the truth then leaves that command out. The seed is in each test's title;
// FRED_FUZZ_SEED=N runs that one session (of both kinds), FRED_FUZZ_SESSIONS=N how many
// (from FRED_FUZZ_FIRST, default 1), FRED_FUZZ_VERBOSE=1 prints each session and its refusals;
// FRED_FUZZ_KIND=reverse|undo and FRED_FUZZ_MODE=default|cheap narrow a run down.
import * as assert from 'assert';
import { example, runFred } from './gdbScenario';
import { cutRun, withDumps } from './fuzzDumps';
import { plainLibc } from './fuzzGdb';
import { FuzzSession, generate, isReverse, isUndo } from './fuzzSessions';
import { forwardTruth, recordFullTruth, startiDump, tidyFor, Truth } from './fuzzTruths';

const modes = [
  { name: 'default', args: [] as string[] },
  { name: '--cheap-replay 0', args: ['--cheap-replay', '0'] },
];

/**
 * The default seeds pass in both modes; a seed found failing and not fixed stays out of them.
 * Known and not fixed yet: seed 24 (reverse, fuzz_loops): rc stops where a tbreak that gdb
 * deleted had stopped (`break add, run, continue, tbreak 16, continue, next, rc`: fred at
 * line 16, gdb's record at the breakpoint in add, line 15).
 */
const defaultSessions = 3;

function seeds(): number[] {
  if (process.env.FRED_FUZZ_SEED) return [Number(process.env.FRED_FUZZ_SEED)];
  const first = Number(process.env.FRED_FUZZ_FIRST ?? 1);
  const count = Number(process.env.FRED_FUZZ_SESSIONS ?? defaultSessions);
  return Array.from({ length: count }, (_, k) => first + k);
}

const truths = new Map<string, Truth>();

function truthOf(s: FuzzSession, dropped: ReadonlySet<number> = new Set()): Truth {
  const key = `${s.kind} ${s.seed} ${[...dropped].join(',')}`;
  let truth = truths.get(key);
  if (!truth) {
    truth = s.kind === 'undo' ? forwardTruth(s, dropped) : recordFullTruth(s, dropped);
    truths.set(key, truth);
  }
  return truth;
}

function describeSession(s: FuzzSession, commands: readonly string[]): string {
  return `${s.program}: ${[...s.setup, 'run', ...commands].join(' | ')}`;
}

const internalError = /^fred: .*\nfred: the session goes on/m;

async function checkSession(s: FuzzSession, fredArgs: string[]): Promise<void> {
  const first = truthOf(s);
  const commands = s.commands.slice(0, first.usable);
  const env = { ...process.env, GLIBC_TUNABLES: plainLibc };
  const fred = await runFred(example(s.program), [...s.setup, 'run', ...withDumps(commands)], { fredArgs, timeoutMs: 240000, env });
  const context = () => `seed ${s.seed} (${s.kind}) ${describeSession(s, commands)}\n--- fred transcript ---\n${fred.transcript}`;
  assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}: ${context()}`);
  const run = cutRun(fred.transcript, commands.length, tidyFor(s.program));
  assert.strictEqual(run.dumps.length, commands.length + 1, `fred's transcript has ${run.dumps.length} of ${commands.length + 1} state dumps: ${context()}`);
  const refused = new Set<number>();
  commands.forEach((c, i) => {
    const out = run.outputs[i + 1];
    assert.doesNotMatch(out, internalError, `internal error at command ${i + 1} (${c}): ${context()}`);
    if ((isReverse(c) || isUndo(c)) && /^fred: /m.test(out) && run.dumps[i + 1] === run.dumps[i]) refused.add(i);
  });
  if (process.env.FRED_FUZZ_VERBOSE) {
    const said = [...refused].map((i) => `  refused ${i + 1} ${commands[i]}: ${/^fred: .*$/m.exec(run.outputs[i + 1])?.[0]}`);
    console.log(`seed ${s.seed} ${s.kind} [${fredArgs.join(' ')}] ${describeSession(s, commands)}\n${said.join('\n')}`);
  }
  const truth = refused.size > 0 ? truthOf(s, refused) : first;
  const judged = Math.min(truth.usable, commands.length);
  for (let i = -1; i < judged; i++) {
    const got = run.dumps[i + 1];
    const want = truth.dumps[i + 1];
    if (got === want) continue;
    const what = i < 0 ? 'run' : `command ${i + 1} (${commands[i]})`;
    // gdb's record starts at main; fred may go back to the program's first instruction
    if (truth.startReached.has(i) && /No more reverse-execution history/.test(run.outputs[i + 1]) && got === startiDump(s.program)) return;
    assert.fail(`after ${what}${i >= 0 && isReverse(commands[i]) ? ', a reverse command,' : ''} fred's state differs from the truth's (${s.kind === 'undo' ? 'plain gdb forward' : 'gdb record full'}${refused.size ? `, without the refused ${[...refused].map((k) => k + 1).join(', ')}` : ''}).\n--- fred ---\n${got}\n--- truth ---\n${want}\n${context()}`);
  }
}

const kinds = (['reverse', 'undo'] as const).filter((k) => !process.env.FRED_FUZZ_KIND || process.env.FRED_FUZZ_KIND === k);

for (const mode of modes.filter((m) => !process.env.FRED_FUZZ_MODE || m.name.includes(process.env.FRED_FUZZ_MODE))) {
  describe(`fred gdb (${mode.name}): random sessions of reverse commands match gdb's record full and forward runs`, function () {
    this.timeout(300000);
    for (const seed of seeds()) {
      for (const kind of kinds) {
        it(`seed ${seed}, ${kind === 'reverse' ? 'rn/rs/reverse-finish/rc/rsi/rni (record full)' : 'fred-undo (forward)'}`, async function () {
          await checkSession(generate(seed, kind), mode.args);
        });
      }
    }
  });
}
