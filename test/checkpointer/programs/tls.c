/*
 * tls.c - thread-local storage and the thread pointer survive a restart: initialized
 * and zero-initialized __thread variables, errno, fs_base, pthread_self(), and a
 * thread-local variable of a shared library (libc's errno is one).
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <asm/prctl.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>

static __thread uint64_t tls_data = 0xfeedfacecafebeefull;
static __thread char tls_bss[4096];

int main(void)
{
    for (int i = 0; i < 4096; i++) tls_bss[i] = (char)(i % 97);
    tls_data ^= 0xffff;
    uint64_t fs_before = 0, fs_after = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs_before);
    pthread_t self_before = pthread_self();
    zdtm_ready();
    zdtm_wait_check();
    errno = 4242;
    ZDTM_CHECK(errno == 4242, "errno is not writable");
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs_after);
    ZDTM_CHECK(fs_after == fs_before, "fs_base changed from %#lx to %#lx", (unsigned long)fs_before, (unsigned long)fs_after);
    ZDTM_CHECK(*(uint64_t *)fs_after == fs_after, "the thread control block does not point to itself");
    ZDTM_CHECK(pthread_equal(self_before, pthread_self()), "pthread_self changed");
    ZDTM_CHECK(tls_data == (0xfeedfacecafebeefull ^ 0xffff), "initialized TLS changed");
    for (int i = 0; i < 4096; i++) ZDTM_CHECK(tls_bss[i] == (char)(i % 97), "zero-initialized TLS changed at %d", i);
    zdtm_pass();
}
