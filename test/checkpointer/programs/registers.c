/*
 * registers.c - every register survives a restart: general-purpose registers, x87,
 * MXCSR, the SSE/AVX vector registers and, where the CPU has AVX-512, zmm31 and a mask
 * register. The values are loaded and compared around one raw read() system call,
 * during which the process is checkpointed, so no library code can disturb them.
 */
#include "zdtm.h"

#include <stdint.h>

struct regs {
    uint8_t want[16 * 32];      /* offset 0 */
    uint8_t got[16 * 32];       /* 512 */
    uint8_t zwant[64];          /* 1024 */
    uint8_t zgot[64];           /* 1088 */
    uint64_t gp_in[6];          /* 1152 */
    uint64_t gp_out[6];         /* 1200 */
    uint64_t kin, kout;         /* 1248, 1256 */
    uint32_t mxcsr_in, mxcsr_out; /* 1264, 1268 */
    double x87;                 /* 1272 */
    int64_t n;                  /* 1280 */
    char buf[64];               /* 1288 */
} __attribute__((aligned(64)));
static struct regs r;

#define LOAD_COMMON \
    "ldmxcsr 1264(%[r])\n\t" "fldpi\n\t" \
    "vmovdqu   0(%[r]), %%ymm0\n\t"  "vmovdqu  32(%[r]), %%ymm1\n\t" \
    "vmovdqu  64(%[r]), %%ymm2\n\t"  "vmovdqu  96(%[r]), %%ymm3\n\t" \
    "vmovdqu 128(%[r]), %%ymm4\n\t"  "vmovdqu 160(%[r]), %%ymm5\n\t" \
    "vmovdqu 192(%[r]), %%ymm6\n\t"  "vmovdqu 224(%[r]), %%ymm7\n\t" \
    "vmovdqu 256(%[r]), %%ymm8\n\t"  "vmovdqu 288(%[r]), %%ymm9\n\t" \
    "vmovdqu 320(%[r]), %%ymm10\n\t" "vmovdqu 352(%[r]), %%ymm11\n\t" \
    "vmovdqu 384(%[r]), %%ymm12\n\t" "vmovdqu 416(%[r]), %%ymm13\n\t" \
    "vmovdqu 448(%[r]), %%ymm14\n\t" "vmovdqu 480(%[r]), %%ymm15\n\t" \
    "mov 1152(%[r]), %%rbx\n\t" "mov 1160(%[r]), %%r12\n\t" "mov 1168(%[r]), %%r13\n\t" \
    "mov 1176(%[r]), %%r14\n\t" "mov 1184(%[r]), %%r15\n\t" "mov 1192(%[r]), %%r8\n\t"
#define READ_STDIN \
    "mov %[r], %%r9\n\t" \
    "xor %%eax, %%eax\n\t" "xor %%edi, %%edi\n\t" "lea 1288(%[r]), %%rsi\n\t" "mov $63, %%edx\n\t" \
    "syscall\n\t" \
    "mov %%rax, 1280(%%r9)\n\t"
#define STORE_COMMON \
    "mov %%rbx, 1200(%%r9)\n\t" "mov %%r12, 1208(%%r9)\n\t" "mov %%r13, 1216(%%r9)\n\t" \
    "mov %%r14, 1224(%%r9)\n\t" "mov %%r15, 1232(%%r9)\n\t" "mov %%r8, 1240(%%r9)\n\t" \
    "vmovdqu %%ymm0,  512(%%r9)\n\t" "vmovdqu %%ymm1,  544(%%r9)\n\t" \
    "vmovdqu %%ymm2,  576(%%r9)\n\t" "vmovdqu %%ymm3,  608(%%r9)\n\t" \
    "vmovdqu %%ymm4,  640(%%r9)\n\t" "vmovdqu %%ymm5,  672(%%r9)\n\t" \
    "vmovdqu %%ymm6,  704(%%r9)\n\t" "vmovdqu %%ymm7,  736(%%r9)\n\t" \
    "vmovdqu %%ymm8,  768(%%r9)\n\t" "vmovdqu %%ymm9,  800(%%r9)\n\t" \
    "vmovdqu %%ymm10, 832(%%r9)\n\t" "vmovdqu %%ymm11, 864(%%r9)\n\t" \
    "vmovdqu %%ymm12, 896(%%r9)\n\t" "vmovdqu %%ymm13, 928(%%r9)\n\t" \
    "vmovdqu %%ymm14, 960(%%r9)\n\t" "vmovdqu %%ymm15, 992(%%r9)\n\t" \
    "fstpl 1272(%%r9)\n\t" "stmxcsr 1268(%%r9)\n\t"
#define CLOBBERS "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r11", "r12", "r13", "r14", "r15", \
    "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
    "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "st"

__attribute__((target("avx512f"))) static void round_avx512(void)
{
    __asm__ volatile(LOAD_COMMON
                     "vmovdqu64 1024(%[r]), %%zmm31\n\t" "kmovq 1248(%[r]), %%k3\n\t"
                     READ_STDIN STORE_COMMON
                     "vmovdqu64 %%zmm31, 1088(%%r9)\n\t" "kmovq %%k3, 1256(%%r9)\n\t" "vzeroupper\n\t"
                     : : [r] "r"(&r) : CLOBBERS, "xmm31", "k3");
}

__attribute__((target("avx"))) static void round_avx(void)
{
    __asm__ volatile(LOAD_COMMON READ_STDIN STORE_COMMON "vzeroupper\n\t" : : [r] "r"(&r) : CLOBBERS);
}

int main(void)
{
    int avx512 = __builtin_cpu_supports("avx512f");
    if (!__builtin_cpu_supports("avx")) zdtm_fail("this CPU has no AVX");
    for (unsigned i = 0; i < sizeof r.want; i++) r.want[i] = (uint8_t)(i * 37 + 11);
    for (unsigned i = 0; i < sizeof r.zwant; i++) r.zwant[i] = (uint8_t)(i * 53 + 5);
    for (int i = 0; i < 6; i++) r.gp_in[i] = 0x1111111111111111ull * (uint64_t)(i + 1);
    r.kin = 0xa5a5;
    r.mxcsr_in = 0x1f80 | (3u << 13);            /* exceptions masked, round toward zero */
    zdtm_ready();
    if (avx512) round_avx512(); else round_avx();
    if (r.n <= 0 || strncmp(r.buf, "check", 5) != 0) zdtm_fail("read returned %ld", (long)r.n);
    for (int i = 0; i < 6; i++) ZDTM_CHECK(r.gp_out[i] == r.gp_in[i], "general register %d changed", i);
    for (int i = 0; i < 16; i++) ZDTM_CHECK(memcmp(r.want + 32 * i, r.got + 32 * i, 32) == 0, "ymm%d changed", i);
    ZDTM_CHECK(r.mxcsr_out == r.mxcsr_in, "MXCSR changed from %#x to %#x", r.mxcsr_in, r.mxcsr_out);
    ZDTM_CHECK(r.x87 > 3.14159 && r.x87 < 3.1416, "x87 st(0) changed to %g", r.x87);
    if (avx512) {
        ZDTM_CHECK(memcmp(r.zwant, r.zgot, 64) == 0, "zmm31 changed");
        ZDTM_CHECK(r.kout == r.kin, "k3 changed");
    }
    printf("PASS%s\n", avx512 ? " avx512" : "");
    fflush(stdout);
    return 0;
}
