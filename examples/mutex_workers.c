/* mutex_workers.c - two named workers add to a shared counter under a mutex, taking turns
 * (each waits for its turn on a condition variable), and print each addition: threads
 * whose interleaving is fixed by the program. Try: break at the ADD line, run, info
 * threads, thread 2, next, fred-reverse-next: the thread numbers stay. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn; /* which worker adds next */

struct worker { int id; char name[16]; };

static void *work(void *arg)
{
    struct worker *w = arg;
    pthread_setname_np(pthread_self(), w->name);
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&lock);
        while (turn != w->id)
            pthread_cond_wait(&turn_changed, &lock);
        counter += w->id + 1; /* ADD */
        printf("worker %d round %d counter %ld\n", w->id, round, counter);
        turn = 1 - w->id;
        pthread_cond_broadcast(&turn_changed);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[2];
    struct worker workers[2] = { { 0, "adder-0" }, { 1, "adder-1" } };
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, work, &workers[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL); /* JOIN */
    printf("counter=%ld\n", counter);
    return 0;
}
