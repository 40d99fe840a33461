/* late_frame.c - the value asked about lives in a function's frame that did not exist at
 * the start of history: fred-reverse-watch must go down into the call that creates it.
 * Try: break at the DONE line, run, fred-reverse-watch total. */
#include <stdio.h>

int work(int n)
{
    int total = 0;
    for (int k = 0; k < n; k++)
        total += k * k; /* ADD */
    return total; /* DONE */
}

int main(void)
{
    int a = 3; /* SET */
    int b = work(a);
    printf("%d\n", b);
    return 0;
}
