/*
 * terminal_input.c - asks for a name on its terminal and reads the answer. Going back
 * across the read and running forward again must not ask the user to type it again: the
 * answer comes from fred's record log (test/session/recordTerminal.test.ts).
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char name[64] = "";
    printf("name? ");
    fflush(stdout);
    if (!fgets(name, sizeof name, stdin)) strcpy(name, "(none)");   /* ASK */
    name[strcspn(name, "\n")] = 0;
    size_t length = strlen(name);                                  /* GOT */
    printf("hello %s (%zu letters)\n", name, length);
    return 0;                                                      /* END */
}
