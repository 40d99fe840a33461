/*
 * fred_thread_handover.h - a new process (a restart, a resumed snapshot) starts with one
 * thread, the one that led the checkpoint, and the kernel takes it for the process's first
 * thread (tid = pid): when it ends, the process looks ended (a zombie /proc/PID, to gdb and
 * to fred) while the program's other threads go on. When the process's first thread was
 * another one (main), this thread becomes that one again and a new thread takes over the
 * leading, on the leader's stack with the leader's TLS.
 */
#ifndef FRED_THREAD_HANDOVER_H
#define FRED_THREAD_HANDOVER_H

#include <stdint.h>

#include "../include/fred_image.h"

/* A thread as the kernel must know it: TLS base, the tid word cleared at its end, where it resumes. */
struct fred_thread_place {
    uint64_t fs_base;
    int *tid_address;
    const struct fred_resume_context *resume;
};

/*
 * Clone a thread (clone_flags, with CLONE_SETTLS and CLONE_CHILD_CLEARTID) that returns
 * from here with 0, with the leader's TLS and tid word; this thread takes first's and
 * jumps to first's resume point (rax = 1), never to return. Returns -errno, in this thread,
 * when the clone failed. The caller's frames must stay as they are until the clone returns.
 */
long fred_thread_hand_over(unsigned long clone_flags, uint64_t leader_fs_base, int *leader_tid_address,
                           const struct fred_thread_place *first);

#endif
