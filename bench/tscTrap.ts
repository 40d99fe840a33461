// What trapping rdtsc with prctl(PR_SET_TSC, PR_TSC_SIGSEGV) would cost (issue 13; not
// adopted, README "Limits"): a C program times, per call, a clock read through the vdso
// and through the system call, a PR_SET_TSC switch there and back (what a handler needs to
// read the real counter), and trapped reads: an rdtsc, and a vdso clock_gettime (the vdso
// reads the counter itself on a `tsc` clock source), each a SIGSEGV whose handler emulates
// the instruction. The trapped rdtsc also runs under gdb, which sees every SIGSEGV: with
// `handle SIGSEGV nostop noprint pass`, and with a `catch signal SIGSEGV` whose condition
// lets rdtsc through (how real crashes could still stop).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pad, padEnd } from './timing';

const source = String.raw`
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <x86intrin.h>

static double now_us(void)
{
    struct timespec t;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* rdtsc (0f 31) answered with 1; any other fault is a real one */
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    unsigned char *pc = (unsigned char *)uc->uc_mcontext.gregs[REG_RIP];
    (void)sig; (void)si;
    if (pc[0] == 0x0f && pc[1] == 0x31) {
        uc->uc_mcontext.gregs[REG_RAX] = 1;
        uc->uc_mcontext.gregs[REG_RDX] = 0;
        uc->uc_mcontext.gregs[REG_RIP] += 2;
        return;
    }
    if (pc[0] == 0x0f && pc[1] == 0x01 && pc[2] == 0xf9) {   /* rdtscp */
        uc->uc_mcontext.gregs[REG_RAX] = 1;
        uc->uc_mcontext.gregs[REG_RDX] = 0;
        uc->uc_mcontext.gregs[REG_RCX] = 0;
        uc->uc_mcontext.gregs[REG_RIP] += 3;
        return;
    }
    signal(SIGSEGV, SIG_DFL);
}

#define TIME(label, n, body) do { double t0 = now_us(); for (int i = 0; i < (n); i++) { body; } \
    printf("%s %.3f\n", label, (now_us() - t0) / (n)); } while (0)

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    int only_trap = argc > 2;
    struct timespec ts;
    if (!only_trap) {
        TIME("vdso-clock", n, clock_gettime(CLOCK_REALTIME, &ts));
        TIME("syscall-clock", n, syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts));
        TIME("tsc-switch", n / 10, (prctl(PR_SET_TSC, PR_TSC_SIGSEGV), prctl(PR_SET_TSC, PR_TSC_ENABLE)));
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    prctl(PR_SET_TSC, PR_TSC_SIGSEGV);
    TIME("trapped-rdtsc", n, { volatile unsigned long long x = __rdtsc(); (void)x; });
    if (!only_trap) TIME("trapped-vdso-clock", n, clock_gettime(CLOCK_REALTIME, &ts));
    return 0;
}
`;

function parse(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w-]+) ([\d.]+)$/.exec(line.trim());
    if (m) values.set(m[1], Number(m[2]));
  }
  return values;
}

export async function runTscTrapBench(options: { calls: number; gdbCalls: number }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tsc-'));
  try {
    const src = path.join(dir, 'tsc_trap.c');
    const binary = path.join(dir, 'tsc_trap');
    fs.writeFileSync(src, source);
    execFileSync('gcc', ['-O1', '-o', binary, src]);
    const plain = parse(execFileSync(binary, [String(options.calls)], { encoding: 'utf8' }));
    const gdb = (extra: string[]) => parse(execFileSync('gdb', ['-nx', '-q', '-batch', '-ex', 'handle SIGSEGV nostop noprint pass', ...extra,
      '-ex', 'run', '--args', binary, String(options.gdbCalls), 'trap-only'], { encoding: 'utf8' })).get('trapped-rdtsc');
    const passed = gdb([]);
    // the condition is parsed against a live program (starti), else gdb cannot read $pc's bytes
    const caught = gdb(['-ex', 'starti', '-ex', 'catch signal SIGSEGV', '-ex', 'condition $bpnum *(unsigned short *)$pc != 0x310f', '-ex', 'continue']);
    const rows: Array<[string, number | undefined]> = [
      ['clock_gettime through the vdso', plain.get('vdso-clock')],
      ['clock_gettime as a system call', plain.get('syscall-clock')],
      ['PR_SET_TSC to SIGSEGV and back (two prctl)', plain.get('tsc-switch')],
      ['trapped rdtsc, emulated by a SIGSEGV handler', plain.get('trapped-rdtsc')],
      ['trapped clock_gettime (vdso rdtsc), emulated', plain.get('trapped-vdso-clock')],
      ['trapped rdtsc under gdb, SIGSEGV nostop noprint pass', passed],
      ['the same with a catch signal SIGSEGV skipping rdtsc', caught],
    ];
    console.log(`\nrdtsc trapping: us per call (${options.calls} calls; under gdb ${options.gdbCalls})`);
    for (const [label, us] of rows) console.log(`${padEnd(label, 54)} ${pad(us === undefined ? '-' : us.toFixed(2), 8)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
