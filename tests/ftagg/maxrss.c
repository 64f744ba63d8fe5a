/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * maxrss: runs a command and prints its peak resident memory in KiB on
 * standard error as "maxrss KIB" (the memory-bound test compares runs over
 * few and many inputs). Exits with the command's status.
 *
 *   maxrss COMMAND [ARG...]
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: maxrss COMMAND [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("maxrss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("maxrss: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("maxrss: wait4");
        return 2;
    }
    fprintf(stderr, "maxrss %ld\n", ru.ru_maxrss);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
