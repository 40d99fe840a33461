/* reverse-finish from a breakpoint's landing, and from a line that ran several times since the call (issue 14). */
int total;

void helper(int k) {
  total += k; /* HELPER_BODY */
}

void looper(int n) {
  for (int i = 0; i < n; i++) { /* LOOP_HEAD */
    helper(i); /* CALL_IN_LOOP */
    total += 1; /* LOOP_BODY */
  }
  total *= 2; /* LOOPER_LAST */
}

int main(void) {
  looper(3); /* CALL_LOOPER */
  looper(4); /* CALL_LOOPER_AGAIN */
  return total > 0 ? 0 : 1; /* END */
}
