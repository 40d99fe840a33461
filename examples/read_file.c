/* read_file.c - reads a file (argv[1], default input.txt) line by line and counts
 * characters. The open file's offset is state a checkpoint must bring back. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "input.txt";
    FILE *f = fopen(name, "r");
    if (!f) {
        perror(name);
        return 1;
    }
    char line[256];
    int lines = 0, chars = 0;
    while (fgets(line, sizeof line, f)) {
        lines++; /* READ */
        chars += (int)strlen(line);
    }
    fclose(f);
    printf("%d lines, %d characters\n", lines, chars);
    return 0;
}
