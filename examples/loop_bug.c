/* loop_bug.c - a balance that should stay positive goes negative on day 37.
 * Try: break at END, run, print balance, then fred-reverse-watch balance < 0. */
#include <stdio.h>

int fee_for(int day)
{
    return day % 37 == 0 ? 500 : 2; /* BUG: a fee meant for day 370 */
}

int main(void)
{
    int balance = 100;
    for (int day = 1; day <= 60; day++) {
        balance += 5;
        balance -= fee_for(day); /* UPDATE */
    }
    printf("balance = %d\n", balance); /* END */
    return 0;
}
