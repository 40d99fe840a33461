// Helpers of the random-kill test (randomKills.test.ts): a seeded generator (a failure is
// reproduced with FRED_FAULT_SEED), what /proc says of the processes of one trial (found by
// the tag in their environment, which every descendant inherits, never by name), the
// checks made after every kill (images whole, nothing left, one line saying why), and
// fred in line mode on a pseudo-terminal, where it shows its prompt between commands.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadAddon } from '../../src/fred/checkpointer/nativePaths';
import { waitFor } from '../helpers/processGroup';
import { commandName, parentOf } from '../helpers/procInfo';
import { processesTagged } from '../session/pdbScenario';
import { groupOf, running, Terminal } from '../snapshots/terminal';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) { this.state = seed >>> 0; }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A whole number in [0, n). */
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(items: readonly T[]): T { return items[this.int(items.length)]; }
  /** A generator of its own, for one victim kind: adding trials to one kind changes no other. */
  fork(label: string): Rng {
    let h = this.seed ^ 0x9e3779b9;
    for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    return new Rng(h);
  }
}

/** FRED_FAULT_SEED, or a fresh one (printed in the test titles). */
export function faultSeed(): number {
  const given = process.env.FRED_FAULT_SEED;
  return given ? Number(given) >>> 0 : Math.floor(Math.random() * 2 ** 32);
}

/**
 * Kills per victim kind: FRED_FAULT_ROUNDS, else the issue's 100 (~4.5 min of the suite on
 * the 2-core test machine: a kill of gdb or fred costs ~1 s, each waits for gdb).
 */
export function faultRounds(): number {
  return Number(process.env.FRED_FAULT_ROUNDS) || 100;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The pid that traces pid (0: none, or gone). */
export function tracerOf(pid: number): number {
  try { return Number(/^TracerPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { return 0; }
}

/** Processes (not zombies) whose parent is pid, among the candidates. */
export function childrenOf(pid: number, candidates: number[]): number[] {
  return candidates.filter((p) => parentOf(p) === pid && running(p));
}

/** Every process started under tag is gone (within a bounded wait); the error names what is left. */
export async function expectNoneTagged(tag: string, phase: string, except: number[] = [], timeoutMs = 10000): Promise<void> {
  const left = () => processesTagged(tag).filter((p) => !except.includes(p));
  try {
    await waitFor(phase, () => left().length === 0, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}: left ${left().map((p) => `${p} ${commandName(p)} (parent ${parentOf(p)})`).join(', ')}`);
  }
}

/** The given processes are gone (within a bounded wait). */
export async function expectGone(pids: number[], phase: string, timeoutMs = 10000): Promise<void> {
  try {
    await waitFor(phase, () => pids.every((p) => !running(p)), timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}: left ${pids.filter(running).map((p) => `${p} ${commandName(p)} (parent ${parentOf(p)})`).join(', ')}`);
  }
}

/** Every file in dir is a complete image that verifies: no partial image, no temporary file. */
export function expectWholeImages(dir: string, phase: string): string[] {
  const addon = loadAddon();
  const names = fs.readdirSync(dir);
  for (const name of names) {
    assert.ok(name.endsWith('.img'), `${phase}: ${name} is left beside the images`);
    try {
      addon.imageVerify(path.join(dir, name));
    } catch (e) {
      assert.fail(`${phase}: image ${name} does not verify: ${(e as Error).message}`);
    }
  }
  return names.map((n) => path.join(dir, n));
}

/** What fred said is no stack trace and no internal error. */
export function expectNoTrace(text: string, phase: string): void {
  assert.doesNotMatch(text, /internal error|\n\s*at (?:async )?[\w.<>]+ \(|^\s*at \/|\bError: /m, `${phase}: a stack trace or internal error:\n${text}`);
}

/** Text as a terminal shows it, without colours, cursor moves and carriage returns. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  // a progress line is rewritten in place (a carriage return): each version on a line of its own
  return text.replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

const prompt = /\(gdb\) (?:\x1b\[\d+G)?$/;
const question = /\(y or n\)\s*$/;

export type Outcome = 'prompt' | 'question' | 'ended';

/**
 * `fred --plain ARGS` run by node on a pseudo-terminal (line mode with readline, as a user
 * types it): fred prints its prompt when it waits for the next command.
 */
export class FredOnPty {
  readonly term: Terminal;
  /** Each process fred started carries FRED_TEST_TAG=tag in its environment. */
  constructor(readonly tag: string, fredCli: string, args: string[], cwd: string) {
    this.term = new Terminal(tag, process.execPath, [fredCli, '--plain', ...args], {
      cwd, cols: 200, rows: 50, env: { ...process.env, FRED_TEST_TAG: tag, HISTFILE: '/dev/null', FRED_HISTORY: '/dev/null' },
    });
  }

  get fredPid(): number { return this.term.pid; }

  get output(): string { return this.term.output; }

  /** Wait until fred shows its prompt, asks (y or n), or ends; the text since `from`. */
  async settle(phase: string, from: number, timeoutMs = 60000): Promise<Outcome> {
    let outcome: Outcome | undefined;
    try {
      await waitFor(phase, () => {
        const tail = this.term.output.slice(from);
        if (prompt.test(tail)) outcome = 'prompt';
        else if (question.test(plain(tail))) outcome = 'question';
        else if (this.term.exit) outcome = 'ended';
        return outcome;
      }, timeoutMs);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  fred said: ${JSON.stringify(plain(this.term.output.slice(from)).slice(-1500))}`);
    }
    return outcome!;
  }

  /** Type line; returns how fred came back and what it printed meanwhile. */
  async command(line: string, phase = line, timeoutMs = 60000): Promise<{ outcome: Outcome; text: string }> {
    const from = this.term.output.length;
    const started = Date.now();
    this.term.type(line);
    const outcome = await this.settle(`${phase}: fred to answer '${line}'`, from, timeoutMs);
    if (process.env.FRED_FAULT_VERBOSE === '2') console.log(`        ${line}: ${Date.now() - started} ms`);
    return { outcome, text: plain(this.term.output.slice(from)) };
  }

  /** The same, expecting the prompt back. */
  async ok(line: string, phase = line, timeoutMs = 60000): Promise<string> {
    const { outcome, text } = await this.command(line, phase, timeoutMs);
    assert.equal(outcome, 'prompt', `${phase}: '${line}' did not come back to the prompt:\n${text}`);
    return text;
  }

  tagged(): number[] { return processesTagged(this.tag); }

  holder(): number | undefined {
    return this.tagged().find((p) => commandName(p) === 'fred-holder' && parentOf(p) === this.fredPid);
  }

  /** gdb: the child of the holder named gdb. */
  gdb(): number | undefined {
    const holder = this.holder();
    return holder ? this.tagged().find((p) => parentOf(p) === holder && commandName(p) === 'gdb') : undefined;
  }

  /** The program gdb debugs (the process it traces). */
  program(): number | undefined {
    const gdb = this.gdb();
    return gdb ? this.tagged().find((p) => p !== gdb && tracerOf(p) === gdb) : undefined;
  }

  /** Frozen snapshot copies: untraced children of the holder that are the program. */
  copies(programName: string): number[] {
    const holder = this.holder();
    return holder ? this.tagged().filter((p) => parentOf(p) === holder && commandName(p) === programName && tracerOf(p) === 0) : [];
  }

  /** Kill every group the session has, and the terminal (bounded). */
  async close(): Promise<void> {
    for (const pid of this.tagged()) {
      const group = groupOf(pid);
      if (group) this.term.track(group);
    }
    await this.term.close();
  }
}
