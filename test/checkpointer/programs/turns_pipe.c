/* turns_pipe.c - a reader thread reads lines from a pipe that main writes, with a sleep
 * between writes: a thread blocked in read while the writer is another thread. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int fds[2];

static void *reader(void *arg)
{
    (void)arg;
    char buf[64];
    long total = 0;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        total += n;
    printf("read %ld bytes\n", total);
    return NULL;
}

int main(void)
{
    pthread_t thread;
    pipe(fds);
    pthread_create(&thread, NULL, reader, NULL);
    for (int i = 0; i < 5; i++) {
        usleep(2000);
        write(fds[1], "line\n", 5);
    }
    close(fds[1]);
    pthread_join(thread, NULL);
    return 0;
}
