// The package as a user installs it: `npm pack`, then `npm install -g` of the tarball into
// a temporary prefix; from that PATH, fred --version/--help, man pages, a line-mode gdb
// session with a reverse command, and fred-ckpt launch, checkpoint and restart.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { program, start } from '../checkpointer/harness';
import { example, repoRoot } from '../session/gdbScenario';

describe('the package installed from its tarball', function () {
  this.timeout(600000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let installed: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-package-'));
    // dist/ is built already (the tests run from it); packing runs no script
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
    const prefix = path.join(dir, 'prefix');
    const install = spawnSync('npm', ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(dir, tarball)],
      { encoding: 'utf8', timeout: 540000 });
    assert.strictEqual(install.status, 0, `npm install -g of the tarball failed:\n${install.stdout}\n${install.stderr}`);
    installed = path.join(prefix, 'lib', 'node_modules', 'fred-debugger');
    env = { ...process.env, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`, MANPATH: path.join(prefix, 'share', 'man') };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fred = (args: string[], input = '') => spawnSync('fred', args, { encoding: 'utf8', env, input, timeout: 120000, cwd: dir });

  it('ships what runs and nothing else: no tests, no TypeScript sources, the native parts built', () => {
    const files = execFileSync('find', [installed, '-path', '*/node_modules', '-prune', '-o', '-type', 'f', '-print'], { encoding: 'utf8' }).split('\n');
    assert.ok(!files.some((f) => /\/test\/|\.ts$/.test(f)), files.filter((f) => /\/test\/|\.ts$/.test(f)).join('\n'));
    for (const artifact of ['libfredckpt.so', 'fred-exec', 'fred-holder', 'fred_native.node']) {
      assert.ok(fs.existsSync(path.join(installed, 'build', 'native', 'Release', artifact)), `${artifact} was not built on install`);
    }
    assert.ok(fs.existsSync(path.join(env.MANPATH!, 'man1', 'fred.1')) && fs.existsSync(path.join(env.MANPATH!, 'man1', 'fred-ckpt.1')));
  });

  it('runs fred --version and fred --help from PATH', () => {
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    assert.strictEqual(fred(['--version']).stdout, `fred ${version}\n`);
    const help = fred(['--help']);
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /usage: fred \[options\] gdb/);
  });

  it('runs a line-mode gdb session that goes back', () => {
    const r = fred(['gdb', example('loop_bug')], 'break main\nrun\nnext\nnext\nfred-reverse-next\ninfo line\nquit\n');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /\(gdb\) fred-reverse-next\n#0  main \(\) at .*loop_bug\.c:13/);
  });

  it('runs fred-ckpt launch, checkpoint --kill and restart', async () => {
    const countdown = program('countdown.c');
    const launched = start('installed launch', 'fred-ckpt', ['launch', '--', countdown, '30'], { cwd: dir, env });
    try {
      await launched.waitOut('counting under fred-ckpt launch', /\b5 /);
      const image = path.join(dir, 'countdown.img');
      const ckpt = spawnSync('fred-ckpt', ['checkpoint', String(launched.pid), '-o', image, '--kill'], { encoding: 'utf8', env });
      assert.strictEqual(ckpt.status, 0, ckpt.stderr);
      await launched.waitExit('killed after the checkpoint');
      const restarted = start('installed restart', 'fred-ckpt', ['restart', image], { cwd: dir, env });
      try {
        const expected = Array.from({ length: 30 }, (_, i) => i * i).reduce((a, b) => a + b, 0);
        await restarted.waitOut('the restarted count finishes', new RegExp(`done total=${expected}\\n`), 30000);
      } finally {
        await restarted.kill();
      }
    } finally {
      await launched.kill();
    }
  });
});
