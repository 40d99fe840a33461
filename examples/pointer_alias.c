/* pointer_alias.c - `limit` changes although no line names it: the pointer meant to
 * track the largest reading points at limit instead. It first changes at i == 1.
 * Try: break at END, run, print limit, then fred-reverse-watch limit. */
#include <stdio.h>

int limit = 100;
int readings[8] = { 12, 150, 40, 7, 300, 90, 15, 60 };

int main(void)
{
    int largest = 0;
    int *track = &limit; /* BUG: meant &largest */
    int over = 0;
    for (int i = 0; i < 8; i++) {
        if (readings[i] > *track)
            *track = readings[i]; /* CORRUPT */
        if (readings[i] > limit)
            over++;
    }
    printf("largest = %d, limit = %d, over = %d\n", largest, limit, over); /* END */
    return 0;
}
