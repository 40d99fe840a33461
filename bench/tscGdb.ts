// How gdb could hide the SIGSEGV of a trapped rdtsc (issue 13; not adopted, README "Limits"),
// checked on any host: PR_SET_TSC has no effect on some (bench/tscTrap.ts says which), so a
// 2-byte load from a non-canonical address stands for the trapped rdtsc: it raises the same
// SIGSEGV (a #GP: si_code SI_KERNEL, no address) at an instruction of the same length, which
// the emulation skips after giving %eax the next value of a counter (what the record log
// would answer). One site sits mid-line, one ends its line's code. The same program run with
// a valid address (no fault) under plain gdb is the ground truth: `next` and `stepi` across
// the sites, and a real crash, must print what they print there. Three ways are tried:
//   handler:    `handle SIGSEGV nostop noprint pass`, the program's handler emulates;
//   catchpoint: a `catch signal SIGSEGV` whose condition is false (the catchpoint explains
//               the signal: nothing printed), the program's handler emulates;
//   in gdb:     the catchpoint's condition emulates in gdb (an inferior call for the value,
//               $pc moved past the instruction, the signal dropped with `handle nopass` until
//               the stop); a real fault is dropped once with the catchpoint off, so that the
//               instruction faults again and gdb shows it as it always does.
// The answer is where each command ends; then, per way, what one emulated read costs under
// gdb (a fourth row reads and writes the value in the program's memory, no inferior call).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { padEnd } from './timing';

const program = String.raw`
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

unsigned long long counter = 1000;
/* what the record log would answer: a new value per read */
__attribute__((noinline, used)) unsigned long long next_counter(void) { return counter += 7; }

static unsigned value = 5;
static unsigned long volatile base;   /* &value, or a non-canonical address: a #GP like a trapped rdtsc */

static unsigned read_mid(void)
{
    unsigned v;
    __asm__ volatile("mov %1,%%rbx\n\t.globl site_mid\nsite_mid: .byte 0x8b,0x03\n\tadd $1,%%eax" : "=a"(v) : "m"(base) : "rbx");
    return v;
}

static unsigned read_last(void)
{
    unsigned v;
    __asm__ volatile("mov %1,%%rbx\n\t.globl site_last\nsite_last: .byte 0x8b,0x03" : "=a"(v) : "m"(base) : "rbx");
    return v;
}

__attribute__((noinline)) static unsigned read_loop(void)
{
    unsigned v;
    __asm__ volatile("mov %1,%%rbx\n\t.globl site_loop\nsite_loop: .byte 0x8b,0x03\n\tadd $1,%%eax" : "=a"(v) : "m"(base) : "rbx");
    return v;
}

void install_emulation(void);

int main(int argc, char **argv)
{
    base = argc > 1 && strcmp(argv[1], "trap") == 0 ? 0x800000000000ul : (unsigned long)&value;
    install_emulation();
    unsigned a = read_mid();
    printf("a=%u\n", a);
    unsigned b = read_last();
    printf("b=%u\n", b);
    if (argc > 2 && strcmp(argv[2], "loop") == 0) {   /* us per read, after the lines above */
        int n = atoi(argv[3]);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < n; i++) read_loop();
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("us-per-read %.2f\n", ((t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3) / n);
    } else if (argc > 2) {
        *(volatile int *)0 = 1;
    }
    return 0;
}
`;

/* Built without -g, like fred's library: gdb has no lines for it. */
const handler = String.raw`
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <ucontext.h>

extern char site_mid[], site_last[], site_loop[];
unsigned long long next_counter(void);

static void on_segv(int sig, siginfo_t *si, void *context)
{
    ucontext_t *uc = context;
    char *pc = (char *)uc->uc_mcontext.gregs[REG_RIP];
    (void)sig;
    if (si->si_code == 0x80 && (pc == site_mid || pc == site_last || pc == site_loop)) {
        uc->uc_mcontext.gregs[REG_RAX] = (unsigned)next_counter();
        uc->uc_mcontext.gregs[REG_RIP] += 2;
        return;
    }
    signal(SIGSEGV, SIG_DFL);
}

void install_emulation(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
}
`;

const emulateInGdb = String.raw`
import gdb

passed_back = []
user_passes = []   # the user's pass setting for SIGSEGV, asked once per stop

def drop_signal():
    # keep_going drops a signal the table does not pass; the user's setting is back at the stop
    if not user_passes:
        user_passes.append(gdb.execute("info signals SIGSEGV", to_string=True).splitlines()[1].split()[3] == "Yes")
    if user_passes[0] and not passed_back:
        gdb.execute("handle SIGSEGV nopass", to_string=True)
        passed_back.append(True)

disabled = []

def catchpoints(enabled):
    if enabled and not disabled:
        return
    for b in gdb.breakpoints():
        if b.type == gdb.BP_CATCHPOINT:
            b.enabled = enabled
            if not enabled:
                disabled.append(b)
    if enabled:
        del disabled[:]

sites = []

class Emulate(gdb.Function):
    def __init__(self, name):
        super().__init__(name)
        self.by_memory = name == "_emulate_memory"

    def invoke(self):
        pc = int(gdb.parse_and_eval("$pc"))
        if not sites:   # the addresses, looked up once
            sites.extend(int(gdb.parse_and_eval("(long)&%s" % s)) for s in ("site_mid", "site_last", "site_loop"))
        if pc in sites:
            if self.by_memory:   # the value from the program's memory, without an inferior call
                counter = gdb.parse_and_eval("counter")
                gdb.execute("set var counter = %d" % (int(counter) + 7), to_string=True)
                value = (int(counter) + 7) & 0xffffffff
            else:
                value = int(gdb.parse_and_eval("next_counter()")) & 0xffffffff
            gdb.execute("set $rax = %d" % value, to_string=True)
            gdb.execute("set $pc = %d" % (pc + 2), to_string=True)
        else:
            catchpoints(False)
        drop_signal()
        return 0

Emulate("_emulate")
Emulate("_emulate_memory")

def at_stop(event):
    del user_passes[:]
    while passed_back:
        passed_back.pop()
        gdb.execute("handle SIGSEGV pass", to_string=True)

gdb.events.stop.connect(at_stop)
gdb.events.exited.connect(at_stop)
gdb.events.cont.connect(lambda event: catchpoints(True))
`;

interface Way { name: string; setup: string[] }

const ways: Way[] = [
  { name: 'handler', setup: ['handle SIGSEGV nostop noprint pass'] },
  { name: 'catchpoint', setup: ['catch signal SIGSEGV', 'condition $bpnum 0'] },
  { name: 'in gdb', setup: ['catch signal SIGSEGV', 'condition $bpnum $_emulate()'] },
];

/** The line of the program's source that holds `text`. */
function lineOf(text: string): number {
  return program.split('\n').findIndex((line) => line.includes(text)) + 1;
}

interface Scenario { name: string; start: string; commands: string[]; crash?: boolean }

const scenarios: Scenario[] = [
  { name: 'next x2 from the mid-line site', start: `sites.c:${lineOf('unsigned a = read_mid();')}`, commands: ['next', 'next', 'p a'] },
  { name: 'next x2 from the end-of-line site', start: `sites.c:${lineOf('unsigned b = read_last();')}`, commands: ['next', 'next', 'p b'] },
  { name: 'stepi at the mid-line site', start: '*site_mid', commands: ['stepi', 'p/x $pc - (long)&site_mid', 'p $eax'] },
  { name: 'stepi at the end-of-line site', start: '*site_last', commands: ['stepi', 'p/x $pc - (long)&site_last', 'p $eax'] },
  { name: 'continue to a real crash', start: 'main', commands: ['continue', 'info program', 'info signals SIGSEGV'], crash: true },
];

/** gdb's internal error (the third way meets one) must not leave a core file of gdb's behind. */
const noCoreFile = ['-iex', 'maint set internal-error corefile no', '-iex', 'maint set internal-error quit yes'];

/** gdb's answers, without what differs between any two runs (pids, the program's own output). */
function transcript(binary: string, args: string[], setup: string[], scenario: Scenario, helper: string): string {
  const commands = [`source ${helper}`, ...setup, `break ${scenario.start}`, 'run', ...scenario.commands];
  let text: string;
  try {
    text = execFileSync('gdb', ['-nx', '-q', '-batch', ...noCoreFile, ...commands.flatMap((c) => ['-ex', c]), '--args', binary, ...args],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000, cwd: path.dirname(binary) });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    text = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  return text.split('\n')
    .filter((line) => !/^(a|b)=\d+$/.test(line) && !/^Catchpoint \d+ \(signal SIGSEGV\)$/.test(line) && !/libthread_db/.test(line))
    .map((line) => line.replace(/^Breakpoint 2\b/, 'Breakpoint 1'))   // numbered after the catchpoint
    .map((line) => line.replace(/process \d+/g, 'process N').replace(/LWP \d+/g, 'LWP N'))
    .join('\n').trim();
}

/** The trapped run's transcript as the native one would read, %eax's emulated values aside. */
function verdict(native: string, trapped: string): string {
  if (/internal-error/.test(trapped)) return `gdb internal error: ${/internal-error: ([^\n]*)/.exec(trapped)?.[1] ?? ''}`;
  const a = native.split('\n');
  const b = trapped.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const want = a[i] ?? '';
    const got = b[i] ?? '';
    if (want === got) continue;
    if (/^\$\d+ = \d+$/.test(want) && /^\$\d+ = 10\d\d$/.test(got)) continue;   // a value read: the emulated counter
    return `differs: '${got.slice(0, 70)}' where plain gdb shows '${want.slice(0, 70)}'`;
  }
  return 'as plain gdb';
}

/** us per emulated read under gdb (a `continue` over a loop of reads), one way. */
function cost(binary: string, helper: string, way: Way | undefined, reads: number): string {
  const commands = [`source ${helper}`, ...(way?.setup ?? []), 'run'];
  const text = execFileSync('gdb', ['-nx', '-q', '-batch', ...noCoreFile, ...commands.flatMap((c) => ['-ex', c]), '--args', binary, way ? 'trap' : 'none', 'loop', String(reads)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600000, cwd: path.dirname(binary) });
  return /us-per-read ([\d.]+)/.exec(text)?.[1] ?? '-';
}

/** The last way, its value read and written in the program's memory instead of by an inferior call. */
const inGdbByMemory: Way = { name: 'in gdb, no inferior call', setup: ['catch signal SIGSEGV', 'condition $bpnum $_emulate_memory()'] };

export async function runTscGdbBench(options: { reads: number }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tsc-gdb-'));
  try {
    const write = (name: string, text: string) => { const file = path.join(dir, name); fs.writeFileSync(file, text); return file; };
    const binary = path.join(dir, 'sites');
    const helper = write('emulate.py', emulateInGdb);
    const handlerObject = path.join(dir, 'handler.o');
    execFileSync('gcc', ['-O2', '-c', '-o', handlerObject, write('handler.c', handler)]);
    execFileSync('gcc', ['-g', '-O2', '-o', binary, write('sites.c', program), handlerObject]);
    console.log('\ngdb across an emulated trapping instruction: each way against plain gdb over the same program without the fault');
    for (const scenario of scenarios) {
      const args = (mode: string) => (scenario.crash ? [mode, 'crash'] : [mode]);
      const native = transcript(binary, args('none'), [], scenario, helper);
      for (const way of ways)
        console.log(`${padEnd(scenario.name, 34)} ${padEnd(way.name, 11)} ${verdict(native, transcript(binary, args('trap'), way.setup, scenario, helper))}`);
    }
    console.log(`\nus per read under gdb, continue over ${options.reads} reads`);
    console.log(`${padEnd('no fault (plain gdb)', 26)} ${cost(binary, helper, undefined, options.reads)}`);
    for (const way of [...ways, inGdbByMemory]) console.log(`${padEnd(way.name, 26)} ${cost(binary, helper, way, options.reads)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
