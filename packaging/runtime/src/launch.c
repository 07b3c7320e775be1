/*
 * Running AppRun as a child of the runtime, so that the runtime outlives it and can unmount
 * or remove the tree afterwards.
 *
 * SIGTERM, SIGINT, SIGHUP and SIGQUIT sent to the runtime go on to the application, which
 * decides when to end; the runtime cleans up once it has ended. A signal that the terminal
 * sent to the whole foreground process group (Ctrl-C) already reached the application, so it
 * is not sent a second time.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime.h"

static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
#define FORWARDED_COUNT (sizeof(forwarded) / sizeof(forwarded[0]))

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t end_requested;

static void forward(int signal, siginfo_t *info, void *context)
{
    (void)context;
    if (child_pid > 0 && info->si_code != SI_KERNEL)
        kill((pid_t)child_pid, signal);
}

static void note_end(int signal)
{
    (void)signal;
    end_requested = 1;
}

static void block_forwarded(sigset_t *previous)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < FORWARDED_COUNT; i++)
        sigaddset(&set, forwarded[i]);
    sigprocmask(SIG_BLOCK, &set, previous);
}

static int set_environment(const struct launch *launch)
{
    if (setenv("APPIMAGE", launch->appimage, 1) != 0 || setenv("APPDIR", launch->appdir, 1) != 0 ||
        setenv("ARGV0", launch->argv0, 1) != 0 ||
        (launch->owd != NULL && setenv("OWD", launch->owd, 1) != 0)) {
        say("cannot set the environment: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int launch_apprun(const struct launch *launch)
{
    char *apprun = NULL;
    if (asprintf(&apprun, "%s/AppRun", launch->appdir) < 0) {
        say("out of memory");
        return -1;
    }
    struct stat st;
    if (stat(apprun, &st) != 0 && errno != ENOENT) {
        say("cannot reach %s: %s", apprun, strerror(errno));
        free(apprun);
        return -1;
    }
    if (stat(apprun, &st) != 0 || !S_ISREG(st.st_mode) || access(apprun, X_OK) != 0) {
        say("the AppImage has no executable AppRun at its top level");
        free(apprun);
        return -1;
    }
    char **argv = calloc((size_t)launch->argc + 2, sizeof(char *));
    if (argv == NULL || set_environment(launch) != 0) {
        if (argv == NULL)
            say("out of memory");
        free(argv);
        free(apprun);
        return -1;
    }
    /* AppRun gets the name the AppImage was started by (as with the symlink `kvmdesk-cli`),
     * like an AppImage whose runtime execs AppRun in place. */
    argv[0] = (char *)launch->argv0;
    for (int i = 0; i < launch->argc; i++)
        argv[i + 1] = launch->argv[i];

    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = forward;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&action.sa_mask);
    for (size_t i = 0; i < FORWARDED_COUNT; i++)
        sigaction(forwarded[i], &action, NULL);

    sigset_t previous;
    block_forwarded(&previous);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* The handlers are reset by exec; the mask is inherited, so restore it first. */
        sigprocmask(SIG_SETMASK, &previous, NULL);
        execv(apprun, argv);
        fprintf(stderr, MSG_PREFIX "cannot run %s: %s\n", apprun, strerror(errno));
        _exit(EXIT_LAUNCH_FAILED);
    }
    int status = -1;
    if (pid < 0) {
        say("fork: %s", strerror(errno));
    } else {
        child_pid = pid;
        sigprocmask(SIG_SETMASK, &previous, NULL);
        for (;;) {
            /* The runtime's only children are AppRun and the mount's server. */
            pid_t server = launch->mount != NULL ? mount_server(launch->mount) : 0;
            int child_status;
            pid_t ended = waitpid(server > 0 ? -1 : pid, &child_status, 0);
            if (ended < 0 && errno == EINTR)
                continue;
            if (ended < 0) {
                say("waitpid: %s", strerror(errno));
                status = -1;
                break;
            }
            if (ended == pid) {
                status = child_status;
                break;
            }
            if (server > 0 && ended == server) {
                mount_server_ended(launch->mount, child_status);
                kill(pid, SIGTERM);
            }
        }
        block_forwarded(NULL);
        child_pid = 0;
    }
    sigprocmask(SIG_SETMASK, &previous, NULL);
    free(argv);
    free(apprun);
    return status;
}

void exit_like(int status)
{
    if (status < 0)
        exit(EXIT_LAUNCH_FAILED);
    if (WIFEXITED(status))
        exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        /* End by the same signal, so that a shell or a parent sees what the application saw. */
        int signal = WTERMSIG(status);
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = SIG_DFL;
        sigaction(signal, &action, NULL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, signal);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        fflush(NULL);
        raise(signal);
        exit(128 + signal); /* for signals whose default action is not to terminate */
    }
    exit(EXIT_LAUNCH_FAILED);
}

/* Watch stdin only when it can report an end: a pipe, a socket or a terminal. */
static bool stdin_can_close(void)
{
    struct stat st;
    if (fstat(STDIN_FILENO, &st) != 0)
        return false;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || isatty(STDIN_FILENO);
}

static void note_child(int signal)
{
    (void)signal; /* only interrupts ppoll() */
}

void wait_for_end(struct mount *mount)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = note_end;
    sigfillset(&action.sa_mask);
    for (size_t i = 0; i < FORWARDED_COUNT; i++)
        sigaction(forwarded[i], &action, NULL);
    struct sigaction child, previous_child;
    memset(&child, 0, sizeof(child));
    child.sa_handler = note_child;
    sigfillset(&child.sa_mask);
    child.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &child, &previous_child);

    sigset_t previous, with_child;
    block_forwarded(&previous);
    sigemptyset(&with_child);
    sigaddset(&with_child, SIGCHLD);
    sigprocmask(SIG_BLOCK, &with_child, NULL);
    bool watch = stdin_can_close();
    char buffer[256];
    while (!end_requested) {
        pid_t server = mount_server(mount);
        int status;
        if (server > 0 && waitpid(server, &status, WNOHANG) == server) {
            mount_server_ended(mount, status);
            break;
        }
        struct pollfd fd = {.fd = STDIN_FILENO, .events = POLLIN};
        int ready = ppoll(&fd, watch ? 1 : 0, NULL, &previous);
        if (ready > 0) {
            ssize_t got = read(STDIN_FILENO, buffer, sizeof(buffer));
            if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
                break;
        }
    }
    sigprocmask(SIG_SETMASK, &previous, NULL);
    sigaction(SIGCHLD, &previous_child, NULL);
}
