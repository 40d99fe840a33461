// Thread-restricted breakpoints and watchpoints when their thread ends, and `watch EXPR
// thread N` in fred's thread numbers. Plain gdb deletes a breakpoint restricted to thread N
// when thread N exits, with a note right after "[Thread ... exited]"; fred hides it from
// then on and shows it again, as it was, after going back to when thread N lived
// (endedThreadBreakpoints.ts). The watchpoint test needs the machine's debug registers
// (skipped where fred refuses watchpoints). test/session/programs/thread_exit.c runs one thread at a
// time in a fixed order, so plain gdb's forward run is the ground truth. In both replay modes.
import * as assert from 'assert';
import { dumpState, example, runFred, runPlainGdb, section, withLines } from './gdbScenario';
import { needsDebugRegisters } from '../helpers/machine';

const PROGRAM = 'thread_exit';
const line = (c: string) => withLines(PROGRAM, c);
/** A command's output between markers. */
const marked = (tag: string, command: string) => [`echo @@${tag}\\n`, command, 'echo @@END\\n'];
const table = (tag: string) => marked(tag, 'info breakpoints');
/** LWPs differ from run to run; gdb -batch prints no "Continuing.". */
const part = (transcript: string, tag: string) => section(transcript, tag).replace(/LWP \d+/g, 'LWP N').replace(/^Continuing\.\n/gm, '');

describe('fred gdb: thread-restricted breakpoints when their thread ends, and watch EXPR thread N', function () {
  this.timeout(240000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';

    it(`break LOC thread 3 is deleted when thread 3 ends, and back after going back to when it lived (${mode})`, async function () {
      // stopped in thread 3's round 0; its breakpoint stops round 1, then thread 3 ends
      const start = ['break @ADD if id == 2', 'run', 'break @ADD thread 3', 'delete 1', 'break @MAIN_ADD'];
      const forward = [...table('SET'), ...marked('C1', 'continue'), ...table('HIT'), ...marked('C2', 'continue'), ...table('GONE'), ...marked('DEL', 'delete 2')];
      const commands = [...start, ...forward, 'fred-undo', ...table('BACK'), ...marked('AGAIN', 'continue'), ...table('GONE2')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|\$_fred/, fred.transcript);
      const plain = runPlainGdb(example(PROGRAM), [...start, ...forward].map(line));
      assert.match(plain, /^Thread-specific breakpoint 2 deleted - thread 3 no longer in the thread list\.$/m, plain);
      for (const tag of ['SET', 'C1', 'HIT', 'C2', 'GONE', 'DEL']) assert.strictEqual(part(fred.transcript, tag), part(plain, tag), `${tag}\n${fred.transcript}`);
      // going back: the breakpoint as it was then (hit once), and its end again going forward
      assert.strictEqual(part(fred.transcript, 'BACK'), part(plain, 'HIT'), `after fred-undo\n${fred.transcript}`);
      assert.strictEqual(part(fred.transcript, 'AGAIN'), part(plain, 'C2'), `continue after going back\n${fred.transcript}`);
      assert.strictEqual(part(fred.transcript, 'GONE2'), part(plain, 'GONE'), fred.transcript);
    });

    it(`break LOC thread 1 is deleted when the program ends, and back after going back (${mode})`, async function () {
      // stopped in main after both workers ended; its own breakpoint stops in add, then the program ends
      const start = ['break @MAIN_ADD', 'run', 'break @ADD thread 1'];
      const forward = [...table('SET'), ...marked('C1', 'continue'), ...table('HIT'), ...marked('C2', 'continue'), ...table('GONE')];
      const commands = [...start, ...forward, 'fred-undo', ...table('BACK')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|\$_fred/, fred.transcript);
      const plain = runPlainGdb(example(PROGRAM), [...start, ...forward].map(line));
      assert.match(plain, /^Thread-specific breakpoint 2 deleted - thread 1 no longer in the thread list\.$/m, plain);
      for (const tag of ['SET', 'C1', 'HIT', 'C2', 'GONE']) assert.strictEqual(part(fred.transcript, tag), part(plain, tag), `${tag}\n${fred.transcript}`);
      assert.strictEqual(part(fred.transcript, 'BACK'), part(plain, 'HIT'), `after fred-undo\n${fred.transcript}`);
    });

    it(`reverse-continue from after thread 2's end stops at its breakpoint where thread 2 lived, and forward deletes it again (${mode})`, async function () {
      // stopped in thread 2's round 0; its own breakpoint stops round 1, then it ends and main stops at DONE
      const start = ['break @ADD if id == 1', 'run', 'break @ADD thread 2', 'delete 1', 'break @DONE'];
      const here = (tag: string) => [...dumpState(tag).slice(0, -1), 'p $_thread', 'p counter', 'echo @@END\\n'];
      const commands = [...start, 'continue', 'continue', ...marked('RC', 'fred-reverse-continue'), ...here('BACK'), ...table('BACK_BP'),
        ...marked('AGAIN', 'continue'), ...table('GONE')];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|killed|\$_fred/, fred.transcript);
      const plain = runPlainGdb(example(PROGRAM), [...start, 'continue', ...here('BACK'), ...table('BACK_BP'), ...marked('AGAIN', 'continue'), ...table('GONE')].map(line));
      assert.match(section(plain, 'BACK'), /^#0  add \(id=1, round=1\)[^]*^\$N = 2$/m, plain);
      assert.match(part(fred.transcript, 'RC'), /^\[thread 2 "thread_exit"\]$/m, fred.transcript);
      assert.strictEqual(section(fred.transcript, 'BACK'), section(plain, 'BACK'), `after fred-reverse-continue\n${fred.transcript}`);
      assert.strictEqual(part(fred.transcript, 'BACK_BP'), part(plain, 'BACK_BP'), `breakpoints after fred-reverse-continue\n${fred.transcript}`);
      // thread 3's start is said before or after thread 2's end, as the kernel lets gdb see them
      const noStarts = (text: string) => text.replace(/^\[New Thread .*\]\n/gm, '');
      assert.strictEqual(noStarts(part(fred.transcript, 'AGAIN')), noStarts(part(plain, 'AGAIN')), `continue after going back\n${fred.transcript}`);
      assert.strictEqual(part(fred.transcript, 'GONE'), part(plain, 'GONE'), fred.transcript);
    });

    it(`kill and run delete the thread-restricted breakpoints as plain gdb does (${mode})`, async function () {
      const start = ['break @ADD if id == 2', 'run', 'break @ADD thread 3', 'break @MAIN_ADD thread 1', 'delete 1'];
      const forward = [...marked('KILL', 'kill'), ...table('GONE'), 'break @ADD if id == 1', 'run', 'break @ADD thread 2', 'delete 4', ...marked('RUN', 'run'), ...table('GONE2')];
      const fred = await runFred(example(PROGRAM), [...start, ...forward].map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|\$_fred/, fred.transcript);
      const plain = runPlainGdb(example(PROGRAM), [...start, ...forward].map(line));
      for (const tag of ['KILL', 'GONE', 'GONE2']) assert.strictEqual(part(fred.transcript, tag), part(plain, tag), `${tag}\n${fred.transcript}`);
      // the run's own lines: gdb -batch prints "Starting program" elsewhere, threads end in another order without fred's turns
      const notes = (text: string) => text.split('\n').filter((l, i) => i === 0 || /^Thread-specific/.test(l)).join('\n');
      assert.match(part(plain, 'RUN'), /^Thread-specific breakpoint 5 deleted - thread 2 no longer in the thread list\.\n/, plain);
      assert.strictEqual(notes(part(fred.transcript, 'RUN')), notes(part(plain, 'RUN')), `RUN\n${fred.transcript}`);
    });

    // fred refuses watchpoints where the debug registers do not work (noDebugRegisters.test.ts)
    it(`watch EXPR thread 3 after a restore watches fred's thread 3, and is deleted when it ends (${mode})`, async function () {
      needsDebugRegisters(this);
      // stopped in thread 3 (worker 2, round 0); after fred-undo gdb numbers the copy's threads otherwise
      const start = ['break @ADD if id == 2', 'run'];
      const forward = ['delete 1', ...marked('W', 'watch counter thread 3'), ...table('SET'), ...marked('C1', 'continue'), ...marked('C2', 'continue'),
        ...table('HIT'), ...marked('C3', 'continue'), ...table('GONE')];
      const commands = [...start, 'next', 'fred-undo', ...forward];
      const fred = await runFred(example(PROGRAM), commands.map(line), { fredArgs, timeoutMs: 220000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|went another way|\$_fred/, fred.transcript);
      const plain = runPlainGdb(example(PROGRAM), [...start, ...forward].map(line));
      assert.match(plain, /hit (?:Hardware )?[Ww]atchpoint 2: counter/, plain);
      for (const tag of ['W', 'SET', 'C1', 'C2', 'HIT', 'C3', 'GONE']) assert.strictEqual(part(fred.transcript, tag), part(plain, tag), `${tag}\n${fred.transcript}`);
    });
  }
});
