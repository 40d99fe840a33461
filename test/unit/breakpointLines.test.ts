// The debugger lines fred dap makes for breakpoints of the protocol's kinds (pure).
import * as assert from 'assert';
import { gdbBreakLine, ignoreCount, pdbBreakLine } from '../../src/fred/engine/breakpointLines';

describe('engine/breakpointLines', () => {
  it('hit counts: N and >= N stop from the N-th hit on; anything else is refused', () => {
    assert.strictEqual(ignoreCount(undefined), undefined);
    assert.strictEqual(ignoreCount(''), undefined);
    assert.strictEqual(ignoreCount('1'), undefined);
    assert.strictEqual(ignoreCount('3'), 2);
    assert.strictEqual(ignoreCount(' >= 5 '), 4);
    for (const bad of ['0', 'odd', '== 3', '% 2', '-1']) assert.throws(() => ignoreCount(bad), /hit count/);
  });

  it('gdb: break with if; a logpoint is a dprintf printing each {expr} through $_as_string', () => {
    assert.strictEqual(gdbBreakLine({ location: 'a.c:12' }), 'break a.c:12');
    assert.strictEqual(gdbBreakLine({ location: 'f', condition: 'n == 3' }), 'break f if n == 3');
    assert.strictEqual(gdbBreakLine({ location: 'a.c:12', logMessage: 'x={x} at 100% "now" \\ {p->y + 1}' }),
      'dprintf a.c:12,"x=%s at 100%% \\"now\\" \\\\ %s\\n",$_as_string(x),$_as_string(p->y + 1)');
    assert.strictEqual(gdbBreakLine({ location: 'a.c:12', logMessage: 'plain' }), 'dprintf a.c:12,"plain\\n"');
  });

  it('pdb: break with a condition; a logpoint is a condition that prints an f-string and is never true', () => {
    assert.strictEqual(pdbBreakLine({ location: 'a.py:3', condition: 'i == 2' }), 'break a.py:3, i == 2');
    assert.strictEqual(pdbBreakLine({ location: 'a.py:3', logMessage: 'say "{x}" \\ ok' }), 'break a.py:3, print(f"say \\"{x}\\" \\\\ ok")');
    assert.strictEqual(pdbBreakLine({ location: 'a.py:3', logMessage: 'n={n}', condition: 'n > 1' }), 'break a.py:3, (n > 1) and print(f"n={n}")');
  });
});
