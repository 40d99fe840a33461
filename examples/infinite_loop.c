/* infinite_loop.c - never ends by itself: for interrupt (Ctrl-C) tests. It prints
 * "spinning" once it is running, so a test knows when to interrupt. */
#include <stdio.h>

int main(void)
{
    volatile unsigned long spins = 0;
    printf("spinning\n");
    fflush(stdout);
    for (;;)
        spins++; /* SPIN */
}
