// Progress lines of a search in line mode (pure: a fake output stream, the real event emitter).
import * as assert from 'assert';
import { progressText, showSearchProgress } from '../../src/fred/cli/progressLine';
import { SessionEvents } from '../../src/fred/session/sessionEvents';

function output(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

function search(events: SessionEvents): void {
  const done = events.command('fred-reverse-watch x');
  events.emit({ type: 'search-progress', probes: 1, phase: 'history', remaining: 40 });
  events.emit({ type: 'search-progress', probes: 2, phase: 'continue as next', remaining: 0 });
  done(true);
}

describe('fred-reverse-watch progress on stderr', function () {
  it('says the probe, the phase and the distance left (when known)', function () {
    assert.strictEqual(progressText({ probes: 3, phase: 'history', remaining: 12 }), 'fred: probe 3, history, about 12 left');
    assert.strictEqual(progressText({ probes: 4, phase: 'searching', remaining: 0 }), 'fred: probe 4, searching');
  });

  it('on a terminal: one line rewritten in place, erased when the command ends', function () {
    const events = new SessionEvents();
    const { written, stream } = output(true);
    showSearchProgress(events, stream, {});
    search(events);
    assert.deepStrictEqual(written, ['\r\x1b[Kfred: probe 1, history, about 40 left', '\r\x1b[Kfred: probe 2, continue as next', '\r\x1b[K']);
  });

  it('not a terminal: nothing, unless FRED_PROGRESS=1 (then one line per probe)', function () {
    const quiet = output(false);
    showSearchProgress(new SessionEvents(), quiet.stream, {});
    const events = new SessionEvents();
    showSearchProgress(events, quiet.stream, {});
    search(events);
    assert.deepStrictEqual(quiet.written, []);
    const forced = output(false);
    const forcedEvents = new SessionEvents();
    showSearchProgress(forcedEvents, forced.stream, { FRED_PROGRESS: '1' });
    search(forcedEvents);
    assert.deepStrictEqual(forced.written, ['fred: probe 1, history, about 40 left\n', 'fred: probe 2, continue as next\n']);
  });

  it('stops when told to', function () {
    const events = new SessionEvents();
    const { written, stream } = output(true);
    const stop = showSearchProgress(events, stream, {});
    stop();
    search(events);
    assert.deepStrictEqual(written, []);
  });
});
