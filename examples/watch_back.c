/* Watchpoints going back (issue 14): reverse commands stop just before the write. No libc
   calls between main's start and END, so gdb's own `record full` can replay it (glibc's
   AVX code stops it). */
int total;
int flags;
int sums;

void add(int k) {
  total += k; /* ADD */
}

int scale(int v) {
  return v * 3; /* SCALE */
}

int sum_to(int n) {
  int acc = 0; /* ACC_INIT */
  int j;
  for (j = 1; j <= n; j++)
    acc += j; /* ACC */
  return acc; /* SUM_RETURN */
}

int main(void) {
  int i;
  int local = 0;
  for (i = 0; i < 5; i++) {
    add(i); /* CALL_ADD */
    flags = scale(i); /* SET_FLAGS */
    local += total; /* LOCAL */
  }
  total = 100; /* LAST */
  flags = local; /* FLAGS_LAST */
  sums = sum_to(3); /* SUM1 */
  sums += sum_to(2); /* SUM2 */
  return 0; /* END */
}
