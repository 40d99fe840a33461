/* Loops and calls for the reverse commands' fuzzer (reverseFuzz.test.ts), every line with
 * one line table entry: do-while loops, since gcc -O0 gives a for loop's header two (its
 * start and its condition), where gdb 13's record full steps back otherwise than gdb 14
 * and fred; no call inside an expression (`x = f() + 1` has an entry after the call). */
int total;

int square(int v)
{
    int r = v * v; /* SQUARE */
    return r;
}

void add(int k)
{
    int s = square(k); /* ADD */
    total += s;
}

void loop(int n)
{
    int i = 0; /* LOOP_FIRST */
    do {
        add(i); /* LOOP_CALL */
        total ^= 1;
        i++;
    } while (i < n);
    total *= 2; /* LOOP_LAST */
}

int main(void)
{
    int rounds = 2; /* MAIN_FIRST */
    loop(3);
    loop(rounds);
    add(rounds);
    return 0;
}
