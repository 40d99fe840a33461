// A real program fred did not build (issue 13): Debian's lua5.4, stripped, running
// examples/outside_world.lua, which takes the clock (os.time), a random number Lua seeds
// from the clock itself, and a line of stdin (redirected from a file). No run can repeat
// those values, so the ground truth is what the same session showed going forward: each
// print reaches libc's fwrite with the text in $rdi (no debug symbols needed), and going
// back must show the very same texts; a fred-reverse-watch on the first character of
// stdout's buffer (libc's _IO_2_1_stdout_) gives the same answer every time.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot, runFred, section } from './gdbScenario';

const lua = '/usr/bin/lua5.4';
const script = path.join(repoRoot, 'examples', 'outside_world.lua');
const hasLua = (() => { try { execFileSync(lua, ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } })();

/** The text the stopped fwrite is about to print. */
const printed = (tag: string) => [`echo @@${tag}\\n`, 'x/s $rdi', 'echo @@END\\n'];
/** print writes its text, then "\n": two fwrite stops per line. */
const nextLine = ['continue', 'continue'];
const lineBack = ['fred-reverse-continue', 'fred-reverse-continue'];
/** The first character of stdout's buffer (_IO_write_base, offset 32): each printed line is copied there. */
const bufferStart = '**(char **)((char *)&_IO_2_1_stdout_ + 32)';

(hasLua ? describe : describe.skip)('a real program: Debian\'s lua5.4 with the clock, random numbers and stdin', function () {
  this.timeout(120000);
  let workDir: string;
  let input: string;
  before(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-lua-'));
    input = path.join(workDir, 'input.txt');
    fs.writeFileSync(input, 'hello from stdin\n');
  });
  after(() => fs.rmSync(workDir, { recursive: true, force: true }));

  for (const args of [['--cheap-replay', '0'], []]) {
    it(`fred-reverse-continue and fred-undo show the texts the forward run printed (${args.join(' ') || 'default policy'})`, async () => {
      const commands = [
        'break fwrite', `run ${script} < ${input}`, ...printed('FIRST'),
        ...nextLine, ...printed('SECOND'), ...nextLine, ...printed('THIRD'),
        ...lineBack, ...printed('BACK2'), ...lineBack, ...printed('BACK1'),
        'fred-undo', ...nextLine, ...printed('AGAIN2'),
      ];
      const { transcript } = await runFred(lua, commands, { fredArgs: ['--plain', ...args], cwd: workDir });
      const first = section(transcript, 'FIRST');
      assert.match(first, /"took t=\d+ r=\d+ line=hello from stdin"$/, transcript);
      assert.match(section(transcript, 'SECOND'), /"step 5 n=\d+"$/, transcript);
      assert.match(section(transcript, 'THIRD'), /"step 10 n=\d+"$/, transcript);
      assert.strictEqual(section(transcript, 'BACK2'), section(transcript, 'SECOND'), transcript);
      assert.strictEqual(section(transcript, 'BACK1'), first, transcript);
      assert.strictEqual(section(transcript, 'AGAIN2'), section(transcript, 'SECOND'), transcript);
      assert.doesNotMatch(transcript, /went another way|does not record/, transcript);
    });
  }

  // libc's debug info makes gdb show the inlined functions of _IO_new_file_xsputn as frames
  // of their own: a search that steps into one (no instruction runs) follows the line by
  // instructions (reverseWatch.ts byInstructions), else one search in two or three ended
  // "not located exactly" in xsputn instead of naming memcpy's instruction
  it('fred-reverse-watch on stdout\'s buffer gives the same answer 3 times of 3: where the second line replaced the first', async () => {
    const searches: string[] = [];
    for (let k = 0; k < 3; k++) {
      searches.push(`fred-reverse-watch ${bufferStart}`, `echo @@FOUND${k}\\n`, 'print $pc', `print ${bufferStart}`, 'echo @@END\\n', 'fred-restart 1');
    }
    const commands = ['break fwrite', `run ${script} < ${input}`, ...printed('FIRST'), ...nextLine, ...nextLine, 'fred-checkpoint', ...searches];
    const { transcript } = await runFred(lua, commands, { fredArgs: ['--plain', '--image-dir', workDir], cwd: workDir, timeoutMs: 110000 });
    const found = section(transcript, 'FOUND0');
    assert.match(found, /^\$N = \(void \(\*\)\(\)\) 0x[0-9a-f]+/, transcript);
    for (let k = 1; k < 3; k++) assert.strictEqual(section(transcript, `FOUND${k}`), found, `search ${k + 1}:\n${transcript}`);
    // the same point and the same words each time: the copy of the second line ("step 5
    // ...") over the first ("took ...") in stdout's buffer
    const answers = transcript.match(/^.* changes from .*$/gm) ?? [];
    assert.strictEqual(answers.length, 3, transcript);
    for (const answer of answers) assert.strictEqual(answer, answers[0], transcript);
    assert.match(answers[0], /changes from 116 't' to 115 's' /, transcript);
    assert.match(section(transcript, 'FIRST'), /"took /, transcript);
    assert.doesNotMatch(transcript, /went another way/, transcript);
  });
});
