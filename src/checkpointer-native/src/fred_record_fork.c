/*
 * fred_record_fork.c - fork() while a replay runs. The recorded run's child already ran
 * (its output to pipes is in the log); a replay that forked again would start a second
 * child with another pid, which the program then sees (fork's result, wait4's), and which
 * would do again whatever the child did to the world. fred does not replay child
 * processes yet: the replay refuses, fred stops it at the last point that matched and says
 * why. Forks of the live program, past the log, are made as usual (the child leaves the
 * log: fred_record.c's atfork handler).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fred_record_calls.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT pid_t fork(void)
{
    static pid_t (*libc_fork)(void);
    if (fred_record_refuse(SYS_fork, "fork(): a replay would start the child process again, with another pid than the recorded "
                           "run's child (fred does not replay child processes)")) {
        errno = EAGAIN;            /* nothing is started: this copy of the program is left anyway */
        return -1;
    }
    if (!libc_fork) libc_fork = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
    return libc_fork();
}
