/* factorial.c - recursion: factorial(5) calls itself down to factorial(1).
 * Try: break factorial, run, then next/step/finish and fred-reverse-finish. */
#include <stdio.h>

long factorial(int n)
{
    if (n <= 1)
        return 1; /* BASE */
    long rest = factorial(n - 1); /* RECURSE */
    return n * rest;
}

int main(void)
{
    long result = factorial(5); /* CALL */
    printf("factorial(5) = %ld\n", result);
    return 0;
}
