/* stdin_lines.c - reads numbered lines ("1".."N") from stdin, a regular file, with stdio's
 * buffering: after restart it must go on with the next line, whether the restarting
 * command gives it the same file or something else. Stops after argv[1] lines and waits
 * for SIGUSR1 (stdin is not the harness's channel here), then reads to the end. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t go;
static void on_go(int sig) { (void)sig; go = 1; }

static int next_number(void)
{
    char line[32];
    return fgets(line, sizeof line, stdin) ? atoi(line) : -1;
}

int main(int argc, char **argv)
{
    int before = argc > 1 ? atoi(argv[1]) : 3;
    signal(SIGUSR1, on_go);
    int expected = 1, n;
    for (; expected <= before; expected++)
        if (next_number() != expected) {
            printf("FAIL line %d before the checkpoint\n", expected);
            return 1;
        }
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    while (!go) pause();
    while ((n = next_number()) > 0) {
        if (n != expected) {
            printf("FAIL read %d, expected %d\n", n, expected);
            return 1;
        }
        expected++;
    }
    printf("PASS %d lines\n", expected - 1);
    return 0;
}
