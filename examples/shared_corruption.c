/* shared_corruption.c - stock[2] is changed inside adjust(), which three callers use;
 * only return_item() passes the wrong item. stock[2] goes 5 -> 4 -> 5, so at END
 * `fred-reverse-watch stock[2]` says there is no change to go back to (it compares with
 * the start of history). Try instead: break at RETURN, run, next, then
 * fred-reverse-watch stock[2]: it stops in adjust(), called from return_item(). */
#include <stdio.h>

int stock[3] = { 5, 5, 5 };

void adjust(int item, int delta)
{
    stock[item] += delta; /* CHANGE */
}

void sell(int item) { adjust(item, -1); }
void restock(int item) { adjust(item, 3); }
void return_item(int item) { adjust(item + 1, 1); /* BUG: item + 1 */ }

int main(void)
{
    sell(0);
    sell(2);
    restock(0);
    sell(1);
    return_item(1); /* RETURN */
    sell(0);
    restock(1);
    printf("stock = %d %d %d\n", stock[0], stock[1], stock[2]); /* END */
    return 0;
}
