/*
 * fred_timers.h - the process's interval timers (setitimer: real, virtual, profiling)
 * and POSIX timers (timer_create), with the time left on each. Neither survives fork or
 * a restart, so they are captured with the rest of the kernel state and created again,
 * with the same timer ids, in the process that continues from the checkpoint.
 */
#ifndef FRED_TIMERS_H
#define FRED_TIMERS_H

#include <stdint.h>
#include <sys/time.h>
#include <time.h>

#define FRED_MAX_POSIX_TIMERS 32

struct fred_posix_timer {
    int id;                    /* the kernel's timer id (glibc's timer_t for SIGEV_SIGNAL) */
    int clock_id;
    int notify;                /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID */
    int signo;
    uint64_t value;            /* sigev_value */
    struct itimerspec left;    /* time to the next expiry and the interval */
};

struct fred_timers {
    struct itimerval itimers[3];    /* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */
    int posix_count;
    struct fred_posix_timer posix[FRED_MAX_POSIX_TIMERS];
};

/* Reads the timers of this process (no malloc). Timers fred cannot give back are left
 * out with a line on stderr. */
void fred_timers_capture(struct fred_timers *t);

/* Creates the POSIX timers again under their ids and arms every timer with the time it
 * had left; a timer that cannot be made again is named on stderr. */
void fred_timers_apply(const struct fred_timers *t);

#endif
