/* syscall_spin.c - never ends by itself, and every turn of its loop calls the system
 * (time, getppid), which the record log records: for Ctrl-C tests on a busy program.
 * It prints "spinning" once it is running, so a test knows when to interrupt. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    volatile unsigned long calls = 0;
    printf("spinning\n");
    fflush(stdout);
    for (;;) {
        calls += (unsigned long)time(NULL) & 1; /* SPIN */
        calls += getppid() & 1;
    }
}
