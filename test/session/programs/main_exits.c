/* The main thread ends (pthread_exit) while a worker goes on: snapshots and replays
 * after the process's first thread is gone (issue 18). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile int main_done;
static long total;

static long scaled(long x) {
    long y = x * 3; /* SCALED */
    return y;
} /* SCALED_END */

static void *worker(void *arg) {
    (void)arg;
    while (!main_done) usleep(1000);
    usleep(20000); /* WAITED: the first thread has ended by now */
    for (int i = 0; i < 6; i++) {
        long s = scaled(i); /* WORK */
        total += s; /* ADD */
    }
    printf("total %ld\n", total); /* DONE */
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    main_done = 1; /* MAIN_DONE */
    pthread_exit(NULL);
}
