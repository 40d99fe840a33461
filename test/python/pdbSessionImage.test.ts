// An image written by fred-checkpoint in a `fred pdb` session, continued with
// `fred-ckpt restart` in a NEW terminal (no fred): pdb shows where it stands and its
// prompt again, in pdb's own format, and goes on from there.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';
import { runFred } from '../session/pdbScenario';
import { Terminal } from '../snapshots/terminal';

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const squares = path.join(repoRoot, 'test', 'python', 'programs', 'squares.py');

describe('a fred pdb image restarted by fred-ckpt in a new terminal', function () {
  this.timeout(120000);
  let dir: string;
  const terminals: Terminal[] = [];
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-pdb-image-')); });
  afterEach(async () => {
    for (const t of terminals.splice(0)) await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the location and the (Pdb) prompt, then n and c work', async () => {
    const first = await runFred(squares, ['b square', 'c', 'n', 'fred-checkpoint'], { fredArgs: ['--image-dir', dir, '--plain'] });
    const image = /image: (\S+\.img)\)/.exec(first.transcript)?.[1];
    assert.ok(image && fs.existsSync(image), first.transcript);
    const term = new Terminal('restarted pdb', fredCkpt, ['restart', image!], { cwd: dir, cols: 100, rows: 30 });
    terminals.push(term);
    await term.expect('the location and the prompt', /> \S*squares\.py\(4\)square\(\)\r\n-> return result\r\n\(Pdb\) $/);
    term.type('n');
    await term.expect('n from there', /--Return--[\s\S]*\(Pdb\) $/);
    term.type('p result');
    await term.expect('the value', /\r\n0\r\n\(Pdb\) $/);
  });
});
