/*
 * holds.c - holds one resource fred cannot checkpoint yet, named by argv[1]: clone (a
 * thread started with raw clone, not pthread_create), thread (a pthread: refused in
 * statically linked programs only), pipe, socket, shared-anon,
 * shared-file (argv[2] is the file), sysv-shm, child; or it
 * keeps the checkpoint signal from fred: blocks-signal, ignores-signal, thread-blocks-signal
 * (a second thread blocks it). Prints
 * "ready <pid>" and waits; checkpoints of it must be refused, naming the reason.
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/shm.h>
#include <sys/socket.h>

#include <sched.h>
#include <sys/syscall.h>

static char clone_stack[64 << 10] __attribute__((aligned(16)));

static int raw_sleeper(void *arg) { (void)arg; for (;;) syscall(SYS_pause); return 0; }

static void *sleeper(void *arg) { (void)arg; for (;;) pause(); }

static void *blocking_sleeper(void *arg)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    *(volatile int *)arg = 1;
    for (;;) pause();
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "thread") == 0) {
        pthread_t t;
        pthread_create(&t, NULL, sleeper, NULL);
    } else if (strcmp(what, "thread-blocks-signal") == 0) {
        static volatile int blocked;
        pthread_t t;
        pthread_create(&t, NULL, blocking_sleeper, (void *)&blocked);
        while (!blocked) usleep(1000);
    } else if (strcmp(what, "clone") == 0) {   /* shares the main thread's TLS, as such threads do */
        int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
        if (clone(raw_sleeper, clone_stack + sizeof clone_stack, flags, NULL) < 0) zdtm_fail("clone");
    } else if (strcmp(what, "pipe") == 0) {
        int p[2];
        if (pipe(p) < 0) zdtm_fail("pipe");
    } else if (strcmp(what, "socket") == 0) {
        int s[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) < 0) zdtm_fail("socketpair");
    } else if (strcmp(what, "shared-anon") == 0) {
        char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        p[0] = 1;
    } else if (strcmp(what, "shared-file") == 0 && argc > 2) {
        int fd = open(argv[2], O_RDWR | O_CREAT, 0600);
        if (fd < 0 || ftruncate(fd, 4096) < 0) zdtm_fail("cannot create %s", argv[2]);
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
    } else if (strcmp(what, "sysv-shm") == 0) {
        int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        if (id < 0 || shmat(id, NULL, 0) == (void *)-1) zdtm_fail("shmget");
        shmctl(id, IPC_RMID, NULL);             /* gone when we are */
    } else if (strcmp(what, "child") == 0) {
        if (fork() == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            for (;;) pause();
        }
    } else if (strcmp(what, "blocks-signal") == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR2);
        sigprocmask(SIG_BLOCK, &set, NULL);
    } else if (strcmp(what, "ignores-signal") == 0) {
        signal(SIGUSR2, SIG_IGN);
    } else {
        zdtm_fail("usage: holds clone|thread|pipe|socket|shared-anon|shared-file FILE|sysv-shm|child|blocks-signal|ignores-signal|thread-blocks-signal");
    }
    zdtm_ready();
    zdtm_wait_check();
    zdtm_pass();
}
