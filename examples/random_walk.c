/*
 * random_walk.c - a walk whose steps come from random bytes and the clock. It records the
 * step at which it first falls below -20 (`fell`). A search for when `fell` changed must
 * find that step, the same one on every try, although a new run would walk elsewhere
 * (test/session/recordReplay.test.ts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

int main(void)
{
    unsigned seed = 0;
    if (getrandom(&seed, sizeof seed, 0) < 0) return 1;
    srand(seed);
    long position = 0;
    int fell = 0;
    for (int i = 1; i <= 2000; i++) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        position += (rand() + ts.tv_nsec / 1000) % 8 - 4;
        if (position < -20 && fell == 0)
            fell = i;                                               /* FELL */
    }
    printf("fell at step %d, ended at %ld\n", fell, position);
    return 0;                                                       /* END */
}
