/*
 * shared_kinds.c - every kind of shared mapping a snapshot must give its contents of that
 * time: a System V segment, a MAP_SHARED file mapping (read-write), shared anonymous
 * memory, and a read-only MAP_SHARED view of another file; plus a SIGALRM counter
 * (ITIMER_REAL), which a resumed copy must have too. Commands on stdin:
 *   set N   writes N into the three writable mappings   -> "set N"
 *   get     -> "values SYSV FILE ANON READONLY-FIRST-BYTE"
 *   ticks   -> "ticking" once the alarm counter moved on by 3 (or "stopped" after ~10 s)
 * usage: shared_kinds DIR (DIR/rw.bin and DIR/ro.txt are created); prints "ready <pid>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void *map_file(const char *dir, const char *name, int writable)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, writable ? O_RDWR | O_CREAT : O_RDONLY, 0600);
    if (fd < 0 || (writable && ftruncate(fd, 4096) < 0)) return MAP_FAILED;
    void *p = mmap(NULL, 4096, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    int *sysv = id >= 0 ? shmat(id, NULL, 0) : (void *)-1;
    if (id >= 0) shmctl(id, IPC_RMID, NULL);        /* gone with the last attachment */
    int *file = map_file(argv[1], "rw.bin", 1);
    int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    const char *ro = map_file(argv[1], "ro.txt", 0);
    if (sysv == (void *)-1 || file == MAP_FAILED || anon == MAP_FAILED || ro == MAP_FAILED) {
        perror("shared mappings");
        return 1;
    }
    *sysv = *file = *anon = 1;
    signal(SIGALRM, on_alarm);
    struct itimerval every_20ms = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &every_20ms, NULL);
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "set ", 4) == 0) {
            *sysv = *file = *anon = atoi(line + 4);
            printf("set %d\n", *sysv);
        } else if (strncmp(line, "get", 3) == 0) {
            printf("values %d %d %d %c\n", *sysv, *file, *anon, ro[0]);
        } else if (strncmp(line, "ticks", 5) == 0) {
            int from = alarms, i = 0;
            for (; i < 1000 && alarms < from + 3; i++) {
                struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
                nanosleep(&ten_ms, NULL);
            }
            printf(alarms >= from + 3 ? "ticking\n" : "stopped\n");
        }
        fflush(stdout);
    }
    return 0;
}
