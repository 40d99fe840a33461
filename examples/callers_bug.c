/* callers_bug.c - take() is called from buy(), save() and charge_fee(); only charge_fee()
 * passes the wrong account, so `reserve` changes once, inside take().
 * Try: break at END, run, print reserve, then fred-reverse-watch reserve and `up`. */
#include <stdio.h>

int cash = 100;
int savings = 0;
int reserve = 20;

void take(int *account, int amount)
{
    *account -= amount; /* CHANGE */
}

void buy(int price) { take(&cash, price); }
void save(int amount) { take(&cash, amount); savings += amount; }
void charge_fee(int fee) { take(&reserve, fee); /* BUG: meant &cash */ }

int main(void)
{
    buy(10);
    save(20);
    buy(5);
    charge_fee(3); /* FEE */
    buy(7);
    save(10);
    printf("cash = %d, savings = %d, reserve = %d\n", cash, savings, reserve); /* END */
    return 0;
}
