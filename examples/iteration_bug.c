/* iteration_bug.c - a running sum of readings goes negative at one chosen iteration:
 * `iteration_bug K N` runs N iterations (default 100) and reading K (default 50) is bad.
 * Try: break at END, run 10, print sum, then fred-reverse-watch sum < 0. */
#include <stdio.h>
#include <stdlib.h>

int reading(int i, int bad)
{
    return i == bad ? -1000000 : i % 7;
}

int main(int argc, char **argv)
{
    int bad = argc > 1 ? atoi(argv[1]) : 50;
    int count = argc > 2 ? atoi(argv[2]) : 100;
    long sum = 0;
    for (int i = 0; i < count; i++) {
        int r = reading(i, bad);
        sum += r; /* BUG */
    }
    printf("sum = %ld\n", sum); /* END */
    return 0;
}
