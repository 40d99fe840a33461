/* shared_value.c - values in shared memory: a POSIX shared memory object and a shared
 * anonymous mapping. Each snapshot shares these pages with the program that goes on, so
 * going back must give them the values they had at that time (4 and 40, not 37 and 370). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* A page of a new POSIX shared memory object, whose name is gone at once (nothing is
 * left behind: the mapping keeps the object). */
static int *map_shared_object(void)
{
    char name[64];
    snprintf(name, sizeof name, "/fred-shared-value-%d", (int)getpid());
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return MAP_FAILED;
    shm_unlink(name);
    int *page = ftruncate(fd, 4096) == 0 ? mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    close(fd);
    return page;
}

static void set(int *where, int value)
{
    *where = value;
}

int main(void)
{
    int *shared = map_shared_object();
    int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED || anon == MAP_FAILED) {
        perror("shared memory");
        return 1;
    }
    set(shared, 4); /* FOUR */
    set(anon, 40);
    set(shared, 37); /* LATER */
    set(anon, 370);
    printf("%d %d\n", *shared, *anon); /* PRINT */
    return 0;
}
