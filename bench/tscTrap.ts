// What trapping rdtsc with prctl(PR_SET_TSC, PR_TSC_SIGSEGV) would cost (issue 13; not
// adopted, README "Limits"): a C program times, per call, a clock read through the vdso
// and through the system call, a PR_SET_TSC switch there and back (what a handler needs to
// read the real counter), and trapped reads: an rdtsc, and a vdso clock_gettime (the vdso
// reads the counter itself on a `tsc` clock source), each a SIGSEGV whose handler emulates
// the instruction. The trapped rdtsc also runs under gdb, which sees every SIGSEGV: with
// `handle SIGSEGV nostop noprint pass`, and with a `catch signal SIGSEGV` whose condition
// lets rdtsc through (how real crashes could still stop). Each trapped loop says how many
// SIGSEGVs its handler saw: on some hosts (a PVM guest, kvm-clock) PR_SET_TSC is accepted
// and reads back as set, yet rdtsc runs natively and nothing traps. Last, how many byte
// sequences of rdtsc/rdtscp the executable segments of common files hold, against the
// real instructions objdump finds there: what a byte scan deciding to trap would see.
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

static volatile long traps;

/* rdtsc (0f 31) answered with 1; any other fault is a real one */
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    unsigned char *pc = (unsigned char *)uc->uc_mcontext.gregs[REG_RIP];
    (void)sig; (void)si;
    traps++;
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
    printf("rdtsc-traps %ld\n", traps);
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

/** The bytes of a 64-bit ELF file's executable PT_LOAD segments (empty when not ELF). */
function executableSegments(file: string): Buffer[] {
  const data = fs.readFileSync(file);
  if (data.length < 64 || data.readUInt32BE(0) !== 0x7f454c46) return [];
  const phoff = Number(data.readBigUInt64LE(0x20));
  const phentsize = data.readUInt16LE(0x36);
  const phnum = data.readUInt16LE(0x38);
  const segments: Buffer[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const PT_LOAD = 1, PF_X = 1;
    if (data.readUInt32LE(at) !== PT_LOAD || !(data.readUInt32LE(at + 4) & PF_X)) continue;
    const offset = Number(data.readBigUInt64LE(at + 8));
    segments.push(data.subarray(offset, offset + Number(data.readBigUInt64LE(at + 32))));
  }
  return segments;
}

function countBytes(segments: Buffer[], needle: Buffer): number {
  let count = 0;
  for (const segment of segments)
    for (let at = segment.indexOf(needle); at >= 0; at = segment.indexOf(needle, at + 1)) count++;
  return count;
}

/** Real rdtsc/rdtscp instructions, as objdump's linear disassembly finds them. */
function disassembledCount(file: string): number | undefined {
  try {
    const text = execFileSync('objdump', ['-d', '--no-show-raw-insn', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    return text.split('\n').filter((line) => /\trdtscp?\s*$/.test(line)).length;
  } catch {
    return undefined;
  }
}

function scanRows(files: string[]): void {
  console.log('\nrdtsc (0f 31) / rdtscp (0f 01 f9) in executable segments: byte sequences vs instructions (objdump)');
  for (const name of files) {
    if (!fs.existsSync(name)) continue;
    const file = fs.realpathSync(name);
    const segments = executableSegments(file);
    const kib = segments.reduce((sum, segment) => sum + segment.length, 0) >> 10;
    const bytes = countBytes(segments, Buffer.from([0x0f, 0x31])) + countBytes(segments, Buffer.from([0x0f, 0x01, 0xf9]));
    const real = disassembledCount(file);
    console.log(`${padEnd(file, 54)} ${pad(kib, 6)} KiB ${pad(bytes, 5)} bytes ${pad(real ?? '-', 5)} instructions`);
  }
}

const scannedFiles = ['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/libm.so.6',
  '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', '/usr/lib/x86_64-linux-gnu/libcrypto.so.3', '/usr/bin/python3', '/usr/bin/bash', '/usr/bin/ls'];

export async function runTscTrapBench(options: { calls: number; gdbCalls: number }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-tsc-'));
  try {
    const src = path.join(dir, 'tsc_trap.c');
    const binary = path.join(dir, 'tsc_trap');
    fs.writeFileSync(src, source);
    execFileSync('gcc', ['-O1', '-o', binary, src]);
    const plain = parse(execFileSync(binary, [String(options.calls)], { encoding: 'utf8' }));
    const gdb = (extra: string[]) => parse(execFileSync('gdb', ['-nx', '-q', '-batch', '-ex', 'handle SIGSEGV nostop noprint pass', ...extra,
      '-ex', 'run', '--args', binary, String(options.gdbCalls), 'trap-only'], { encoding: 'utf8' }));
    const passed = gdb([]);
    // the condition is parsed against a live program (starti), else gdb cannot read $pc's bytes
    const caught = gdb(['-ex', 'starti', '-ex', 'catch signal SIGSEGV', '-ex', 'condition $bpnum *(unsigned short *)$pc != 0x310f', '-ex', 'continue']);
    const rows: Array<[string, number | undefined, number | undefined]> = [
      ['clock_gettime through the vdso', plain.get('vdso-clock'), undefined],
      ['clock_gettime as a system call', plain.get('syscall-clock'), undefined],
      ['PR_SET_TSC to SIGSEGV and back (two prctl)', plain.get('tsc-switch'), undefined],
      ['trapped rdtsc, emulated by a SIGSEGV handler', plain.get('trapped-rdtsc'), plain.get('rdtsc-traps')],
      ['trapped clock_gettime (vdso rdtsc), emulated', plain.get('trapped-vdso-clock'), undefined],
      ['trapped rdtsc under gdb, SIGSEGV nostop noprint pass', passed.get('trapped-rdtsc'), passed.get('rdtsc-traps')],
      ['the same with a catch signal SIGSEGV skipping rdtsc', caught.get('trapped-rdtsc'), caught.get('rdtsc-traps')],
    ];
    console.log(`\nrdtsc trapping: us per call (${options.calls} calls; under gdb ${options.gdbCalls}); SIGSEGVs the handler saw`);
    for (const [label, us, traps] of rows)
      console.log(`${padEnd(label, 54)} ${pad(us === undefined ? '-' : us.toFixed(2), 8)} ${pad(traps === undefined ? '' : traps, 8)}`);
    if (plain.get('rdtsc-traps') === 0) console.log('rdtsc did not trap on this host: PR_SET_TSC has no effect here (the "trapped" rows ran natively)');
    scanRows(scannedFiles);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
