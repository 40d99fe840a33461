/* blocked_read.c - computes a little, then waits for a line of its terminal with fgets (or
 * with read(), argument "read"; or sleeps, argument "sleep"): a Ctrl-C there stops a
 * program blocked in a system call. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int square_sum(int n)
{
    int total = 0;
    for (int i = 1; i <= n; i++) total += i * i;
    return total; /* SUM */
}

int main(int argc, char **argv)
{
    char line[64] = "";
    int total = square_sum(4);
    int doubled = total * 2; /* DOUBLE */
    if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
        sleep(100); /* SLEEP */
        printf("slept\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "read") == 0) {
        long got = read(0, line, sizeof line - 1); /* RAW */
        printf("read %ld bytes\n", got);
        return 0;
    }
    if (fgets(line, sizeof line, stdin) == NULL) /* READ */
        return 1;
    line[strcspn(line, "\n")] = 0;
    printf("read %s, %d %d\n", line, total, doubled); /* PRINT */
    return 0;
}
