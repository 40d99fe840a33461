/*
 * changing_input.c - reads three numbers from the file named by argv[1] and adds them
 * up. If the file changes after this run read it, a replay cannot be the same execution:
 * fred must say so (test/session/recordReplay.test.ts).
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    FILE *in = fopen(argc > 1 ? argv[1] : "numbers.txt", "r");      /* OPEN */
    if (!in) return 1;
    long numbers[3] = { 0, 0, 0 };
    for (int i = 0; i < 3; i++)
        if (fscanf(in, "%ld", &numbers[i]) != 1) numbers[i] = -1;
    fclose(in);
    long total = numbers[0] + numbers[1] + numbers[2];               /* READ */
    printf("total %ld\n", total);
    total *= 2;
    printf("twice %ld\n", total);
    return 0;                                                        /* END */
}
