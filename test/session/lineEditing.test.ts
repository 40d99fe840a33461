// Line mode on a terminal (fred --plain in a real pty): readline editing keys, history
// (Up, Ctrl-R, kept in the history file across sessions), Tab completion of fred's
// commands and of gdb's commands and symbols, Ctrl-C at the prompt, Ctrl-D quits.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Terminal } from '../snapshots/terminal';
import { example, repoRoot } from './gdbScenario';

const fredCli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
const up = '\x1b[A';
const ctrlA = '\x01';
const right = '\x1b[C';
const ctrlE = '\x05';
const ctrlR = '\x12';
const tab = '\t';
/** gdb's prompt as readline draws it (it may move the cursor after it). */
const prompt = /\(gdb\) (?:\x1b\[\d+G)?$/;

/** Keys one at a time, as typed (readline reads a pasted run of escape sequences differently). */
async function keys(t: Terminal, sequence: string[]): Promise<void> {
  for (const key of sequence) {
    t.write(key);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fred line mode on a terminal: editing, history, completion', function () {
  this.timeout(90000);
  let dir: string;
  let terminal: Terminal | undefined;

  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-lineedit-')); });
  afterEach(async () => {
    await terminal?.close();
    terminal = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (program: string, label: string) => {
    terminal = new Terminal(label, process.execPath, [fredCli, '--plain', 'gdb', program], {
      cwd: dir, env: { ...process.env, FRED_HISTORY: path.join(dir, 'history') },
    });
    return terminal;
  };

  it('recalls with Up, edits with Ctrl-A/Ctrl-E, and completes fred and gdb commands and symbols', async function () {
    const t = start(example('loop_bug'), 'editing');
    await t.expect('first prompt', prompt);
    // gdb's symbols through `complete`: "break mai" + Tab -> "break main"
    t.write(`break mai${tab}`);
    await t.expect('symbol completed', /break main/);
    t.write('\r');
    await t.expect('breakpoint set', /Breakpoint 1 at/);
    t.type('run');
    await t.expect('stopped at main', /Breakpoint 1, main/);
    await t.expect('prompt after run', prompt);
    t.type('next');
    await t.expect('prompt after next', prompt);
    t.type('print 2');
    await t.expect('value printed', /\$1 = 2\r\n/);
    // Up recalls "print 2" (no "^[[A" sent to gdb); Ctrl-E, Ctrl-A and Right move the cursor
    await keys(t, [up, ctrlE, '0', ctrlA, ...Array(6).fill(right), '1', '\r']);
    await t.expect('edited line ran', /\$2 = 120\r\n/);
    assert.doesNotMatch(t.output, /\^\[\[A|Undefined command/);
    // fred's commands complete too: "fred-reverse-n" + Tab -> "fred-reverse-next"
    t.write(`fred-reverse-n${tab}`);
    await t.expect('fred command completed', /fred-reverse-next/);
    t.write('\r');
    await t.expect('reverse-next went back to the line before', /main \(\) at .*loop_bug\.c:\d+/);
    await t.expect('prompt after reverse-next', prompt);
    // Ctrl-R finds "break main" in the history
    t.write(`${ctrlR}brea`);
    await t.expect('search shows the match', /reverse-i-search\)`brea': break main/);
    t.write('\r');
    await t.expect('the found line ran', /Note: breakpoint 1 also set|Breakpoint 2 at/);
    // Ctrl-C at the prompt drops the line; Ctrl-D on an empty line ends the session
    t.write('print 12345\x03');
    await t.expect('line dropped', /\^C/);
    t.write('\x04');
    await new Promise<void>((resolve) => { const check = () => (t.exit ? resolve() : setTimeout(check, 20)); check(); });
    assert.strictEqual(t.exit?.code, 0);
    assert.doesNotMatch(t.output, /\$\d+ = 12345/);
    const saved = fs.readFileSync(path.join(dir, 'history'), 'utf8').split('\n');
    assert.ok(saved.includes('break main') && saved.includes('fred-reverse-next'), `history file: ${saved.join('|')}`);
  });

  it('keeps the history across sessions, like gdb\'s history file', async function () {
    fs.writeFileSync(path.join(dir, 'history'), 'info line main\n');
    const t = start(example('loop_bug'), 'history');
    await t.expect('first prompt', prompt);
    await keys(t, [up, '\r']);
    await t.expect('the previous session\'s line ran', /Line \d+ of ".*loop_bug\.c"/);
    t.type('quit');
    await new Promise<void>((resolve) => { const check = () => (t.exit ? resolve() : setTimeout(check, 20)); check(); });
  });

  it('completes pdb\'s commands and the names of the frame, and fred\'s commands, in fred pdb', async function () {
    const t = (terminal = new Terminal('pdb', process.execPath, [fredCli, '--plain', 'pdb', path.join(repoRoot, 'examples', 'loop_bug.py')], {
      cwd: dir, env: { ...process.env, FRED_HISTORY: path.join(dir, 'history') },
    }));
    const pdbPrompt = /\(Pdb\) (?:\x1b\[\d+G)?$/;
    await t.expect('first prompt', pdbPrompt);
    await keys(t, [...'unt', tab]);
    await t.expect('pdb command completed', /until/);
    await keys(t, [' 10', '\r']);
    await t.expect('ran until line 10', /loop_bug\.py\(10\)/);
    await t.expect('prompt after until', pdbPrompt);
    await keys(t, [...'p bal', tab]);
    await t.expect('name from the frame completed', /p balance/);
    t.write('\r');
    await t.expect('its value', /\r\n100\r\n/);
    await keys(t, [...'fred-hist', tab]);
    await t.expect('fred command completed', /fred-history/);
    t.write('\r');
    await t.expect('fred-history ran', /until 10/);
    t.type('quit');
    await new Promise<void>((resolve) => { const check = () => (t.exit ? resolve() : setTimeout(check, 20)); check(); });
  });
});
