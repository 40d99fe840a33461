/* threaded_sum.c - main sums squares while a helper thread ticks in the background: a
 * program with two threads. Try: break at the ADD line, run, next a few times,
 * fred-reverse-next; info threads shows both threads after going back. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile long ticks;

static void *ticker(void *arg)
{
    (void)arg;
    for (;;) {
        ticks++;
        usleep(1000);
    }
    return NULL;
}

int main(void)
{
    pthread_t helper;
    pthread_create(&helper, NULL, ticker, NULL);
    int total = 0;
    for (int i = 1; i <= 5; i++)
        total += i * i; /* ADD */
    printf("total=%d\n", total);
    return 0;
}
