// The status machine as the status line uses it: events from a reverse command (search
// probes, restores, replays, snapshots) and the words shown for each phase.
import * as assert from 'assert';
import { startStatusActor, statusText, StatusView } from '../../src/fred/machine';

function actor() {
  const seen: StatusView[] = [];
  const a = startStatusActor({ changed: (v) => seen.push(v), tickMs: 0, now: () => 0 });
  return { a, seen };
}

describe('status machine', () => {
  it('goes stopped -> running -> stopped for a plain command, with elapsed time', () => {
    const { a } = actor();
    assert.strictEqual(a.view().phase, 'stopped');
    assert.strictEqual(statusText(a.view()), 'not started');
    a.send({ type: 'COMMAND_STARTED', line: 'continue', at: 1000 });
    a.send({ type: 'TICK', at: 3500 });
    assert.strictEqual(a.view().phase, 'running');
    assert.strictEqual(statusText(a.view()), 'running continue · 2.5 s');
    a.send({ type: 'PROGRAM', program: { kind: 'stopped', where: 'loop.c:9 in main' }, at: 3600 });
    a.send({ type: 'COMMAND_FINISHED', ok: true, at: 3600 });
    assert.strictEqual(a.view().phase, 'stopped');
    assert.strictEqual(statusText(a.view()), 'stopped at loop.c:9 in main');
    a.stop();
  });

  it('follows a reverse search: probes, restarts, replays k of n, snapshots, then back', () => {
    const { a } = actor();
    a.send({ type: 'COMMAND_STARTED', line: 'fred-reverse-watch x', at: 0 });
    a.send({ type: 'RESTORE_STARTED', at: 10 });
    assert.strictEqual(a.view().phase, 'restarting');
    a.send({ type: 'RESTORED', at: 20 });
    a.send({ type: 'REPLAY_PROGRESS', done: 1, total: 4, at: 30 });
    assert.strictEqual(a.view().phase, 'replaying');
    assert.match(statusText(a.view()), /^replaying 1 of 4 · fred-reverse-watch x/);
    a.send({ type: 'SNAPSHOT_STARTED', at: 40 });
    assert.strictEqual(a.view().phase, 'checkpointing');
    a.send({ type: 'SNAPSHOT_TAKEN', at: 50 });
    assert.strictEqual(a.view().phase, 'running');
    a.send({ type: 'REPLAY_PROGRESS', done: 4, total: 4, at: 60 });
    a.send({ type: 'SEARCH_PROGRESS', probes: 1, phase: 'history', remaining: 16, at: 70 });
    assert.strictEqual(a.view().phase, 'searching');
    assert.strictEqual(statusText(a.view()), 'searching probe 1 of about 5 · history · fred-reverse-watch x · 0.1 s');
    a.send({ type: 'RESTORE_STARTED', at: 80 });
    assert.match(statusText(a.view()), /^restarting from a snapshot · search probe 1 of about 5/);
    a.send({ type: 'RESTORED', at: 90 });
    assert.strictEqual(a.view().phase, 'searching');
    a.send({ type: 'COMMAND_FINISHED', ok: false, at: 100 });
    assert.strictEqual(a.view().phase, 'stopped');
    assert.match(statusText(a.view()), /last command failed/);
    a.stop();
  });

  it('gives a total of probes only while a bisection halves a known distance', () => {
    const { a } = actor();
    a.send({ type: 'COMMAND_STARTED', line: 'fred-reverse-step', at: 0 });
    a.send({ type: 'SEARCH_PROGRESS', probes: 25, phase: 'expanding next into steps', remaining: 2, at: 0 });
    assert.match(statusText(a.view()), /^searching probe 25, expanding next into steps/);
    a.send({ type: 'SEARCH_PROGRESS', probes: 26, phase: 'bisecting', remaining: 64, at: 0 });
    assert.match(statusText(a.view()), /^searching probe 26 of about 32/);
    a.stop();
  });

  it('waits for the outer command when commands nest (fred-source)', () => {
    const { a } = actor();
    a.send({ type: 'COMMAND_STARTED', line: 'fred-source cmds', at: 0 });
    a.send({ type: 'COMMAND_STARTED', line: 'next', at: 1 });
    a.send({ type: 'COMMAND_FINISHED', ok: true, at: 2 });
    assert.strictEqual(a.view().phase, 'running');
    a.send({ type: 'COMMAND_FINISHED', ok: true, at: 3 });
    assert.strictEqual(a.view().phase, 'stopped');
    a.stop();
  });

  it('reports changes through the provided effect, once the machine settled', async () => {
    const { a, seen } = actor();
    a.send({ type: 'COMMAND_STARTED', line: 'next', at: 0 });
    await Promise.resolve();
    assert.strictEqual(seen[seen.length - 1].phase, 'running');
    a.stop();
  });
});
