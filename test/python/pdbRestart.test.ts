// `python3 -m pdb` at its (Pdb) prompt in a pty is checkpointed, killed and restarted in a
// NEW pty: the restored session shows a prompt by itself, and p, n, s, where, c, echo,
// line editing (readline), the terminal modes and the new window size all behave.
//
// How the prompt comes back: after a restart with a terminal, libfredckpt.so re-applies
// the saved termios and sends the process SIGWINCH (fred_state.c); Python's readline
// module answers SIGWINCH with rl_resize_terminal(), which redraws the prompt and the
// line being edited.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { waitFor } from '../helpers/processGroup';
import { Terminal } from '../snapshots/terminal';
import { scratchDir } from '../checkpointer/harness';

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const squares = path.join(repoRoot, 'test', 'python', 'programs', 'squares.py');
const PROMPT = /\(Pdb\) $/;

/** Type a pdb command and return what it printed before the next prompt. */
async function pdb(term: Terminal, command: string): Promise<string> {
  term.type(command);
  const m = await term.expect(`'${command}' and the next prompt`, /^([\s\S]*?)\(Pdb\) (?=$)/);
  return m[1];
}

/** Wait until pid sleeps in a system call (readline waiting for a key), not running Python. */
async function waitingForInput(pid: number, phase: string): Promise<void> {
  await waitFor(`${phase}: process ${pid} waiting for a key`, () => {
    try { return !fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith('running'); } catch { return false; }
  });
}

for (const python of ['/usr/bin/python3', 'python3']) {
  describe(`pdb (${python}) restarted in a new terminal`, function () {
    this.timeout(60000);
    const terminals: Terminal[] = [];
    afterEach(async () => { for (const t of terminals.splice(0)) await t.close(); });

    it('prints a prompt, and p, n, s, where, c, echo, line editing, termios and the window size work', async () => {
      const dir = scratchDir('pdb');
      const image = path.join(dir, 'pdb.img');
      const first = new Terminal('pdb', fredCkpt, ['launch', '--', python, '-m', 'pdb', squares], { cwd: dir, cols: 120, rows: 40 });
      terminals.push(first);
      await first.expect('first prompt', PROMPT);
      await pdb(first, 'b square');
      assert.match(await pdb(first, 'c'), /squares\.py\(3\)square\(\)/);
      assert.match(await pdb(first, 'p value'), /\r\n0\r\n$/);
      const lflag = /\r\n(\d+)\r\n$/.exec(await pdb(first, 'p __import__("termios").tcgetattr(0)[3]'))![1];
      await waitingForInput(first.pid, 'before the checkpoint');
      execFileSync(fredCkpt, ['checkpoint', String(first.pid), '-o', image, '--kill'], { cwd: dir, stdio: 'pipe' });
      await waitFor('the first pdb to end after --kill', () => first.exit !== undefined);

      const term = new Terminal('restarted pdb', fredCkpt, ['restart', image], { cwd: dir, cols: 90, rows: 25 });
      terminals.push(term);
      await term.expect('a prompt printed by the restored session', PROMPT);

      const printed = await pdb(term, 'p value * 7');
      assert.match(printed, /\r\n0\r\n$/);
      assert.equal(printed.match(/p value \* 7/g)?.length, 1, `the command was not echoed exactly once: ${JSON.stringify(printed)}`);
      assert.ok(!printed.includes('pp'), `characters echoed twice: ${JSON.stringify(printed)}`);
      assert.match(await pdb(term, 'p __import__("termios").tcgetattr(0)[3]'), new RegExp(`\\r\\n${lflag}\\r\\n$`), 'terminal modes differ after the restart');
      assert.match(await pdb(term, 'p __import__("os").get_terminal_size()'), /columns=90, lines=25/);
      term.resize(70, 20);
      assert.match(await pdb(term, 'p __import__("os").get_terminal_size()'), /columns=70, lines=20/);
      assert.match(await pdb(term, '1+1\x01p '), /\r\n2\r\n$/, 'Ctrl-A (readline) did not move to the start of the line');
      assert.match(await pdb(term, 'p 12\x7f3'), /\r\n13\r\n$/, 'backspace did not erase a character');

      const where = await pdb(term, 'where');
      assert.match(where, /squares\.py\(14\)<module>\(\)[\s\S]*squares\.py\(10\)main\(\)[\s\S]*> .*squares\.py\(3\)square\(\)/);
      assert.match(await pdb(term, 'n'), /squares\.py\(4\)square\(\)\r\n-> return result/);
      assert.match(await pdb(term, 's'), /--Return--/);
      assert.match(await pdb(term, 'c'), /squares\.py\(3\)square\(\)/);
      assert.match(await pdb(term, 'p value'), /\r\n1\r\n$/);
      await pdb(term, 'clear 1');
      assert.match(await pdb(term, 'c'), /total 30/);
    });
  });
}
