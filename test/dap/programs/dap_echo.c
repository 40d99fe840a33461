/* dap_echo.c - reads a line and says what it got: the program's own terminal (launch's
 * console: integratedTerminal, through the protocol's runInTerminal) (test/dap/). */
#include <stdio.h>

int main(void)
{
    char line[100];
    printf("type a line\n");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin))
        printf("got: %s", line); /* GOT */
    return 0;
}
