/* watch_locals.c - watchpoints on locals across fred's restores: accumulate() is called
 * twice from main (both calls have the same frame address), sum_down() recurses. */
#include <stdio.h>

int calls;

int accumulate(int n)
{
    int acc = 0;
    for (int i = 1; i <= n; i++) { /* LOOP */
        acc += i; /* ACC */
    }
    calls++; /* CALLS */
    return acc;
}

int sum_down(int n)
{
    int here = n * 10;
    if (n == 0)
        return here; /* BOTTOM */
    return here + sum_down(n - 1); /* RECURSE */
}

int main(void)
{
    int a = accumulate(4); /* FIRST */
    int b = accumulate(3); /* SECOND */
    int c = sum_down(3); /* DOWN */
    printf("%d %d %d %d\n", a, b, c, calls); /* PRINT */
    return 0;
}
