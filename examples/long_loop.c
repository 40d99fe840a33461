/* long_loop.c - a value goes bad at one iteration of a long loop and stays bad:
 * `long_loop K N` runs N iterations and iteration K sets value to -1.
 * Try: break at END, run 700000 1000000, then fred-reverse-watch value < 0
 * (bench/reverseWatch.ts times this search against gdb's own ways). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long bad = argc > 1 ? atol(argv[1]) : 700000;
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    long value = 0;
    for (long i = 0; i < n; i++) {
        if (value >= 0)
            value = i == bad ? -1 : i % 1000; /* BUG */
    }
    printf("value = %ld\n", value); /* END */
    return 0;
}
