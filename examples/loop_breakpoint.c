/* loop_breakpoint.c - a loop of 10 iterations with a natural breakpoint inside.
 * Try: break at the BREAK line, run, continue a few times, fred-reverse-continue. */
#include <stdio.h>

int main(void)
{
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        sum += i; /* BREAK */
    }
    printf("sum = %d\n", sum); /* PRINT */
    return 0;
}
