// The dialect of each debugger fred drives (dialect.ts says what a dialect knows).
import { DebuggerKind } from '../commands';
import { Dialect } from './dialect';
import { gdbDialect } from './gdb';
import { pdbDialect } from './pdb';

export { Dialect, gdbDialect, pdbDialect };

const dialects: Record<DebuggerKind, Dialect> = { gdb: gdbDialect, pdb: pdbDialect };

export function dialectOf(kind: DebuggerKind): Dialect {
  return dialects[kind];
}
