/*
 * children.c - starts child processes four ways (fork, posix_spawn, system, popen); each
 * child appends a line to the file named on the command line, and the program keeps what
 * it got back: pids, exit statuses, a child's output. Going back across them must show
 * the same values and start no child again (the file keeps one line per child):
 * test/session/recordChildren.test.ts.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void append(const char *file, const char *line)
{
    FILE *out = fopen(file, "a");
    if (out) {
        fprintf(out, "%s\n", line);
        fclose(out);
    }
}

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : "/dev/null";
    char command[512];
    pid_t forked = fork();                                           /* FORK */
    if (forked == 0) {
        append(file, "fork");
        _exit(3);
    }
    int fork_status = 0;                                             /* FORKED */
    pid_t fork_waited = waitpid(forked, &fork_status, 0);            /* WAIT_FORK */
    snprintf(command, sizeof command, "echo spawn >> '%s'; exit 4", file);
    char *spawn_argv[] = { "sh", "-c", command, NULL };
    pid_t spawned = 0;
    int spawn_error = posix_spawnp(&spawned, "sh", NULL, NULL, spawn_argv, environ); /* SPAWN */
    int spawn_status = 0;
    pid_t spawn_waited = waitpid(spawned, &spawn_status, 0);         /* WAIT_SPAWN */
    snprintf(command, sizeof command, "echo system >> '%s'; exit 5", file);
    int system_status = system(command);                             /* SYSTEM */
    snprintf(command, sizeof command, "echo popen >> '%s'; echo $$ $(date +%%N)", file);
    FILE *pipe = popen(command, "r");                                /* POPEN */
    char said[64] = "";
    if (!pipe || !fgets(said, sizeof said, pipe)) strcpy(said, "(none)\n");
    said[strcspn(said, "\n")] = 0;
    int popen_status = pclose(pipe);                                 /* PCLOSE */
    printf("fork %d/%d %d spawn %d %d/%d %d system %d popen '%s' %d\n", (int)forked, (int)fork_waited,
           WEXITSTATUS(fork_status), spawn_error, (int)spawned, (int)spawn_waited, WEXITSTATUS(spawn_status),
           WEXITSTATUS(system_status), said, popen_status);          /* PRINT */
    return 0;                                                        /* END */
}
