/* landing_points.c - where reverse commands land inside a line (test/session/reverseLandingPoints.test.ts):
 * after stepi, on a call instruction after reverse-finish, in the last of two calls on one
 * line, after advance/until. No library calls: gdb's `record full` can check it too. */
int total;

int twice(int v)
{
    return v * 2; /* TWICE */
}

int add_one(int v)
{
    int r = v + 1; /* ADD_ONE */
    return r; /* ADD_ONE_RETURN */
}

int square(int v) { return v * v; } /* SQUARE */

void bump(void) { total += 1; } /* BUMP */

void bump_twice(void)
{
    total += 2; /* BUMP_TWICE */
}

int main(void)
{
    int x = 3; /* FIRST */
    int y = twice(x) + add_one(x); /* TWO_CALLS */
    total = x + y; /* AFTER_TWO */
    bump(); bump_twice(); /* TWO_VOID */
    y = square(y); /* CALL_SQUARE */
    for (int i = 0; i < 3; i++) /* LOOP */
        total += twice(i); /* LOOP_BODY */
    total += y; /* AFTER_LOOP */
    return total > 1000; /* END */
}
