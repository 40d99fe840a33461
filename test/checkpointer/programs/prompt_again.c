/* prompt_again.c - waits at a prompt of its own (plain read, no readline). It asks fred's
 * library (fred_notify_restart, found with dlsym: without the library it runs as well)
 * for SIGUSR1 after every restart from an image, and then shows its prompt again.
 * `prompt_again --busy-until FILE` first says "busy" and works (short sleeps) until FILE
 * exists: a checkpoint taken then comes back before the read the signal must interrupt. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t restarted;

static void on_restart(int sig)
{
    (void)sig;
    restarted = 1;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_restart;          /* no SA_RESTART: the read returns EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    int (*notify)(int) = (int (*)(int))dlsym(RTLD_DEFAULT, "fred_notify_restart");
    if (notify && notify(SIGUSR1) != 0) return 3;
    if (argc == 3 && strcmp(argv[1], "--busy-until") == 0) {
        fputs("busy\n", stdout);
        fflush(stdout);
        while (access(argv[2], F_OK) != 0) usleep(1000);
    }
    char line[128];
    for (int shown = 0;;) {
        if (!shown) {
            fputs("name? ", stdout);
            fflush(stdout);
            shown = 1;
        }
        ssize_t n = read(0, line, sizeof line - 1);
        if (n < 0 && errno == EINTR) {
            if (restarted) {
                restarted = 0;
                shown = 0;
                fputs("[restarted]\n", stdout);
            }
            continue;
        }
        if (n <= 0) return 0;
        line[n] = 0;
        printf("hello %s", line);
        shown = 0;
    }
}
