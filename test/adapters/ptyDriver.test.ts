// The pty driver against a small fake debugger (a Python loop with its own prompt) that
// misbehaves on request: output in pieces, escapes around the prompt, dying mid-command.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PtyDriver } from '../../src/debugger-adapters/ptyDriver';
import { killGroup, trackGroup } from '../helpers/processGroup';
import { makeTempDir, within } from './adapterHarness';

const FAKE_DEBUGGER = String.raw`
import sys, time

def out(text, pause=0.0):
    sys.stdout.write(text)
    sys.stdout.flush()
    time.sleep(pause)

out("hello from fake\n")
show_prompt = True
while True:
    if show_prompt:
        out("\x1b[?2004h(fake) ")
    show_prompt = True
    line = sys.stdin.readline()
    if not line:
        break
    out("\x1b[?2004l\r")
    command = line.strip()
    if command == "exit":
        sys.exit(3)
    elif command == "die-mid":
        out("partial output")
        sys.exit(4)
    elif command == "slow":
        for piece in ["par", "tial ", "out", "put\n", "(fa", "ke", ") is not", " a prompt\n"]:
            out(piece, 0.02)
    elif command == "colour":
        out("\x1b[31mred\x1b[0m\n")
    elif command == "progress":
        out("50%\r100%\n")
    elif command == "split-prompt":
        out("x\n\x1b[?20", 0.05)
        out("04h(fa", 0.05)
        out("ke) ")
        show_prompt = False
    elif command.startswith("say "):
        out(command[4:] + "\n")
`;

describe('pty driver', function () {
  this.timeout(30000);
  let dir: string;
  let script: string;
  const started: PtyDriver[] = [];

  before(() => {
    dir = makeTempDir();
    script = path.join(dir, 'fake_debugger.py');
    fs.writeFileSync(script, FAKE_DEBUGGER);
  });
  afterEach(async () => {
    for (const driver of started.splice(0)) {
      try { await killGroup(driver.pid); } catch { /* never started */ }
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function startFake(): Promise<{ driver: PtyDriver; banner: string }> {
    const driver = new PtyDriver({ file: 'python3', args: [script], env: process.env }, /\(fake\) $/, 'fake');
    started.push(driver);
    const banner = driver.start();
    trackGroup(driver.pid);
    return { driver, banner: (await within('first prompt', banner)).text };
  }

  it('returns the banner, then each command\'s output without echo, prompt or escapes', async () => {
    const { driver, banner } = await startFake();
    assert.strictEqual(banner, 'hello from fake\n');
    assert.deepStrictEqual(await within('say', driver.run('say hi there')), { text: 'hi there\n' });
    assert.deepStrictEqual(await within('colour', driver.run('colour')), { text: 'red\n' });
    assert.deepStrictEqual(await within('progress', driver.run('progress')), { text: '100%\n' });
  });

  it('collects output that arrives in pieces, and a prompt split by an escape', async () => {
    const { driver } = await startFake();
    assert.deepStrictEqual(await within('slow', driver.run('slow')), { text: 'partial output\n(fake) is not a prompt\n' });
    assert.deepStrictEqual(await within('split prompt', driver.run('split-prompt')), { text: 'x\n' });
    assert.deepStrictEqual(await within('after split prompt', driver.run('say ok')), { text: 'ok\n' });
  });

  it('does not mistake a prompt inside the echoed command for the end', async () => {
    const { driver } = await startFake();
    assert.deepStrictEqual(await within('say (fake) ', driver.run('say (fake) x')), { text: '(fake) x\n' });
  });

  it('runs queued commands one at a time, in order', async () => {
    const { driver } = await startFake();
    const answers = await within('three queued', Promise.all(['say 1', 'slow', 'say 3'].map((c) => driver.run(c))));
    assert.deepStrictEqual(answers.map((a) => a.text), ['1\n', 'partial output\n(fake) is not a prompt\n', '3\n']);
  });

  it('passes raw output to listeners, except for silent commands', async () => {
    const { driver } = await startFake();
    let seen = '';
    driver.onOutput((chunk) => { seen += chunk; });
    await within('loud', driver.run('colour'));
    await within('silent', driver.run('say secret', { silent: true }));
    assert.match(seen, /colour\r\n.*\x1b\[31mred/s);
    assert.doesNotMatch(seen, /secret/);
  });

  it('resolves a command during which the program exits, rejects the queued ones', async () => {
    const { driver } = await startFake();
    const exitCode = new Promise<number | undefined>((resolve) => driver.onExit(resolve));
    const dying = driver.run('die-mid');
    const queued = driver.run('say never');
    assert.deepStrictEqual(await within('die-mid', dying), { text: 'partial output', debuggerExited: true });
    await assert.rejects(queued, /fake exited before running "say never"/);
    assert.strictEqual(await within('exit event', exitCode), 4);
    await assert.rejects(driver.run('say late'), /fake has exited/);
  });

  it('refuses a command with a line break', async () => {
    const { driver } = await startFake();
    await assert.rejects(driver.run('say a\nsay b'), /one command at a time/);
  });
});
