// The one description of fred's and fred-ckpt's command lines. The parser (cliParse.ts),
// `--help` (helpPages.ts) and the man pages (man/*.1, written by manPages.ts) all read it,
// so they cannot disagree. A new subcommand (e.g. `fred dap`) is one more CommandSpec in
// `fredSubcommands` plus its runner in cli.ts.
import { defaultPolicy } from '../session/snapshotPolicy';

export interface OptionSpec {
  /** long name without dashes */
  name: string;
  short?: string;
  /** the value's placeholder (FILE, N...); absent for a flag */
  value?: string;
  /** may be given more than once */
  multiple?: boolean;
  help: string;
}

export interface CommandSpec {
  /** as typed: 'fred', 'fred gdb', 'fred-ckpt restart' */
  name: string;
  summary: string;
  synopsis: string[];
  options: OptionSpec[];
  /** paragraphs after the options */
  notes?: string[];
}

export const helpOption: OptionSpec = { name: 'help', short: 'h', help: 'print this help and exit' };
export const versionOption: OptionSpec = { name: 'version', short: 'V', help: 'print the version and exit' };

/** fred's own options; they go before the debugger's name or right after it. */
export const sessionOptions: OptionSpec[] = [
  { name: 'plain', help: 'line mode even on a terminal (no full-screen interface)' },
  { name: 'command', short: 'x', value: 'FILE', multiple: true, help: 'run commands from FILE first, as if typed (fred\'s and the debugger\'s)' },
  { name: 'log', value: 'FILE', help: 'write what fred sent to the debugger and received to FILE (default: session.log in the session directory, removed at exit)' },
  { name: 'image-dir', value: 'DIR', help: 'where fred-checkpoint writes images (default: the current directory)' },
  { name: 'restore', value: 'IMAGE', help: 'start at a checkpoint image from fred-checkpoint (gdb: PROG defaults to the image\'s; pdb: no SCRIPT needed)' },
  { name: 'snapshot-every', value: 'N', help: `snapshot before every Nth command that moves the program (default ${defaultPolicy.everyCommands})` },
  { name: 'replay-budget', value: 'MS', help: `during replays, snapshot when this much time passed (default ${defaultPolicy.replayBudgetMs})` },
  { name: 'memory-budget', value: 'MIB', help: `memory fred's automatic snapshots may hold (default ${defaultPolicy.memoryBudgetBytes / 1048576})` },
  { name: 'max-snapshots', value: 'N', help: `automatic snapshots kept at most (default ${defaultPolicy.maxSnapshots})` },
  { name: 'cheap-replay', value: 'MS', help: `no automatic snapshot while replaying back would cost under MS (default ${defaultPolicy.cheapReplayMs}; 0: snapshot whenever the rules above say so)` },
  helpOption,
  versionOption,
];

export const exitStatusNote = 'Exit status: 0 after quit (or --help, --version), 1 for an internal error (with its cause), 2 for a usage or user error (one line on stderr says what to do).';

export const fredSpec: CommandSpec = {
  name: 'fred',
  summary: 'a reversible debugger (gdb, pdb) built on checkpoint-restart',
  synopsis: [
    'fred [options] gdb [options] [gdb options] PROG [ARGS]',
    'fred [options] gdb [options] --args PROG ARGS...',
    'fred [options] pdb [options] SCRIPT [ARGS]',
    'fred [options] python3 -m pdb SCRIPT [ARGS]',
  ],
  options: sessionOptions,
  notes: [
    'Every command typed goes to the debugger and is logged; fred adds fred-undo, fred-reverse-next (rn), fred-reverse-step (rs), fred-reverse-finish, fred-reverse-continue (rc), fred-reverse-watch EXPR, fred-checkpoint, fred-restart, fred-history, fred-list, fred-branch, fred-switch, fred-source, fred-info and fred-help. Inside the debugger, "help fred-reverse-next" (or any of them) describes one.',
    'On a terminal fred opens a full-screen interface; with --plain, or when standard input is not a terminal, it reads commands line by line (with editing, history in ~/.fred_history and Tab completion on a terminal).',
    'fred gdb --help and fred gdb --version also show gdb\'s own.',
    exitStatusNote,
  ],
};

export const gdbSpec: CommandSpec = {
  name: 'fred gdb',
  summary: 'debug a native program with gdb, reversibly',
  synopsis: ['fred gdb [options] [gdb options] PROG [ARGS]', 'fred gdb [options] --args PROG ARGS...', 'fred gdb [options] --restore IMAGE [PROG]'],
  options: sessionOptions,
  notes: [
    'fred\'s options come right after "gdb" (or before it); everything after them goes to gdb. gdb -batch runs plain gdb; gdb -p PID is refused (fred must start the program).',
    exitStatusNote,
  ],
};

export const pdbSpec: CommandSpec = {
  name: 'fred pdb',
  summary: 'debug a Python script with pdb, reversibly',
  synopsis: ['fred pdb [options] SCRIPT [ARGS]', 'fred pdb [options] --restore IMAGE', 'fred [options] python3 -m pdb SCRIPT [ARGS]'],
  options: sessionOptions,
  notes: [exitStatusNote],
};

export const dapSpec: CommandSpec = {
  name: 'fred dap',
  summary: 'the Debug Adapter Protocol for editors (step back in VS Code)',
  synopsis: ['fred dap [--port N] [options]'],
  options: [{ name: 'port', value: 'N', help: 'listen for one client on 127.0.0.1:N instead of stdin/stdout' }, ...sessionOptions],
  notes: ['The editor\'s launch request names the program (or script) and the debugger (gdb or pdb).', exitStatusNote],
};

/** fred's subcommands by name; cli.ts holds what runs each. */
export const fredSubcommands: Record<string, CommandSpec> = { gdb: gdbSpec, pdb: pdbSpec, dap: dapSpec };

const ckptExit = 'Exit status: 0 on success, 1 for an internal error, 2 for a usage or user error (one line on stderr). launch and restart exit with the program\'s own status.';

export const ckptSubcommands: Record<string, CommandSpec> = {
  launch: {
    name: 'fred-ckpt launch', summary: 'run PROG under checkpoint control (it keeps this process\'s pid)',
    synopsis: ['fred-ckpt launch [--dir DIR] [--no-aslr] -- PROG [ARGS...]'],
    options: [
      { name: 'dir', value: 'DIR', help: 'where images are written on kill -12 PID (default: the program\'s current directory)' },
      { name: 'no-aslr', help: 'run without address space randomisation' },
      helpOption, versionOption,
    ],
    notes: ['Descriptors above 2 inherited from the caller are closed (as sudo does). A statically linked program runs under a ptrace supervisor, fred-supervise.'],
  },
  checkpoint: {
    name: 'fred-ckpt checkpoint', summary: 'make process PID write an image; print its path',
    synopsis: ['fred-ckpt checkpoint PID [-o FILE] [--kill]'],
    options: [
      { name: 'output', short: 'o', value: 'FILE', help: 'the image file (default: fred-COMM-PID.img in the launch directory)' },
      { name: 'kill', help: 'kill the process once the image is written' },
      helpOption, versionOption,
    ],
  },
  restart: {
    name: 'fred-ckpt restart', summary: 'continue the image\'s process here (it keeps this process\'s pid)',
    synopsis: ['fred-ckpt restart IMAGE [--stop] [--lazy [--verify]]'],
    options: [
      { name: 'stop', help: 'stop it (SIGSTOP) just before it resumes, for gdb -p' },
      { name: 'lazy', help: 'map big areas from the image instead of checking every checksum and reading all data first (faster; the image file must then stay as it is)' },
      { name: 'verify', help: 'with --lazy: check every checksum first (a restart without --lazy always does)' },
      helpOption, versionOption,
    ],
  },
  info: {
    name: 'fred-ckpt info', summary: 'show an image\'s header, areas and files',
    synopsis: ['fred-ckpt info IMAGE [--json]'],
    options: [{ name: 'json', help: 'as JSON' }, helpOption, versionOption],
  },
  verify: {
    name: 'fred-ckpt verify', summary: 'check every checksum of an image',
    synopsis: ['fred-ckpt verify IMAGE'], options: [helpOption, versionOption],
  },
  lib: {
    name: 'fred-ckpt lib', summary: 'print the path of the preload library (for LD_PRELOAD)',
    synopsis: ['fred-ckpt lib'], options: [helpOption, versionOption],
  },
  'python-path': {
    name: 'fred-ckpt python-path', summary: 'print the fredckpt Python module\'s directory (for PYTHONPATH)',
    synopsis: ['fred-ckpt python-path'], options: [helpOption, versionOption],
  },
};

export const ckptSpec: CommandSpec = {
  name: 'fred-ckpt',
  summary: 'save processes to image files and restart them, unprivileged',
  synopsis: Object.values(ckptSubcommands).flatMap((c) => c.synopsis),
  options: [helpOption, versionOption],
  notes: [
    '"fred-ckpt COMMAND --help" describes one command.',
    ckptExit,
  ],
};
