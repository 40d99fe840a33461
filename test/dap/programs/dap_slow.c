/* dap_slow.c - a slow loop (10 ms a turn): a reverse-watch over it takes long enough to
 * be cancelled, and requests sent during it meet a search (test/dap/). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int mark = 0;
    long sum = 0;
    for (int i = 0; i < 300; i++) {
        if (i == 5)
            mark = 1;
        sum += i;
        usleep(10000);
    }
    printf("sum = %ld, mark = %d\n", sum, mark); /* END */
    return 0;
}
