/* read_stdin.c - numbers the lines of its standard input. Run it with stdin redirected
 * from a file (`run < lines.txt`): the offset of that shared file description is state
 * a snapshot must put back, or going back re-reads from the wrong place. A small stdio
 * buffer makes it read as it goes, as a program reading a large file does. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char line[64] = "";
    int count = 0;
    setvbuf(stdin, NULL, _IOFBF, 16);
    while (fgets(line, sizeof line, stdin)) { /* READ */
        count++;
        line[strcspn(line, "\n")] = 0;
        printf("%d: %s\n", count, line); /* PRINT */
    }
    printf("%d lines\n", count); /* DONE */
    return 0;
}
