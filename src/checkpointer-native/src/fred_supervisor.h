/*
 * fred_supervisor.h - checkpoint control for statically linked programs, into which the
 * preload library cannot be loaded. fred-exec starts a supervisor just before it execs
 * the program: a grandchild (so the program has no child and keeps fred-exec's pid) that
 * PTRACE_SEIZEs it. The supervisor passes every signal on, except the checkpoint signal
 * (SIGUSR2 unless FRED_CKPT_SIGNAL says otherwise): then, with the program stopped, it
 * takes the image from outside (fred_outside_dump.h), answering requests in the control
 * directory exactly as the library does (req.<pid>, wrk.<pid>, res.<pid>), and lets the
 * program go on. It ends when the program does. Its name in ps is fred-supervise.
 *
 * A process has one tracer: while supervised, the program cannot be attached by gdb.
 * `restart --stop` therefore ends supervision: the supervisor detaches leaving the
 * program stopped (SIGSTOP), and a debugger may attach.
 */
#ifndef FRED_SUPERVISOR_H
#define FRED_SUPERVISOR_H

#include "fred_outside_restore.h"

/*
 * Start the supervisor of the calling process, which is about to exec a static program;
 * with restart != NULL it restores that image into the program at its first
 * instruction. Returns 0 once the supervisor traces us, -1 with err.
 */
int fred_supervisor_start(const struct fred_outside_restart *restart, struct fred_error *err);

#endif
