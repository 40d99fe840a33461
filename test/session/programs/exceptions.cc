// Exceptions thrown and caught in a loop: reverse commands and catch throw/catch catch (issue 14).
#include <cstdio>
static int thrown;

static void thrower(int k) {
  if (k % 2) throw k; /* THROW */
  thrown++;
}

int main() {
  int caught = 0;
  for (int i = 0; i < 5; i++) {
    try {
      thrower(i); /* CALL_THROWER */
    } catch (int e) {
      caught += e; /* CAUGHT */
    }
  }
  std::printf("%d %d\n", caught, thrown);
  return 0; /* END */
}
