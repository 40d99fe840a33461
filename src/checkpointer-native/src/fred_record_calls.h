/*
 * fred_record_calls.h - the record/replay layer's inside, shared by its three files:
 *   fred_record.c          the log, the position, replay or record of one call
 *   fred_record_calls.c    libc's functions the program calls, taken over (LD_PRELOAD)
 *   fred_record_seccomp.c  the same system calls made inside libc or inline, caught by a
 *                          seccomp filter that raises SIGSYS
 *   fred_record_children.c the processes the program starts and waits for: not started again in a replay
 */
#ifndef FRED_RECORD_CALLS_H
#define FRED_RECORD_CALLS_H

#include <stdint.h>
#include <sys/types.h>

/* The one system call instruction fred's layer uses (never caught by the filter). */
long fred_record_raw_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
extern char fred_record_syscall_insn[], fred_record_syscall_return[];
long fred_record_raw(long nr, const long a[6]);

/* A system call of the program: replayed from the log, or made and recorded; -errno on failure. */
long fred_record_syscall(long nr, const long a[6]);
/* Around a call of the program's that may wait (fred_record.c numbers them): begin
 * returns the number of the call it interrupts, if any, which end puts back. */
uint64_t fred_record_call_begin(void);
void fred_record_call_end(uint64_t outer);
/* A write to a pipe or socket: made once; on replay only its result is given back. */
long fred_record_output(long nr, const long a[6]);
/* A value from the vdso or libc (clocks): now() asks the world when not replaying. */
int fred_record_value(uint32_t call, int64_t key, void *out, uint32_t len, int64_t *result,
                      int (*now)(void *ctx, void *out, int64_t *result), void *ctx);

/* This copy stands short of the log's end: its calls are answered from the log. */
int fred_record_replaying(void);
/* This copy can no longer follow the recorded run (`what`, one line): say so in the log's
 * header, as a replay's divergence; from here its calls go to the world unrecorded. */
void fred_record_mismatch(const char *what);
/* The same for a live call: said once at this point of the log; typed again, the call runs live. */
int fred_record_live_mismatch(const char *what);
/* A descriptor that only a replay's stand-in child holds (popen), and a live call on it. */
int fred_record_child_pipe(int fd);
void fred_record_child_pipe_used(const char *call, int fd);
/* kill() of another process: sent once; a replay gives back the recorded answer. */
int fred_record_kill_other(pid_t pid, int sig);
/* A signal reached the program's handler: 1 to run it, 0 to drop it (a replay has its own). */
int fred_record_signal(int sig);
int fred_record_active(void);        /* a log is mapped in this process */
pid_t fred_record_program_pid(void); /* the pid the program saw first, 0 when not recording */
pid_t fred_record_program_ppid(void);

void fred_record_calls_init(void);
struct sigaction;
void fred_record_install_sigsys(const struct sigaction *sa);
int fred_record_seccomp_install(void);
/* A process started by the recorded one may inherit its filter: answer SIGSYS by passing calls through. */
void fred_record_seccomp_passthrough(void);
/* fred's signal handlers: a blocked real call of ours returns EINTR and is decided again. */
void fred_record_interrupted(void *context);

#endif
