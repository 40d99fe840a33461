/*
 * signals.c - signal dispositions and the signal mask survive a restart: a SA_SIGINFO
 * handler with its own mask and flags, an ignored signal, a SA_RESETHAND handler, and a
 * blocked signal; handlers still run afterwards, and a signal blocked before the
 * checkpoint stays pending until unblocked.
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <signal.h>

static volatile sig_atomic_t usr1_count, alrm_count;

static void on_usr1(int sig, siginfo_t *info, void *uc) { (void)sig; (void)info; (void)uc; usr1_count++; }
static void on_alrm(int sig) { (void)sig; alrm_count++; }

static void check_action(int sig, void *want_handler, int want_flags, int masked)
{
    struct sigaction now;
    sigaction(sig, NULL, &now);
    void *handler = (now.sa_flags & SA_SIGINFO) ? (void *)now.sa_sigaction : (void *)now.sa_handler;
    ZDTM_CHECK(handler == want_handler, "handler of signal %d changed", sig);
    ZDTM_CHECK((now.sa_flags & want_flags) == want_flags, "flags of signal %d changed (%#x)", sig, now.sa_flags);
    if (masked) ZDTM_CHECK(sigismember(&now.sa_mask, masked), "mask of the handler of signal %d lost %d", sig, masked);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alrm;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGALRM, &sa, NULL);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGWINCH);                            /* pending across the checkpoint */
    zdtm_ready();
    zdtm_wait_check();
    check_action(SIGUSR1, (void *)on_usr1, SA_SIGINFO | SA_RESTART | SA_NODEFER, SIGTERM);
    check_action(SIGHUP, (void *)SIG_IGN, 0, 0);
    check_action(SIGALRM, (void *)on_alrm, SA_RESETHAND, 0);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    ZDTM_CHECK(sigismember(&now, SIGINT) && sigismember(&now, SIGWINCH), "signal mask lost SIGINT or SIGWINCH");
    ZDTM_CHECK(!sigismember(&now, SIGUSR1), "SIGUSR1 became blocked");
    raise(SIGUSR1);
    raise(SIGHUP);                              /* ignored: we survive */
    raise(SIGALRM);
    ZDTM_CHECK(usr1_count == 1, "SIGUSR1 handler ran %d times", (int)usr1_count);
    ZDTM_CHECK(alrm_count == 1, "SIGALRM handler ran %d times", (int)alrm_count);
    check_action(SIGALRM, (void *)SIG_DFL, 0, 0);
    ZDTM_CHECK(usr1_count == 1, "SIGUSR1 handler ran %d times", (int)usr1_count);
    zdtm_pass();
}
