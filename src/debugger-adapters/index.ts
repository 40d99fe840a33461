// The debugger adapters' public surface: the interface and its two implementations.
export * from './debugger';
export { createGdb, GdbOptions, gdbHelpersFile } from './gdb';
export { createPdb, PdbOptions } from './pdb';
export { LaunchOptions } from './spawnCommand';
