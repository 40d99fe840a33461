/* thread_corruption.c - three workers each add to their own slot of a shared table under a
 * mutex; worker 2 (gdb's thread 4) writes one slot too far at its iteration 150000, into
 * `created`, the count of workers main started, which nothing else writes after main:
 * stopped at JOIN, then at DONE, `fred-reverse-watch shared.created` must name the BUG
 * line and thread 4, whatever the interleaving. */
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 3, ITERATIONS = 300000, BAD_ITERATION = 150000 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct { long slots[WORKERS]; long created; } shared;

static void *work(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < ITERATIONS; i++) {
        pthread_mutex_lock(&lock);
        long slot = id == 2 && i == BAD_ITERATION ? id + 1 : id;
        shared.slots[slot] += 1; /* BUG */
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[WORKERS];
    for (long i = 0; i < WORKERS; i++) {
        pthread_create(&threads[i], NULL, work, (void *)i);
        shared.created++;
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL); /* JOIN */
    printf("created %ld\n", shared.created); /* DONE */
    return 0;
}
