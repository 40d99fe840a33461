/* turns_counter.c - three workers add to a shared counter under a mutex and note who
 * added, sleeping a little between additions: which worker adds next depends on timing
 * (plain runs differ), so going back must replay the recorded order of the threads.
 * Try: break at the ADD line, run, continue a few times, fred-reverse-continue: `p order`
 * shows what it showed going forward. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { WORKERS = 3, ROUNDS = 4 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static char order[WORKERS * ROUNDS + 1];

static void *work(void *arg)
{
    long id = (long)arg;
    for (int round = 0; round < ROUNDS; round++) {
        pthread_mutex_lock(&lock);
        order[counter] = (char)('a' + id);
        counter++; /* ADD */
        pthread_mutex_unlock(&lock);
        usleep(200 + 150 * id);
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[WORKERS];
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&threads[i], NULL, work, (void *)i);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL);
    printf("order %s counter %ld\n", order, counter); /* DONE */
    return 0;
}
