/* many_calls.c - a function called many times, then another: stopped in the other, break
 * the first and go back to its last call (reverse-continue to a breakpoint set after the
 * fact). `many_calls N K [WORK]`: N loop iterations, `early_fn` called in the first K of
 * them, each call spinning WORK times (a slower function: more time between calls).
 * bench/reverseBreakpointAfter.ts times this. */
#include <stdlib.h>

long total;
long work;

void early_fn(long i)
{
    total += i; /* EARLY_BODY */
    for (long j = 0; j < work; j++)
        total ^= j;
}

void late_fn(void)
{
    total++; /* LATE_BODY */
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long k = argc > 2 ? atol(argv[2]) : n;
    work = argc > 3 ? atol(argv[3]) : 0;
    for (long i = 0; i < n; i++) {
        if (i < k)
            early_fn(i); /* CALL_EARLY */
        else
            total ^= i; /* NO_CALL */
    }
    late_fn(); /* CALL_LATE */
    return 0;
}
