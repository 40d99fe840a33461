/* exit_code.c - exits with status 10 (gdb shows it in octal: "exited with code 012"). */
#include <stdlib.h>

int compute(void)
{
    int code = 0;
    for (int i = 1; i <= 4; i++)
        code += i;
    return code;
}

int main(void)
{
    int code = compute();
    exit(code); /* EXIT */
}
