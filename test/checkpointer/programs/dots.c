/* dots.c - prints "<n>@<pid> " every argv[1] ms (default 100), forever. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long ms = argc > 1 ? atol(argv[1]) : 100;
    struct timespec tick = { ms / 1000, (ms % 1000) * 1000000 };
    for (unsigned long n = 0;; n++) {
        printf("%lu@%d ", n, (int)getpid());
        fflush(stdout);
        nanosleep(&tick, NULL);
    }
}
