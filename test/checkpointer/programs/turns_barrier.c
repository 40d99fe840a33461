/* turns_barrier.c - three workers add to a sum under a read-write lock, wait for each
 * other at a barrier, then read the sum: a barrier is a wait fred's library does not see. */
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t barrier;
static pthread_rwlock_t guard = PTHREAD_RWLOCK_INITIALIZER;
static long sum;

static void *work(void *arg)
{
    pthread_rwlock_wrlock(&guard);
    sum += (long)arg;
    pthread_rwlock_unlock(&guard);
    pthread_barrier_wait(&barrier);
    pthread_rwlock_rdlock(&guard);
    long seen = sum;
    pthread_rwlock_unlock(&guard);
    return (void *)seen;
}

int main(void)
{
    pthread_t threads[3];
    pthread_barrier_init(&barrier, NULL, 3);
    for (long i = 0; i < 3; i++)
        pthread_create(&threads[i], NULL, work, (void *)(i + 1));
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    printf("sum %ld\n", sum);
    return 0;
}
