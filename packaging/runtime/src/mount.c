/*
 * Serving the payload through FUSE: squashfuse's low-level operations on a libfuse3 session,
 * whose loop runs in a child process of the runtime (the filesystem server) while the
 * application runs as another child.
 *
 * The server is a process of its own, not a thread of the runtime, for damaged payloads:
 * squashfuse trusts the metadata it reads, and damage that payload_check() cannot see (inside
 * the inode and directory tables) can crash it. A crashing thread would take the runtime down
 * while the runtime, or the application, waits in the kernel for an answer from the mount
 * that only the crashed thread could give: the core dump waits for those threads, they wait
 * for the mount, and the processes hang unkillably with the mount left behind. A crashing
 * server process instead closes the only /dev/fuse descriptor, the kernel aborts the
 * connection, accesses fail with ENOTCONN, and the runtime, which waits for both children,
 * reports the damage, unmounts, stops the application and exits non-zero.
 *
 * The runtime tells the server over a socket that it is about to unmount, so the end of the
 * connection that follows is expected and stays quiet; the socket's end without that word means
 * the runtime is gone, and the server unmounts itself.
 *
 * As root the kernel mount is made by libfuse itself (mount(2)). Otherwise the set-user-ID
 * helper does it: `fusermount3` (or the older `fusermount`, same protocol) from
 * $FUSERMOUNT_PROG or PATH mounts and hands the /dev/fuse descriptor back over a socket; the
 * session then takes it as "/dev/fd/N". The same program unmounts again, so the host needs no
 * libfuse of its own.
 *
 * The loop reading /dev/fuse is our own rather than fuse_session_loop(). When the filesystem
 * goes away, the read fails with ENODEV or ECONNABORTED (the kernel's answer once the
 * connection is aborted at unmount), and libfuse 3.14's fuse_session_receive_buf() prints
 * "fuse: reading device: Software caused connection abort" for the latter unless the
 * session was marked exited before the read returned. Marking it exited before unmounting
 * would drop any request read after that unanswered, including those for files that
 * outlive the application during the lazy unmount. So the runtime reads the device itself,
 * hands each request to fuse_session_process_buf(), ends quietly when the connection closes
 * after its own unmount, and reports any other end.
 */
#include <squashfuse/ll.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime.h"

struct mount {
    sqfs_ll *ll;
    struct fuse_session *session;
    char *mountpoint;
    char helper[PATH_MAX]; /* fusermount program, "" when libfuse mounted directly */
    pid_t server;  /* the filesystem server, 0 once it has been waited for */
    int control;   /* the runtime's end of the socket to the server */
    bool detached; /* the mount is off its mountpoint already */
    bool failed;   /* the server ended on its own: reported, and the runtime fails */
};

/* The server's exit codes. */
#define SERVER_DONE 0         /* the connection ended after the runtime's unmount */
#define SERVER_FAILED 1       /* it could not serve (reported) */
#define SERVER_DISCONNECTED 3 /* the connection ended from outside (reported): nothing to unmount */
/* The runtime writes this to the control socket before it unmounts. */
#define CONTROL_STOP 's'


static bool executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static bool find_in_path(const char *program, char *out, size_t size)
{
    const char *path = getenv("PATH");
    if (path == NULL || *path == '\0')
        path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
    while (*path != '\0') {
        size_t len = strcspn(path, ":");
        if (len > 0 && snprintf(out, size, "%.*s/%s", (int)len, path, program) < (int)size && executable(out))
            return true;
        path += len + (path[len] == ':');
    }
    return false;
}

/* $FUSERMOUNT_PROG if set, else fusermount3, else fusermount on PATH. */
static int find_fusermount(char *out, size_t size)
{
    const char *chosen = getenv("FUSERMOUNT_PROG");
    if (chosen != NULL && *chosen != '\0') {
        if (strchr(chosen, '/') == NULL ? find_in_path(chosen, out, size)
                                        : (snprintf(out, size, "%s", chosen) < (int)size && executable(out)))
            return 0;
        say("FUSERMOUNT_PROG=%s is not an executable program", chosen);
        return -1;
    }
    if (find_in_path("fusermount3", out, size) || find_in_path("fusermount", out, size))
        return 0;
    say("neither fusermount3 nor fusermount is on PATH (install fuse3, or set FUSERMOUNT_PROG)");
    return -1;
}

static int wait_child(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return status;
}

/* Runs `helper -o options -- mountpoint` with the fusermount protocol and returns the
 * /dev/fuse descriptor it sends back, or -1. */
static int helper_mount(const char *helper, const char *options, const char *mountpoint)
{
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        say("socketpair: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        say("fork: %s", strerror(errno));
        close(pair[0]);
        close(pair[1]);
        return -1;
    }
    if (pid == 0) {
        char commfd[32];
        int fd = dup(pair[1]); /* without close-on-exec, for the helper */
        snprintf(commfd, sizeof(commfd), "%d", fd);
        setenv("_FUSE_COMMFD", commfd, 1);
        execl(helper, helper, "-o", options, "--", mountpoint, (char *)NULL);
        fprintf(stderr, MSG_PREFIX "cannot run %s: %s\n", helper, strerror(errno));
        _exit(EXIT_LAUNCH_FAILED);
    }
    close(pair[1]);

    char byte;
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof(control)};
    ssize_t got;
    do {
        got = recvmsg(pair[0], &message, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    close(pair[0]);

    int fd = -1;
    struct cmsghdr *header = got > 0 ? CMSG_FIRSTHDR(&message) : NULL;
    if (header != NULL && header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(header), sizeof(fd));
    int status = wait_child(pid);
    if (fd >= 0 && (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        say("%s could not mount %s", helper, mountpoint);
    return fd;
}

static int helper_unmount(const char *helper, const char *mountpoint)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl(helper, helper, "-u", "-z", "--", mountpoint, (char *)NULL);
        _exit(EXIT_LAUNCH_FAILED);
    }
    int status = wait_child(pid);
    return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* libfuse's receive buffer: FUSE_MAX_MAX_PAGES (256) pages and FUSE_BUFFER_HEADER_SIZE. The
 * session caps max_write to fit it, so the kernel never has a larger request to hand over. */
#define REQUEST_BUFFER_PAGES 256
#define REQUEST_HEADER_ROOM 4096
/* sizeof(struct fuse_in_header) in the kernel's protocol, which libfuse keeps private. */
#define FUSE_IN_HEADER_SIZE 40

static void detach(struct mount *m);

/* Reads what the runtime wrote; returns false once the socket has ended. */
static bool read_control(int fd, bool *stopping)
{
    char word[16];
    for (;;) {
        ssize_t got = read(fd, word, sizeof(word));
        if (got > 0) {
            if (memchr(word, CONTROL_STOP, (size_t)got) != NULL)
                *stopping = true;
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        return got < 0 && errno == EAGAIN;
    }
}

/* Serves requests until the kernel ends the connection; an end the runtime did not cause is
 * reported. Returns the server's exit code. */
static int serve(struct mount *m, int control)
{
    int fd = fuse_session_fd(m->session);
    size_t size = (size_t)REQUEST_BUFFER_PAGES * (size_t)sysconf(_SC_PAGESIZE) + REQUEST_HEADER_ROOM;
    struct fuse_buf buf = {.mem = malloc(size)};
    if (buf.mem == NULL) {
        say("out of memory for the FUSE request buffer");
        return SERVER_FAILED;
    }
    bool stopping = false;
    int code = SERVER_DONE;
    while (!fuse_session_exited(m->session)) { /* libfuse exits the session on a failed INIT */
        struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = control, .events = POLLIN}};
        if (poll(fds, control >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            say("cannot wait for FUSE requests for %s: %s", m->mountpoint, strerror(errno));
            code = SERVER_FAILED;
            break;
        }
        if (control >= 0 && fds[1].revents != 0 && !read_control(control, &stopping)) {
            close(control);
            control = -1;
            if (!stopping) {
                /* The runtime is gone without unmounting: unmount for it, and serve the files
                 * still open until the kernel lets the filesystem go. */
                stopping = true;
                detach(m);
                rmdir(m->mountpoint);
            }
        }
        if (fds[0].revents == 0)
            continue;
        ssize_t got = read(fd, buf.mem, size);
        if (got < 0) {
            int err = errno;
            if (err == EINTR || err == ENOENT || err == EAGAIN) /* ENOENT: the request was interrupted */
                continue;
            /* The runtime's word comes before its unmount, so it is in the socket by now. */
            if (control >= 0)
                read_control(control, &stopping);
            if ((err == ENODEV || err == ECONNABORTED) && stopping)
                break; /* the unmount this runtime made */
            if (err == ENODEV || err == ECONNABORTED) {
                code = SERVER_DISCONNECTED;
                say("%s was unmounted, or its FUSE connection aborted, while in use", m->mountpoint);
            } else {
                code = SERVER_FAILED;
                say("cannot read FUSE requests for %s: %s", m->mountpoint, strerror(err));
            }
            break;
        }
        if (got < FUSE_IN_HEADER_SIZE) {
            say("short read (%zd bytes) from the FUSE device of %s", got, m->mountpoint);
            code = SERVER_FAILED;
            break;
        }
        buf.size = (size_t)got;
        fuse_session_process_buf(m->session, &buf);
    }
    free(buf.mem);
    return code;
}

/* The server's side of the fork: it answers the kernel and nothing else. */
static void run_server(struct mount *m, int control) __attribute__((noreturn));
static void run_server(struct mount *m, int control)
{
    /* Termination signals are for the application (the terminal sends them to the whole
     * process group); the runtime stops the server when the application has ended. */
    static const int ignored[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
    for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
        signal(ignored[i], SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* A crash on a damaged payload is reported by the runtime; no core file of the image. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) { /* keep no pipe of the caller's open but stderr */
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
    }
    fcntl(control, F_SETFL, O_NONBLOCK);
    _exit(serve(m, control));
}

/* fsname=IMAGE in a -o list: commas and backslashes in the path are escaped for fuse_opt. */
static char *mount_options(const char *image)
{
    size_t size = strlen("ro,subtype=squashfuse,fsname=") + 2 * strlen(image) + 1;
    char *options = malloc(size), *p;
    if (options == NULL)
        return NULL;
    p = options + sprintf(options, "ro,subtype=squashfuse,fsname=");
    for (const char *c = image; *c != '\0'; c++) {
        if (*c == ',' || *c == '\\')
            *p++ = '\\';
        *p++ = *c;
    }
    *p = '\0';
    return options;
}

static void free_mount(struct mount *m)
{
    if (m->session != NULL)
        fuse_session_destroy(m->session);
    if (m->ll != NULL) {
        sqfs_ll_destroy(m->ll);
        free(m->ll);
    }
    if (m->control >= 0)
        close(m->control);
    free(m->mountpoint);
    free(m);
}

static void set_operations(struct fuse_lowlevel_ops *ops)
{
    memset(ops, 0, sizeof(*ops));
    ops->lookup = sqfs_ll_op_lookup;
    ops->forget = (void (*)(fuse_req_t, fuse_ino_t, uint64_t))sqfs_ll_op_forget;
    ops->getattr = sqfs_ll_op_getattr;
    ops->readlink = sqfs_ll_op_readlink;
    ops->open = sqfs_ll_op_open;
    ops->read = sqfs_ll_op_read;
    ops->release = sqfs_ll_op_release;
    ops->opendir = sqfs_ll_op_opendir;
    ops->readdir = sqfs_ll_op_readdir;
    ops->releasedir = sqfs_ll_op_releasedir;
    ops->statfs = stfs_ll_op_statfs;
    ops->getxattr = sqfs_ll_op_getxattr;
    ops->listxattr = sqfs_ll_op_listxattr;
    ops->create = sqfs_ll_op_create; /* answers EROFS */
}

/* Takes the filesystem off its mountpoint (lazily: open files keep working until closed). */
static void detach(struct mount *m)
{
    int result;
    if (m->helper[0] != '\0')
        result = helper_unmount(m->helper, m->mountpoint);
    else if ((result = umount2(m->mountpoint, MNT_DETACH)) != 0 &&
             find_fusermount(m->helper, sizeof(m->helper)) == 0)
        result = helper_unmount(m->helper, m->mountpoint); /* libfuse mounted through the helper */
    if (result != 0)
        say("cannot unmount %s", m->mountpoint);
}

/* A payload whose tables are damaged can still pass squashfuse's opening; finding AppRun
 * reads the root directory, so such an image fails here rather than inside a mount. */
static bool has_apprun(sqfs *fs)
{
    sqfs_inode inode;
    bool found = false;
    if (sqfs_inode_get(fs, &inode, sqfs_inode_root(fs)) != SQFS_OK ||
        sqfs_lookup_path(fs, &inode, "AppRun", &found) != SQFS_OK) {
        say("cannot read the payload's root directory: the AppImage is corrupt");
        return false;
    }
    if (!found)
        say("the AppImage has no AppRun at its top level");
    return found;
}

struct mount *mount_image(const char *image, off_t offset, const char *mountpoint, bool *payload_bad)
{
    *payload_bad = false;
    struct mount *m = calloc(1, sizeof(*m));
    if (m == NULL || (m->mountpoint = strdup(mountpoint)) == NULL) {
        say("out of memory");
        free(m);
        return NULL;
    }
    m->control = -1;

    m->ll = sqfs_ll_open(image, (size_t)offset);
    if (m->ll == NULL) {
        say("squashfuse cannot read the payload of %s", image);
        *payload_bad = true;
        goto fail;
    }
    fcntl(m->ll->fs.fd, F_SETFD, FD_CLOEXEC);
    if (!has_apprun(&m->ll->fs)) {
        *payload_bad = true;
        goto fail;
    }

    if (access("/dev/fuse", R_OK | W_OK) != 0) {
        say("cannot use /dev/fuse: %s", strerror(errno));
        goto fail;
    }

    char *options = mount_options(image);
    if (options == NULL) {
        say("out of memory");
        goto fail;
    }
    char *args_argv[] = {"squashfuse", "-o", options, NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, args_argv);
    struct fuse_lowlevel_ops ops;
    set_operations(&ops);
    m->session = fuse_session_new(&args, &ops, sizeof(ops), m->ll);
    fuse_opt_free_args(&args);
    if (m->session == NULL) {
        free(options);
        say("cannot start a FUSE session");
        goto fail;
    }

    int mounted;
    if (geteuid() == 0) {
        mounted = fuse_session_mount(m->session, mountpoint);
    } else {
        int fd = -1;
        if (find_fusermount(m->helper, sizeof(m->helper)) == 0)
            fd = helper_mount(m->helper, options, mountpoint);
        char device[32];
        snprintf(device, sizeof(device), "/dev/fd/%d", fd);
        mounted = fd >= 0 ? fuse_session_mount(m->session, device) : -1;
        if (fd >= 0 && mounted != 0) {
            helper_unmount(m->helper, mountpoint);
            close(fd);
        }
    }
    free(options);
    if (mounted != 0) {
        say("cannot mount the payload on %s", mountpoint);
        goto fail;
    }
    fcntl(fuse_session_fd(m->session), F_SETFD, FD_CLOEXEC);

    /* A socket pair rather than a pipe: telling a server that died must not raise SIGPIPE. */
    int control_fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, control_fds) != 0) {
        say("socketpair: %s", strerror(errno));
        detach(m); /* the connection closes with the session, in free_mount() */
        goto fail;
    }
    fflush(NULL);
    m->server = fork();
    if (m->server < 0) {
        say("cannot start the filesystem server: fork: %s", strerror(errno));
        close(control_fds[0]);
        close(control_fds[1]);
        m->server = 0;
        detach(m);
        goto fail;
    }
    if (m->server == 0) {
        close(control_fds[1]);
        run_server(m, control_fds[0]);
    }
    close(control_fds[0]);
    m->control = control_fds[1];
    /* The server holds the only /dev/fuse descriptor now, so the connection ends with it. */
    fuse_session_destroy(m->session);
    m->session = NULL;
    sqfs_ll_destroy(m->ll);
    free(m->ll);
    m->ll = NULL;
    return m;

fail:
    free_mount(m);
    return NULL;
}

pid_t mount_server(const struct mount *m)
{
    return m->server;
}

void mount_server_ended(struct mount *m, int status)
{
    m->server = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == SERVER_DISCONNECTED) {
        m->detached = true; /* reported by the server; the mount is gone */
    } else if (WIFSIGNALED(status)) {
        say("the payload is damaged (the filesystem server stopped: signal %d)", WTERMSIG(status));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == SERVER_DONE) {
        say("the FUSE session of %s ended early", m->mountpoint);
    } /* else the server said why */
    m->failed = true;
    if (!m->detached) {
        detach(m); /* lazily: what is still open fails with ENOTCONN, nothing hangs */
        m->detached = true;
    }
}

/* The server ends when the kernel drops the connection at unmount; files that outlived the
 * application can keep a lazily unmounted filesystem alive, so the wait is bounded and the
 * server is stopped after it, which ends the connection. */
static int wait_server(pid_t pid, int seconds, bool *ended)
{
    int status = 0;
    for (int i = 0; i < seconds * 50; i++) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid) {
            *ended = true;
            return status;
        }
        if (got < 0 && errno != EINTR)
            break;
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    *ended = false;
    return 0;
}

int unmount_image(struct mount *m)
{
    if (m->server > 0) {
        /* Tell the server first, so that the end of the connection stays quiet. */
        ssize_t written;
        do {
            written = send(m->control, (char[]){CONTROL_STOP}, 1, MSG_NOSIGNAL);
        } while (written < 0 && errno == EINTR);
        if (!m->detached)
            detach(m);
        m->detached = true;
        bool ended;
        int status = wait_server(m->server, 2, &ended);
        if (ended && !(WIFEXITED(status) && WEXITSTATUS(status) == SERVER_DONE)) {
            mount_server_ended(m, status);
        } else if (!ended) {
            kill(m->server, SIGKILL);
            wait_child(m->server);
        }
        m->server = 0;
    }
    bool failed = m->failed;
    free_mount(m);
    return failed ? -1 : 0;
}
