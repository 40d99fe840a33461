/*
 * outside_world.c - a program that takes everything from outside its own memory: its
 * pid, the clock (time, clock_gettime, gettimeofday, clock), random bytes (getrandom and
 * stdio reading /dev/urandom, and a `syscall` instruction of its own), lines from its
 * standard input (stdio) and what a child process prints through a pipe. A replay after going back must show the values this run
 * saw (fred's record log); test/session/recordReplay.test.ts checks it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* getrandom without libc: the program's own system call instruction */
static long inline_getrandom(void *buf, long size)
{
    long result;
    __asm__ volatile("syscall" : "=a"(result) : "a"(318L), "D"(buf), "S"(size), "d"(0L) : "rcx", "r11", "memory");
    return result;
}

static void read_line(FILE *from, char *line, int size)
{
    if (!fgets(line, size, from)) strcpy(line, "(none)");
    line[strcspn(line, "\n")] = 0;
}

int main(void)
{
    pid_t pid = getpid();                                            /* TAKE */
    time_t now = time(NULL);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long nanos = ts.tv_nsec;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long micros = tv.tv_usec;
    long ticks = (long)clock();
    unsigned long random_bytes = 0;
    if (getrandom(&random_bytes, sizeof random_bytes, 0) < 0) return 1;
    unsigned long inline_random = 0;
    if (inline_getrandom(&inline_random, sizeof inline_random) != sizeof inline_random) return 1;
    unsigned long urandom = 0;
    FILE *device = fopen("/dev/urandom", "r");
    if (!device || fread(&urandom, sizeof urandom, 1, device) != 1) return 1;
    fclose(device);
    char first[64] = "", second[64] = "", child_said[64] = "";
    read_line(stdin, first, sizeof first);
    FILE *child = popen("date +%N", "r");
    if (!child) return 1;
    read_line(child, child_said, sizeof child_said);
    pclose(child);
    read_line(stdin, second, sizeof second);
    printf("pid %d now %ld nanos %ld micros %ld ticks %ld\n", (int)pid, (long)now, nanos, micros, ticks); /* TAKEN */
    printf("random %lx %lx urandom %lx\n", random_bytes, inline_random, urandom);
    printf("first '%s' child '%s' second '%s'\n", first, child_said, second);
    long sum = (long)pid + nanos + micros + (long)(random_bytes % 1000);
    printf("sum %ld\n", sum);
    return 0;                                                        /* END */
}
