/* spin_flag.c - a worker waits for main's flag by spinning (no lock, no sleep, no call):
 * a thread that never reaches a point where fred can let another thread run. Under fred,
 * threads take turns; after 1 s of such spinning fred stops them taking turns (and the
 * record log stops recording), says so, and the program goes on. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile int flag;
static volatile long spins;

static void *worker(void *arg)
{
    (void)arg;
    while (!flag)
        spins++;
    return NULL;
}

int main(void)
{
    pthread_t thread;
    pthread_create(&thread, NULL, worker, NULL);
    usleep(1000);
    flag = 1; /* SET */
    pthread_join(thread, NULL);
    printf("the worker saw the flag\n"); /* DONE */
    return 0;
}
