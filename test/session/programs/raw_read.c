/* raw_read.c - waits for its terminal in a system call it makes itself (the syscall
 * instruction, no libc): gdb's own `record full` can be asked where reverse-next goes from
 * a Ctrl-C there (libc's code stops record full on this machine's AVX instructions). */
static long raw_read(int fd, char *buf, long n)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "0"(0L), "D"((long)fd), "S"(buf), "d"(n) : "rcx", "r11", "memory"); /* SYSCALL */
    return r;
}

static int square_sum(int n)
{
    int total = 0;
    for (int i = 1; i <= n; i++) total += i * i;
    return total;
}

int main(void)
{
    char line[64];
    int total = square_sum(4);
    int doubled = total * 2;
    long got = raw_read(0, line, sizeof line); /* READ */
    return (int)got + doubled;
}
