/* Breakpoints crossed going back from the middle of a line, and inside a call of a callee's last line (issue 14). */
int count;

int compute(int k) {
  return k * 3; /* COMPUTE_BODY */
}

void inner(void) {
  count++; /* INNER_BODY */
}

void middle(void) {
  count += 2; /* MIDDLE_FIRST */
  inner(); } /* MIDDLE_LAST */

int main(void) {
  count = 1; /* FIRST */
  count = compute(2) + 1; /* CALL_COMPUTE */
  middle(); /* CALL_MIDDLE */
  count += 3; /* AFTER_MIDDLE */
  return count > 0 ? 0 : 1; /* END */
}
