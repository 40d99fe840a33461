/* thread_exit.c - worker 1 (thread 2) runs add twice and ends; then main starts worker 2
 * (thread 3), which runs add twice too, and main runs add last. The order is fixed (one
 * thread runs at a time), so plain gdb's forward run is the ground truth. */
#include <pthread.h>
#include <stdio.h>

static long counter;

static void add(int id, int round)
{
    counter += id * 10 + round; /* ADD */
}

static void *work(void *arg)
{
    int id = (int)(long)arg;
    for (int round = 0; round < 2; round++)
        add(id, round);
    return NULL; /* END_WORK */
}

int main(void)
{
    pthread_t thread;
    for (long id = 1; id <= 2; id++) {
        pthread_create(&thread, NULL, work, (void *)id);
        pthread_join(thread, NULL); /* JOIN */
    }
    add(0, 0); /* MAIN_ADD */
    printf("counter=%ld\n", counter); /* DONE */
    return 0;
}
