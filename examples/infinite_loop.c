/* infinite_loop.c - never ends by itself: for interrupt (Ctrl-C) tests. */
int main(void)
{
    volatile unsigned long spins = 0;
    for (;;)
        spins++; /* SPIN */
}
