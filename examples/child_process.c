/*
 * child_process.c - forks a child that exits with 7 and waits for it. The child's pid is
 * new in every run: a replay across the fork would show another one, so fred refuses to
 * replay a fork and says so (test/session/stopCheck.test.ts).
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    pid_t child = fork();                                            /* FORK */
    if (child == 0) _exit(7);
    int status = 0;                                                  /* STATUS */
    pid_t waited = waitpid(child, &status, 0);                       /* WAIT */
    printf("child %d exited with %d\n", (int)waited, WEXITSTATUS(status)); /* PRINT */
    return 0;
}
