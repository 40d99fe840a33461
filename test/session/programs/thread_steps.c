/* thread_steps.c - two workers take fixed turns (a turn variable under a mutex and a
 * condition variable) and each computes with a helper before adding to a shared counter:
 * the interleaving and every line each thread runs are fixed by the program, so plain gdb's
 * forward run is the ground truth for reverse commands in either worker. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn; /* which worker adds next */

static long scaled(int id, int round)
{
    long base = (id + 1) * 10;
    long value = base + round;
    return value; /* RETURN */
} /* END_SCALED */

static void *work(void *arg)
{
    int id = (int)(long)arg;
    long add = 0;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&lock);
        while (turn != id)
            pthread_cond_wait(&turn_changed, &lock); /* WAIT */
        add = scaled(id, round); /* CALL */
        counter += add; /* ADD */
        turn = 1 - id;
        pthread_cond_broadcast(&turn_changed);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, work, (void *)i);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    printf("counter=%ld\n", counter); /* DONE */
    return 0;
}
