/* spin_lines.c - never ends by itself; its loop body has several lines, so after Ctrl-C
 * there is somewhere to step to and back from. It prints "spinning" once it is running,
 * so a test knows when to interrupt. */
#include <stdio.h>

int main(void)
{
    volatile unsigned long spins = 0, odd = 0;
    printf("spinning\n");
    fflush(stdout);
    for (;;) {
        spins++; /* SPIN */
        if (spins & 1)
            odd++; /* ODD */
    }
}
