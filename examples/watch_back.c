/* Watchpoints going back (issue 14): reverse commands stop just before the write. No libc
   calls between main's start and END, so gdb's own `record full` can replay it (glibc's
   AVX code stops it). */
int total;
int flags;

void add(int k) {
  total += k; /* ADD */
}

int scale(int v) {
  return v * 3; /* SCALE */
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
  return 0; /* END */
}
