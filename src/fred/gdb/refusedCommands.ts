// gdb commands that cannot work inside a fred session, answered by fred instead of gdb:
// gdb's own recording (fred records already; gdb's `record full` also fails on AVX code
// and then hangs the session), gdb's full-screen layout (fred's terminal is its own),
// and attaching to a process fred did not start (it has no snapshot library).
import { DebuggerKind } from '../../history/commands';

interface Refusal { pattern: RegExp; answer: string }

const gdbRefusals: Refusal[] = [
  {
    // record, rec, record full, record btrace, target record-full, target record...
    pattern: /^(rec(o(rd?)?)?|target\s+record(-\S+)?)(\s|$)/,
    answer: 'fred records the program\'s history already (every command, with snapshots), so gdb\'s record is not needed and nothing was changed: go back with rn, rs, rf, rc, rsi, rni or fred-undo',
  },
  {
    pattern: /^(layout|tui(\s+(enable|new-layout|layout))?)(\s|$)|^(focus|fs|winheight|wh)(\s|$)/,
    answer: 'gdb\'s full-screen layout cannot run inside fred (it would take over fred\'s terminal); on a terminal fred shows its own full-screen interface unless --plain is given',
  },
  {
    pattern: /^(at(t(a(ch?)?)?)?)(\s|$)/,
    answer: 'fred cannot take over a process it did not start (its snapshots need fred\'s library loaded from the program\'s start); start the program in this session with run',
  },
];

/** fred's answer when the line must not reach the debugger; undefined to pass it on. */
export function refusal(line: string, debuggerKind: DebuggerKind): string | undefined {
  if (debuggerKind !== 'gdb') return undefined;
  const text = line.trim();
  return gdbRefusals.find((r) => r.pattern.test(text))?.answer;
}
