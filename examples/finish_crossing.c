/* reverse-finish crossing breakpoints set after the program passed them (issue 14). */
int total;

void helper(int k) {
  total += k; /* HELPER_BODY */
}

void outer(int n) {
  int before = n + 1; /* OUTER_FIRST */
  helper(before); /* CALL_HELPER */
  total += before; /* OUTER_MIDDLE */
  total *= 2; /* OUTER_LAST */
}

int main(void) {
  outer(3); /* CALL_OUTER */
  outer(5); /* CALL_OUTER_AGAIN */
  return total > 0 ? 0 : 1; /* END */
}
