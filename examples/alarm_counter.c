/*
 * alarm_counter.c - counts SIGALRM ticks of an interval timer (every 2 ms) until 20 came.
 * `alarm_counter wait` waits for them in poll(), so each tick interrupts a call: a replay
 * can deliver it at the same point. `alarm_counter spin` computes between ticks, so where
 * a tick lands depends on timing alone: a replay must say it cannot reproduce that
 * (test/session/recordReplay.test.ts).
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig)
{
    (void)sig;
    ticks++;
}

int main(int argc, char **argv)
{
    int spin = argc > 1 && strcmp(argv[1], "spin") == 0;
    signal(SIGALRM, on_alarm);
    struct itimerval every = { { 0, 2000 }, { 0, 2000 } };
    setitimer(ITIMER_REAL, &every, NULL);
    long polls = 0, spins = 0;
    while (ticks < 20) {                                             /* WAIT */
        if (spin) spins++;
        else if (poll(NULL, 0, 1000) < 0) polls++;
    }
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    long seen = ticks;                                               /* DONE */
    printf("%ld ticks, %ld interrupted polls, %ld spins\n", seen, polls, spins);
    return 0;                                                        /* END */
}
