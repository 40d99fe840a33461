/* yield_flag.c - two threads pass a token back and forth, each waiting for it by spinning
 * on sched_yield (no lock, no sleep). Under fred, threads take turns and a sched_yield
 * keeps the turn for a while: the waiting one must still let the other make its move.
 * How often each one yielded depends on timing; a replay yields as often. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { ROUNDS = 200 };
static volatile int token;          /* whose move: 0 main, 1 the worker */
static volatile long spins[2];      /* sched_yields while waiting for the token */
static volatile long moves;

static void play(int me)
{
    for (int round = 0; round < ROUNDS; round++) {
        while (token != me) {
            spins[me]++;
            sched_yield();
        }
        moves++; /* MOVE */
        token = !me;
    }
}

static void *worker(void *arg)
{
    (void)arg;
    play(1);
    return NULL;
}

int main(void)
{
    pthread_t thread;
    pthread_create(&thread, NULL, worker, NULL);
    play(0);
    pthread_join(thread, NULL);
    printf("moves %ld, spins %ld %ld\n", moves, spins[0], spins[1]); /* DONE */
    return 0;
}
