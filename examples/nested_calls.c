/* nested_calls.c - main -> outer -> middle -> inner, each adding to a total.
 * Try: break inner, run, then fred-reverse-step back out through the callers. */
#include <stdio.h>

int total;

void inner(int k)
{
    total += k; /* INNER */
}

void middle(int k)
{
    inner(k * 2); /* MIDDLE */
    inner(k * 3);
}

void outer(int k)
{
    middle(k); /* OUTER */
    total += 1;
}

int main(void)
{
    outer(1); /* CALL */
    outer(10);
    printf("total = %d\n", total);
    return 0;
}
