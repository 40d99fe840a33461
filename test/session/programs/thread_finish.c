/* thread_finish.c - two workers take fixed turns (a turn variable under a mutex and a
 * condition variable), each waiting for its turn inside a function of the program called
 * from its loop: reverse-finish on a waiting worker goes back to that call. Every line
 * each thread runs is fixed by the program, so plain gdb's forward run is the ground truth. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn; /* which worker adds next */

static void wait_turn(int id)
{
    while (turn != id)
        pthread_cond_wait(&turn_changed, &lock); /* WAIT */
}

static void *work(void *arg)
{
    int id = (int)(long)arg;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&lock);
        wait_turn(id); /* CALL */
        counter += (id + 1) * 10 + round; /* ADD */
        turn = 1 - id; /* TURN */
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
