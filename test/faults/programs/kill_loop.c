/* kill_loop.c - a program to kill at random moments: `kill_loop MIB SPINS` fills MIB MiB
 * (so writing its image takes a moment), then turns forever: each turn spins SPINS times
 * in slow() (so replaying a `next` over that call takes a moment) and counts the turn. */
#include <stdlib.h>

volatile unsigned long spin;
volatile unsigned long turn;

void slow(unsigned long spins)
{
    for (unsigned long i = 0; i < spins; i++)
        spin++;
}

int main(int argc, char **argv)
{
    size_t bytes = (size_t)(argc > 1 ? atol(argv[1]) : 0) << 20;
    unsigned long spins = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000UL;
    char *block = malloc(bytes + 1);
    for (size_t i = 0; i < bytes; i += 512)
        block[i] = (char)(i * 2654435761u >> 24) | 1; /* not zero pages: each one is written */
    for (;;) {
        slow(spins);
        turn++; /* TURN */
    }
}
