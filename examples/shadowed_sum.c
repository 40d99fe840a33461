/* shadowed_sum.c - a called function has a local with the caller's name: watching the
 * caller's `sum` must not be fooled by the callee's own `sum` (fred-reverse-watch
 * evaluates the expression in the frame it was asked in).
 * `shadowed_sum K N`: N iterations, the caller's sum goes negative at iteration K. */
#include <stdio.h>
#include <stdlib.h>

long weigh(long i)
{
    long sum = 0; /* the callee's own sum, never negative */
    for (int j = 0; j < 8; j++)
        sum += (i + j) % 3;
    return sum;
}

int main(int argc, char **argv)
{
    long bad = argc > 1 ? atol(argv[1]) : 700000;
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    long sum = 0;
    for (long i = 0; i < n; i++) {
        sum += weigh(i);
        if (i == bad)
            sum -= 100000000; /* BUG */
    }
    printf("sum = %ld\n", sum); /* END */
    return 0;
}
