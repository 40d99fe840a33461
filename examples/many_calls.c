/* many_calls.c - a function called many times, then another: stopped in the other, break
 * the first and go back to its last call (reverse-continue to a breakpoint set after the
 * fact). `many_calls N K`: N loop iterations, `early_fn` called in the first K of them.
 * bench/reverseBreakpointAfter.ts times this. */
#include <stdlib.h>

long total;

void early_fn(long i)
{
    total += i; /* EARLY_BODY */
}

void late_fn(void)
{
    total++; /* LATE_BODY */
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long k = argc > 2 ? atol(argv[2]) : n;
    for (long i = 0; i < n; i++) {
        if (i < k)
            early_fn(i); /* CALL_EARLY */
        else
            total ^= i; /* NO_CALL */
    }
    late_fn(); /* CALL_LATE */
    return 0;
}
