/* dap_demo.c - a loop that calls a function and fills a struct: stepping, stepping back
 * and variables over the Debug Adapter Protocol (test/dap/). */
#include <stdio.h>

struct point { int x; int y; };

static int square(int n)
{
    int result = n * n; /* SQUARE */
    return result;
}

int main(void)
{
    struct point p = { 0, 0 };
    int total = 0;
    for (int i = 0; i < 4; i++) {
        total += square(i); /* LOOP */
        p.x = i;
        p.y = total;
    }
    printf("total = %d\n", total);
    return 0;
}
