/* Breakpoints set after the program passed them (reverse commands, issue 14). */
#include <stdio.h>

int total;

void early_fn(int i) {
  int doubled = i * 2; /* EARLY_BODY */
  total += doubled; /* EARLY_ADD */
}

void void_func(void) {
  total += 100; /* VOID_BODY */
}

void late_fn(void) {
  total += 1000; /* LATE_BODY */
}

int main(void) {
  int i;
  for (i = 0; i < 3; i++) {
    early_fn(i); /* CALL_EARLY */
  }
  void_func(); /* CALL_VOID */
  total += 1; /* AFTER_VOID */
  late_fn(); /* CALL_LATE */
  printf("total %d\n", total);
  return 0; /* END */
}
