"""linked_list.py - inserts 1..20 (scrambled) into a sorted list; inserting 13 cuts the
list, so it ends with 15 nodes, not 20. Try: b at END, c, p list_len(head), then
fred-reverse-watch list_len(head) < 10 to go back to where the list reached 10 nodes."""


class Node:
    def __init__(self, value, next_node=None):
        self.value = value
        self.next = next_node


head = None


def list_len(node):
    n = 0
    while node:
        n += 1
        node = node.next
    return n


def insert_sorted(value):
    global head
    node = Node(value)
    if head is None or value < head.value:
        node.next = head
        head = node
        return
    at = head
    while at.next and at.next.value < value:
        at = at.next
    if value != 13:
        node.next = at.next
    at.next = node  # BUG: for 13 the rest of the list is lost


for i in range(20):
    insert_sorted(i * 7 % 20 + 1)  # INSERT
print("list_len = %d" % list_len(head))  # END
