// Which catchpoints a reverse command says it did not follow (catchpointNotes.ts): the
// enabled ones that stop at events, not at code (exception catchpoints count as breakpoints).
import { strict as assert } from 'assert';
import { catchpointsNotFollowed } from '../../src/fred/gdb/catchpointNotes';
import { BreakpointState } from '../../src/debugger-adapters/debugger';

describe('catchpoints not followed going back', () => {
  const user = (n: number) => n + 10;

  it('names each enabled event catchpoint under the user\'s number, without its condition', () => {
    const existing: BreakpointState[] = [
      { number: 1, enabled: true, spec: 'break main', kind: 'breakpoint' },
      { number: 2, enabled: true, spec: 'catch syscall write if $rdi == 1', kind: 'other', condition: '$rdi == 1' },
      { number: 3, enabled: true, spec: 'catch throw', kind: 'breakpoint' },
      { number: 4, enabled: false, spec: 'catch fork', kind: 'other' },
      { number: 5, enabled: true, spec: 'catch signal SIGUSR1', kind: 'other' },
    ];
    assert.deepEqual(catchpointsNotFollowed(existing, user), [
      'fred: catchpoint 12 (catch syscall write) is not followed going back (only catch throw, catch catch and catch rethrow are)',
      'fred: catchpoint 15 (catch signal SIGUSR1) is not followed going back (only catch throw, catch catch and catch rethrow are)',
    ]);
  });

  it('says nothing without catchpoints', () => {
    assert.deepEqual(catchpointsNotFollowed([{ number: 1, enabled: true, spec: 'watch x', kind: 'watchpoint' }], user), []);
  });
});
