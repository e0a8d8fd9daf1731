/* floor_wrapper PROGRAM [ARGS...] — posix_spawn PROGRAM with argv[1..], wait, and exit with its
 * status (128+signal if it was killed). The floor of any wrapper that adds one process hop. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: floor_wrapper PROGRAM [ARGS...]\n", stderr);
        return 2;
    }
    pid_t pid;
    int err = posix_spawn(&pid, argv[1], NULL, NULL, &argv[1], environ);
    if (err != 0) {
        fprintf(stderr, "floor_wrapper: %s: %s\n", argv[1], strerror(err));
        return 127;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("floor_wrapper: waitpid");
            return 127;
        }
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
