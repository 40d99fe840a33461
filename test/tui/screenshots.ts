// Screenshots of the full-screen interface for the README: real sessions driven in tmux
// (TmuxScreen), captured with their colours and drawn as PNG (screenImage.ts).
//   npm run build:ts && node dist/test/tui/screenshots.js    (writes doc/screenshots/*.png)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureToPng } from './screenImage';
import { TmuxScreen } from './tmuxScreen';

const root = path.resolve(__dirname, '..', '..', '..');
const fred = path.join(root, 'bin', 'fred');
const out = path.join(root, 'doc', 'screenshots');
const cols = 120, rows = 36;

interface Shot { name: string; argv: string[]; commands: string[]; ready: RegExp }

async function shoot(shot: Shot): Promise<void> {
  const t = new TmuxScreen();
  try {
    t.start(shot.argv, cols, rows, { LANG: 'C.UTF-8', TERM: 'tmux-256color' });
    await t.waitFor('the prompt', /\((gdb|Pdb)\)/);
    for (const command of shot.commands) {
      t.type(command);
      await new Promise((r) => setTimeout(r, 700)); // each command's answer and the panes' refresh
    }
    await t.waitFor(`${shot.name}: ready`, shot.ready, 60000);
    await new Promise((r) => setTimeout(r, 1000));
    const png = path.join(out, `${shot.name}.png`);
    captureToPng(t.colouredScreen(), cols, png);
    console.log(`wrote ${png}`);
    t.type('quit');
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-shots-'));
  try {
    const program = path.join(dir, 'loop_bug');
    execFileSync('gcc', ['-g', '-O0', '-o', program, path.join(root, 'examples', 'loop_bug.c')]);
    await shoot({
      name: 'tui-gdb', argv: [fred, 'gdb', program], ready: /fred-reverse-next[^]*\(gdb\)/,
      commands: ['break 15', 'run', 'continue', 'continue', 'next', 'next', 'fred-reverse-next'],
    });
    await shoot({
      name: 'tui-pdb', argv: [fred, 'pdb', path.join(root, 'examples', 'loop_bug.py')], ready: /fred-reverse-watch[^]*\(Pdb\)/,
      commands: ['b 12', 'c', 'p balance', 'fred-reverse-watch balance < 0'],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
