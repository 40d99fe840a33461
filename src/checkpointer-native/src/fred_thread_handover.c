/* fred_thread_handover.c - see fred_thread_handover.h. Runs in the checkpoint handler of a
 * new process: no malloc, no locks, no stdio streams. */
#include "fred_thread_handover.h"
#include "fred_library.h"

/* What hand_over_jump does (offsets used by its code). */
struct hand_over {
    uint64_t flags, stack;                           /* 0, 8 */
    int *child_tid;                                  /* 16: CLONE_CHILD_CLEARTID */
    uint64_t child_tls;                              /* 24 */
    const struct fred_resume_context *child_at;      /* 32 */
    const struct fred_resume_context *self_at;       /* 40 */
    uint64_t self_tls;                               /* 48 */
    int *self_tid;                                   /* 56: set_tid_address */
};

/*
 * clone(flags, stack, NULL, child_tid, child_tls) whose child jumps to child_at; the
 * caller then takes self_tls and self_tid and jumps to self_at, both with rax = 1. After
 * the clone the caller touches no memory but the (global) job: the child may be running
 * on the stack the caller was on. Returns only when the clone failed (-errno).
 */
long fred_hand_over_jump(const struct hand_over *job) __attribute__((visibility("hidden")));
__asm__(".text\n"
        ".globl fred_hand_over_jump\n"
        ".hidden fred_hand_over_jump\n"
        ".type fred_hand_over_jump,@function\n"
        "fred_hand_over_jump:\n"
        "    push %r12\n"
        "    mov %rdi, %r12\n"
        "    mov 0(%r12), %rdi\n"
        "    mov 8(%r12), %rsi\n"
        "    xor %edx, %edx\n"
        "    mov 16(%r12), %r10\n"
        "    mov 24(%r12), %r8\n"
        "    mov $56, %eax\n"         /* SYS_clone */
        "    syscall\n"
        "    test %rax, %rax\n"
        "    jz 2f\n"
        "    js 3f\n"
        "    mov $158, %eax\n"        /* SYS_arch_prctl(ARCH_SET_FS, self_tls) */
        "    mov $0x1002, %edi\n"
        "    mov 48(%r12), %rsi\n"
        "    syscall\n"
        "    mov $218, %eax\n"        /* SYS_set_tid_address(self_tid) */
        "    mov 56(%r12), %rdi\n"
        "    syscall\n"
        "    mov 40(%r12), %r9\n"
        "    jmp 1f\n"
        "2:  mov 32(%r12), %r9\n"
        "1:  mov 16(%r9), %rbx\n"
        "    mov 24(%r9), %rbp\n"
        "    mov 32(%r9), %r12\n"
        "    mov 40(%r9), %r13\n"
        "    mov 48(%r9), %r14\n"
        "    mov 56(%r9), %r15\n"
        "    mov 0(%r9), %rsp\n"
        "    mov $1, %eax\n"
        "    jmp *8(%r9)\n"
        "3:  pop %r12\n"
        "    ret\n"
        ".size fred_hand_over_jump, .-fred_hand_over_jump\n");

__attribute__((noinline)) long fred_thread_hand_over(unsigned long clone_flags, uint64_t leader_fs_base, int *leader_tid_address,
                                                     const struct fred_thread_place *first)
{
    /* not on this stack, which the new thread takes */
    static struct fred_resume_context goes_on;
    static struct hand_over job;
    if (fred_resume_save(&goes_on)) return 0;   /* the new thread */
    job = (struct hand_over){ clone_flags, goes_on.rsp, leader_tid_address, leader_fs_base, &goes_on,
                              first->resume, first->fs_base, first->tid_address };
    return fred_hand_over_jump(&job);
}
