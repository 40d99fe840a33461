/* linked_list.c - inserts 1..20 (scrambled) into a sorted list; inserting 13 cuts the
 * list, so it ends with 15 nodes, not 20. Try: break at END, run, print list_len(head),
 * then fred-reverse-watch list_len(head) to go back to the cut. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *head;

int list_len(struct node *list)
{
    int n = 0;
    for (; list; list = list->next)
        n++;
    return n;
}

void insert_sorted(int value)
{
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = NULL;
    if (!head || value < head->value) {
        n->next = head;
        head = n;
        return;
    }
    struct node *at = head;
    while (at->next && at->next->value < value)
        at = at->next;
    if (value != 13)
        n->next = at->next;
    at->next = n; /* BUG: for 13 the rest of the list is lost */
}

int main(void)
{
    for (int i = 0; i < 20; i++)
        insert_sorted(i * 7 % 20 + 1); /* INSERT */
    printf("list_len = %d\n", list_len(head)); /* END */
    return 0;
}
