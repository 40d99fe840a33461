/*
 * branch_on_file.c - reads a number from the file named by argv[1] and takes one branch
 * or the other. Built statically it loads no fred library and records nothing: if the file
 * changes, a replay stops elsewhere than the forward run did, and fred must say so
 * (test/session/recordReplay.test.ts).
 */
#include <stdio.h>

int main(int argc, char **argv)
{
    FILE *in = fopen(argc > 1 ? argv[1] : "number.txt", "r");       /* OPEN */
    int value = 0;
    if (!in || fscanf(in, "%d", &value) != 1) return 1;
    fclose(in);
    if (value > 5)                                                   /* TEST */
        value = value * 2;                                           /* BIG */
    else
        value = value + 100;                                         /* SMALL */
    printf("%d\n", value);                                           /* PRINT */
    return 0;
}
