/*
 * countdown.c - counts from 0 to argv[1]-1, one step every 50 ms, printing each number
 * and summing the squares; prints "done total=<sum>" and exits. Used to check that a
 * restarted process continues correctly, also after a debugger attached to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long total;

static void step(int i)
{
    int square = i * i;
    total += square;
    printf("%d ", i);
    fflush(stdout);
    struct timespec tick = { 0, 50 * 1000000 };
    nanosleep(&tick, NULL);
}

int main(int argc, char **argv)
{
    int limit = argc > 1 ? atoi(argv[1]) : 40;
    for (int i = 0; i < limit; i++) step(i);
    printf("done total=%ld\n", total);
    return 0;
}
