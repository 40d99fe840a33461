/* prints.c - prints one numbered line per step, so replays can be checked by output. */
#include <stdio.h>

void say(int i)
{
    printf("line %d\n", i); /* PRINT */
    fflush(stdout);
}

int main(void)
{
    for (int i = 1; i <= 5; i++)
        say(i);
    printf("done\n"); /* DONE */
    return 0;
}
