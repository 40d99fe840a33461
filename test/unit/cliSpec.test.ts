// The command-line spec is the one source of --help and the man pages.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ckptSpec, ckptSubcommands, fredSpec, fredSubcommands, sessionOptions } from '../../src/fred/cli/cliSpec';
import { helpText } from '../../src/fred/cli/helpPages';
import { manPages } from '../../src/fred/cli/manPages';
import { repoRoot } from '../../src/fred/checkpointer/nativePaths';

describe('command-line spec, --help and man pages', () => {
  it('lists every option and subcommand in --help, in lines of at most 80 columns', () => {
    for (const [spec, subs] of [[fredSpec, fredSubcommands], [ckptSpec, ckptSubcommands]] as const) {
      const text = helpText(spec, subs);
      for (const o of spec.options) assert.match(text, new RegExp(`--${o.name}\\b`));
      for (const name of Object.keys(subs)) assert.match(text, new RegExp(`^  ${name} `, 'm'));
      for (const line of text.split('\n')) assert.ok(line.length <= 80, `too long: ${line}`);
      assert.match(text, /Exit status: 0/);
    }
    for (const o of sessionOptions) assert.match(helpText(fredSubcommands.gdb), new RegExp(`--${o.name}\\b`));
  });

  it('has the committed man pages equal to what the spec makes (npm run build:man rewrites them)', () => {
    for (const [name, text] of Object.entries(manPages())) {
      assert.strictEqual(fs.readFileSync(path.join(repoRoot, 'man', name), 'utf8'), text, `man/${name} is stale: run npm run build:man`);
    }
    assert.match(manPages()['fred.1'], /fred\\-reverse\\-watch/);
  });
});

describe('fred-help in a narrow console', () => {
  it('wraps at spaces within the width it is given, for every width from 30 to 120', async () => {
    const { helpText: fredHelp } = await import('../../src/fred/cli/helpText');
    for (let width = 30; width <= 120; width += 7) {
      for (const line of fredHelp(undefined, width).split('\n')) assert.ok(line.length <= width, `width ${width}: ${line}`);
    }
    assert.match(fredHelp(undefined, 120), /^ {2}fred-undo \[N\] +undo the last N commands/m);
  });
});
