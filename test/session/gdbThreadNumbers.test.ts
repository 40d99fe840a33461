// fred gdb keeps the thread numbers and names of the forward run across restores: after
// going back, `info threads`, `thread N`, `$_thread` and the stop lines say what plain gdb
// said at that point of a forward run, and the selected thread is the one the user had
// there. examples/mutex_workers.c: two named workers take turns adding to a counter under
// a mutex, so which thread stops at each hit is fixed by the program. In both replay modes.
import * as assert from 'assert';
import { example, runFred, runPlainGdb, withLines } from './gdbScenario';
import { stateDump, tidyLines } from './transcript';

const PROGRAM = 'mutex_workers';

/** A frame outside the program's source: a thread in the C library (waiting for the mutex or
 * its turn, or waking the other: which one depends on timing, also in plain gdb). */
const WAITING = { test: (frame: string) => !/mutex_workers\.c:\d+$/.test(frame) };

/**
 * What must match: each thread's number, name and selection mark, and the selected one's
 * frame when it is in the program's code (where a thread waits depends on timing); the
 * lines naming a thread, with LWPs and descriptor addresses masked.
 */
function threadView(text: string): string {
  // the stack's addresses depend on the environment (fred's variables)
  return tidyLines(text.replace(/arg=0x[0-9a-f]+/g, 'arg=A').split('\n').map((line) => {
    const row = /^([* ]) (\d+)\s+Thread 0x[0-9a-f]+ \(LWP \d+\) "([^"]*)"\s+(.*)$/.exec(line);
    if (row) return `${row[1]} ${row[2]} "${row[3]}"${row[1] === '*' ? ` ${WAITING.test(row[4]) ? 'waiting' : row[4]}` : ''}`;
    if (/^\s+Id\s+Target Id/.test(line)) return 'Id Target Id Frame';
    const frame = /^#0 +(.*)$/.exec(line);
    if (frame && WAITING.test(frame[1])) return '#0 waiting';
    if (/^\d+\s+in \.\.?\//.test(line)) return '';   /* the source line of a libc frame */
    if (line === '(More stack frames follow...)') return '';   /* not said by gdb in batch mode */
    return line.replace(/Thread 0x[0-9a-f]+ \(LWP \d+\)/g, 'Thread T').replace(/^\$\d+ = /, '$N = ');
  }).join('\n'));
}

const view = (transcript: string, tag: string) => stateDump(transcript, tag, '(gdb) ', threadView);
/** Where thread 3 is at hit 1 (being created or not yet) depends on timing: only the stop. */
const stop = (tag: string) => [`echo @@${tag}\\n`, 'p $_thread', 'frame', `echo @@END\\n`];
const dump = (tag: string) => [`echo @@${tag}\\n`, 'info threads', 'p $_thread', 'frame', `echo @@END\\n`];

describe('fred gdb: thread numbers and names across restores', function () {
  this.timeout(180000);

  for (const fredArgs of [['--cheap-replay', '0'], []]) {
    const mode = fredArgs.length ? 'snapshots at every step' : 'default replay policy';
    it(`info threads, thread N and $_thread after going back are the forward run's (${mode})`, async function () {
      const program = example(PROGRAM);
      const line = (c: string) => withLines(PROGRAM, c);
      // forward: hits 1 (thread 2), 2 (thread 3), 3 (thread 2); at hit 3 the user selects
      // thread 3 and continues twice; undoing both lands on hit 3 with thread 3 selected again
      const fred = await runFred(program, ['break @ADD', 'run', 'continue', ...dump('HIT2'), 'continue', 'thread 3',
        ...dump('HIT3'), 'continue', 'continue', 'fred-undo 2', ...dump('BACK3'),
        'fred-reverse-continue', ...dump('BACK2'), 'thread 2', 'echo @@T2\\n', 'bt 1', 'p $_thread', 'echo @@END\\n',
        'fred-reverse-continue', ...stop('BACK1')].map(line), { fredArgs, timeoutMs: 120000 });
      assert.strictEqual(fred.status, 0, `fred exited with ${fred.status}:\n${fred.transcript}`);
      assert.doesNotMatch(fred.transcript, /internal error|fred: no snapshot/, fred.transcript);
      const plain = runPlainGdb(program, ['break @ADD', 'run', ...stop('HIT1'), 'continue', ...dump('HIT2'),
        'thread 2', 'echo @@T2\\n', 'bt 1', 'p $_thread', 'echo @@END\\n', 'continue', 'thread 3', ...dump('HIT3')].map(line));
      assert.strictEqual(view(fred.transcript, 'BACK3'), view(plain, 'HIT3'), `back at hit 3 (thread 3 selected there)\n${fred.transcript}`);
      assert.strictEqual(view(fred.transcript, 'BACK2'), view(plain, 'HIT2'), `back at hit 2\n${fred.transcript}`);
      assert.strictEqual(view(fred.transcript, 'BACK1'), view(plain, 'HIT1'), `back at hit 1\n${fred.transcript}`);
      // `thread 2` after a restore selects the forward run's thread 2 (gdb numbers it otherwise)
      assert.strictEqual(view(fred.transcript, 'T2'), view(plain, 'T2'), fred.transcript);
      // forward, the answers were plain gdb's too
      assert.strictEqual(view(fred.transcript, 'HIT2'), view(plain, 'HIT2'), fred.transcript);
      // the reverse command names the thread it landed in
      assert.match(fred.transcript, /fred-reverse-continue\n\[thread 3 "adder-1"\]/, fred.transcript);
    });
  }
});
