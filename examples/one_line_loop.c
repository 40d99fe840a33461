/* A loop written on one line: one source line runs the call many times, which `next`
 * does not tell apart (reverse-finish lands on the right run's call, issue 14). */
int total;

void f(int i) {
  total += i; /* F_BODY */
}

int main(void) {
  int i;
  for (i = 0; i < 4; i++) f(i); /* LOOP_LINE */
  return total > 0 ? 0 : 1; /* END */
}
