/* A breakpoint set after 1000 calls passed it (reverse-continue at full speed, issue 14). */
int total;

void early_fn(int i) {
  total += i; /* EARLY_BODY */
}

void late_fn(void) {
  total++; /* LATE_BODY */
}

int main(void) {
  for (int i = 0; i < 1000; i++)
    early_fn(i); /* CALL_EARLY */
  late_fn(); /* CALL_LATE */
  return 0;
}
