/*
 * main_ends.c - the main thread ends first (pthread_exit) while two others go on: one
 * counts under a mutex, the other speaks the zdtm protocol once the first thread is a
 * zombie. The process's first thread is then no part of it: fred must still find it
 * alive, checkpoint the two live threads and restart them, each going on.
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long long count;
static atomic_int stop;

static long long counted(void)
{
    pthread_mutex_lock(&lock);
    long long now = count;
    pthread_mutex_unlock(&lock);
    return now;
}

static void *counter(void *unused)
{
    (void)unused;
    while (!atomic_load(&stop)) {
        pthread_mutex_lock(&lock);
        count++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

/* The first thread has ended: /proc shows it as a zombie. */
static int first_thread_ended(void)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)getpid());
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = 0;
    char *close = strrchr(stat, ')');
    return close && close[1] && close[2] == 'Z';
}

static void *speaker(void *counting)
{
    for (int i = 0; i < 5000 && !first_thread_ended(); i++) {
        struct timespec t = { 0, 1000000 };
        nanosleep(&t, NULL);
    }
    ZDTM_CHECK(first_thread_ended(), "the main thread did not end");
    int tid = gettid();
    zdtm_ready();
    zdtm_wait_check();
    long long before = counted();
    for (int i = 0; i < 5000 && counted() == before; i++) {
        struct timespec t = { 0, 1000000 };
        nanosleep(&t, NULL);
    }
    ZDTM_CHECK(counted() > before, "the counting thread does not run after the restart");
    ZDTM_CHECK(gettid() == tid, "gettid() changed from %d to %d", tid, gettid());
    atomic_store(&stop, 1);
    ZDTM_CHECK(pthread_join(*(pthread_t *)counting, NULL) == 0, "pthread_join of the counting thread");
    zdtm_pass();
}

int main(void)
{
    static pthread_t counting, speaking;
    if (pthread_create(&counting, NULL, counter, NULL) != 0 || pthread_create(&speaking, NULL, speaker, &counting) != 0)
        zdtm_fail("pthread_create");
    pthread_exit(NULL);
}
