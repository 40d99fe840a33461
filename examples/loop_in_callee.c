/* A loop inside a function called once: a breakpoint set afterwards in the loop's body,
 * then going back out of the function (reverse commands, issue 14). */
int total;

void work(int n) {
  int i;
  total = 1; /* WORK_FIRST */
  for (i = 0; i < n; i++) {
    total += i; /* LOOP_BODY */
    total ^= 1; /* LOOP_SECOND */
  }
  total += 7; /* WORK_LAST */
}

int main(void) {
  int before = 2; /* MAIN_FIRST */
  work(before + 3); /* CALL_WORK */
  total *= before; /* AFTER_WORK */
  return total > 0 ? 0 : 1; /* END */
}
