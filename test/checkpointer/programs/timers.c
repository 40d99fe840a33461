/* timers.c - interval timers across a restart: a SIGALRM-driven counter (ITIMER_REAL)
 * and a POSIX timer (timer_create, SIGRTMIN) must keep counting after it; a long
 * ITIMER_VIRTUAL and a disarmed ITIMER_PROF keep their settings. */
#define _GNU_SOURCE
#include "zdtm.h"

#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t alarms, posix_ticks;

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_posix_tick(int sig) { (void)sig; posix_ticks++; }

/* Waits (up to ~10 s) for both counters to move on by 3; the timers do the counting. */
static int counting_goes_on(void)
{
    int a = alarms, p = posix_ticks;
    for (int i = 0; i < 1000; i++) {
        if (alarms >= a + 3 && posix_ticks >= p + 3) return 1;
        struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
        nanosleep(&ten_ms, NULL);
    }
    return 0;
}

int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = on_posix_tick;
    sigaction(SIGRTMIN, &sa, NULL);
    struct itimerval every_20ms = { { 0, 20000 }, { 0, 20000 } };
    struct itimerval virtual_long = { { 500, 0 }, { 1000, 0 } };
    setitimer(ITIMER_REAL, &every_20ms, NULL);
    setitimer(ITIMER_VIRTUAL, &virtual_long, NULL);
    timer_t spare, ticker;
    struct sigevent ev = { 0 };
    ev.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_MONOTONIC, &ev, &spare);             /* id 0: the ticker's id is not the first */
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN;
    ev.sigev_value.sival_int = 1234;
    if (timer_create(CLOCK_MONOTONIC, &ev, &ticker) < 0) zdtm_fail("timer_create");
    struct itimerspec every_30ms = { { 0, 30000000 }, { 0, 30000000 } };
    timer_settime(ticker, 0, &every_30ms, NULL);
    if (!counting_goes_on()) zdtm_fail("the timers do not count before the checkpoint");
    zdtm_ready();
    zdtm_wait_check();
    if (!counting_goes_on()) zdtm_fail("the timers stopped counting after restart (alarms %d, posix %d)", alarms, posix_ticks);
    struct itimerval v, prof;
    getitimer(ITIMER_VIRTUAL, &v);
    getitimer(ITIMER_PROF, &prof);
    ZDTM_CHECK(v.it_interval.tv_sec == 500 && v.it_value.tv_sec > 900 && v.it_value.tv_sec <= 1000,
               "ITIMER_VIRTUAL is %ld s every %ld s", (long)v.it_value.tv_sec, (long)v.it_interval.tv_sec);
    ZDTM_CHECK(prof.it_value.tv_sec == 0 && prof.it_value.tv_usec == 0, "ITIMER_PROF was armed by the restart");
    struct itimerspec left;
    ZDTM_CHECK(timer_gettime(ticker, &left) == 0 && left.it_interval.tv_nsec == 30000000, "the POSIX timer lost its interval");
    ZDTM_CHECK(timer_gettime(spare, &left) == 0, "the unarmed POSIX timer is gone");
    zdtm_pass();
}
