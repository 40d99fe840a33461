/* recursion_bug.c - walk(6) recurses down to 0; at depth n == 3 it multiplies the running
 * product by 0 instead of 3, and the product stays 0 from then on.
 * Try: break at END, run, print product, then fred-reverse-watch product. */
#include <stdio.h>

long product = 1;

int walk(int n)
{
    if (n == 0)
        return 0;
    product *= n == 3 ? 0 : n; /* BUG */
    return walk(n - 1) + 1;
}

int main(void)
{
    int depth = walk(6);
    printf("depth = %d, product = %ld\n", depth, product); /* END */
    return 0;
}
