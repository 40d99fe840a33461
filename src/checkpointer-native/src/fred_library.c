/*
 * fred_library.c - the preload library's own state (fred_library.h) and its resume
 * point, the bottom of the library: everything else may use them, they call nothing.
 */
#include "fred_library.h"

struct fred_library fred_lib;

__asm__(".text\n"
        ".globl fred_resume_save\n"
        ".type fred_resume_save,@function\n"
        "fred_resume_save:\n"
        "    lea 8(%rsp), %rax\n"
        "    mov %rax, 0(%rdi)\n"
        "    mov (%rsp), %rax\n"
        "    mov %rax, 8(%rdi)\n"
        "    mov %rbx, 16(%rdi)\n"
        "    mov %rbp, 24(%rdi)\n"
        "    mov %r12, 32(%rdi)\n"
        "    mov %r13, 40(%rdi)\n"
        "    mov %r14, 48(%rdi)\n"
        "    mov %r15, 56(%rdi)\n"
        "    xor %eax, %eax\n"
        "    ret\n"
        ".size fred_resume_save, .-fred_resume_save\n");
