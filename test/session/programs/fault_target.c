/* fault_target.c - a program to break fred on purpose: `fault_target MIB SPINS` fills
 * MIB MiB (so writing its checkpoint image takes a while), then spins SPINS times in
 * slow() (so replaying a `next` over that call takes a while), then changes `a`. */
#include <stdio.h>
#include <stdlib.h>

volatile unsigned long spin;

void slow(unsigned long spins)
{
    for (unsigned long i = 0; i < spins; i++)
        spin++;
}

int main(int argc, char **argv)
{
    size_t bytes = (size_t)(argc > 1 ? atol(argv[1]) : 0) << 20;
    unsigned long spins = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000000UL;
    char *block = malloc(bytes + 1);
    for (size_t i = 0; i < bytes; i += 512)
        block[i] = (char)(i * 2654435761u >> 24) | 1; /* not zero pages: each one is written */
    int a = 1; /* A1 */
    slow(spins);
    a = 2; /* A2 */
    a = 3; /* A3 */
    printf("a = %d %d\n", a, block[0]);
    return 0;
}
