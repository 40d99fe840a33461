/* fred_timers.c - see fred_timers.h. POSIX timers are listed by /proc/self/timers;
 * PR_TIMER_CREATE_RESTORE_IDS (Linux 6.17) lets timer_create take the id to use. */
#define _GNU_SOURCE
#include "fred_timers.h"
#include "fred_util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_TIMER_CREATE_RESTORE_IDS
#define PR_TIMER_CREATE_RESTORE_IDS 77
#define PR_TIMER_CREATE_RESTORE_IDS_OFF 0
#define PR_TIMER_CREATE_RESTORE_IDS_ON 1
#endif

static void say(const char *what, int id, int error)
{
    char msg[200];
    int len = snprintf(msg, sizeof msg, "fred-ckpt: POSIX timer %d %s: %s\n", id, what, strerror(error));
    fred_write_all(2, msg, (size_t)len);
}

/*
 * One entry of /proc/self/timers:
 *   ID: 1
 *   signal: 14/0000000000000000
 *   notify: signal/pid.123      (signal/tid.123 for SIGEV_THREAD_ID, none/pid.123 for SIGEV_NONE)
 *   ClockID: 1
 */
static const char *parse_timer(const char *p, struct fred_posix_timer *pt)
{
    memset(pt, 0, sizeof *pt);
    if (sscanf(p, "ID: %d", &pt->id) != 1) return NULL;
    const char *s = strstr(p, "signal: ");
    const char *n = strstr(p, "notify: ");
    const char *c = strstr(p, "ClockID: ");
    if (!s || !n || !c) return NULL;
    pt->signo = atoi(s + 8);
    const char *slash = strchr(s, '/');
    if (slash) pt->value = strtoull(slash + 1, NULL, 16);
    n += 8;
    const char *eol = strchr(n, '\n');
    const char *tid = strstr(n, "/tid.");
    pt->notify = strncmp(n, "none", 4) == 0 ? SIGEV_NONE : tid && (!eol || tid < eol) ? SIGEV_THREAD_ID : SIGEV_SIGNAL;
    pt->clock_id = atoi(c + 9);
    const char *next = strstr(c, "\nID: ");
    return next ? next + 1 : c + strlen(c);
}

/*
 * A periodic timer whose signal is pending (blocked while fred's handler runs) shows no
 * time left: the kernel arms it again when the signal is delivered. The copy that
 * continues has no such signal, so it expires at once instead.
 */
void fred_timers_capture(struct fred_timers *t)
{
    for (int which = 0; which < 3; which++) {
        struct itimerval *v = &t->itimers[which];
        if (getitimer(which, v) < 0) memset(v, 0, sizeof *v);
        if (!v->it_value.tv_sec && !v->it_value.tv_usec && (v->it_interval.tv_sec || v->it_interval.tv_usec)) v->it_value.tv_usec = 1;
    }
    t->posix_count = 0;
    char text[8192];
    ssize_t n = fred_read_file("/proc/self/timers", text, sizeof text - 1);
    if (n <= 0) return;
    text[n] = 0;
    for (const char *p = text; p && *p && t->posix_count < FRED_MAX_POSIX_TIMERS;) {
        struct fred_posix_timer *pt = &t->posix[t->posix_count];
        p = parse_timer(p, pt);
        if (!p) break;
        if (syscall(SYS_timer_gettime, pt->id, &pt->left) < 0) continue;
        struct timespec *value = &pt->left.it_value, *interval = &pt->left.it_interval;
        if (!value->tv_sec && !value->tv_nsec && (interval->tv_sec || interval->tv_nsec)) value->tv_nsec = 1;   /* as above */
        t->posix_count++;
    }
}

static void create_again(const struct fred_posix_timer *pt)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = pt->notify;
    ev.sigev_signo = pt->signo;
    ev.sigev_value.sival_ptr = (void *)(uintptr_t)pt->value;
    if (pt->notify == SIGEV_THREAD_ID) ev._sigev_un._tid = (int)syscall(SYS_gettid);   /* one thread: this one */
    int id = pt->id;
    if (syscall(SYS_timer_create, pt->clock_id, &ev, &id) < 0) {
        say("cannot be created again", pt->id, errno);
        return;
    }
    if (id != pt->id) {     /* a kernel without PR_TIMER_CREATE_RESTORE_IDS chose another id */
        syscall(SYS_timer_delete, id);
        say("cannot be given its id again", pt->id, ENOSYS);
        return;
    }
    if (syscall(SYS_timer_settime, id, 0, &pt->left, NULL) < 0) say("cannot be armed again", pt->id, errno);
}

void fred_timers_apply(const struct fred_timers *t)
{
    for (int which = 0; which < 3; which++) setitimer(which, &t->itimers[which], NULL);
    if (t->posix_count == 0) return;
    prctl(PR_TIMER_CREATE_RESTORE_IDS, PR_TIMER_CREATE_RESTORE_IDS_ON, 0, 0, 0);
    for (int i = 0; i < t->posix_count; i++) create_again(&t->posix[i]);
    prctl(PR_TIMER_CREATE_RESTORE_IDS, PR_TIMER_CREATE_RESTORE_IDS_OFF, 0, 0, 0);
}
