/* fred-reverse-finish from a function a `continue` entered after many calls (issue 15):
 * step() runs N times in main's loop and only its last call calls rare(). Out of rare
 * is step's call instruction, in step's last call. */
#include <stdio.h>
#include <stdlib.h>

static volatile int total;

static int rare(int i) {
  return i * 2; /* RARE */
}

static void step(int i, int n) {
  total += i;
  if (i == n - 1) total += rare(i); /* CALL_RARE */
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3000;
  for (int i = 0; i < n; i++) step(i, n);
  printf("%d\n", total);
  return 0;
}
