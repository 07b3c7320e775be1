/*
 * Serving the payload through FUSE: squashfuse's low-level operations on a libfuse3 session,
 * whose loop runs on a thread of the runtime while the application runs as a child.
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
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
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
    pthread_t loop;
    atomic_bool stopping;     /* set before the runtime unmounts: the connection may end now */
    atomic_bool disconnected; /* the connection ended before that: nothing left to unmount */
    bool loop_done;
    pthread_mutex_t lock;
    pthread_cond_t ended;
};

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

/* Serves requests until the kernel ends the connection; an end the runtime did not cause is
 * reported. */
static void serve(struct mount *m)
{
    int fd = fuse_session_fd(m->session);
    size_t size = (size_t)REQUEST_BUFFER_PAGES * (size_t)sysconf(_SC_PAGESIZE) + REQUEST_HEADER_ROOM;
    struct fuse_buf buf = {.mem = malloc(size)};
    if (buf.mem == NULL) {
        say("out of memory for the FUSE request buffer");
        return;
    }
    while (!fuse_session_exited(m->session)) { /* libfuse exits the session on a failed INIT */
        ssize_t got = read(fd, buf.mem, size);
        if (got < 0) {
            int err = errno;
            if (err == EINTR || err == ENOENT) /* ENOENT: the request was interrupted */
                continue;
            if ((err == ENODEV || err == ECONNABORTED) && atomic_load(&m->stopping))
                break; /* the unmount this runtime made */
            if (err == ENODEV || err == ECONNABORTED) {
                atomic_store(&m->disconnected, true);
                say("%s was unmounted, or its FUSE connection aborted, while in use", m->mountpoint);
            } else {
                say("cannot read FUSE requests for %s: %s", m->mountpoint, strerror(err));
            }
            break;
        }
        if (got < FUSE_IN_HEADER_SIZE) {
            say("short read (%zd bytes) from the FUSE device of %s", got, m->mountpoint);
            break;
        }
        buf.size = (size_t)got;
        fuse_session_process_buf(m->session, &buf);
    }
    free(buf.mem);
}

static void *run_loop(void *data)
{
    struct mount *m = data;
    serve(m);
    pthread_mutex_lock(&m->lock);
    m->loop_done = true;
    pthread_cond_signal(&m->ended);
    pthread_mutex_unlock(&m->lock);
    return NULL;
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
    free(m->mountpoint);
    pthread_mutex_destroy(&m->lock);
    pthread_cond_destroy(&m->ended);
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
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->ended, NULL);
    atomic_init(&m->stopping, false);
    atomic_init(&m->disconnected, false);

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

    /* Signals belong to the main thread, which forwards them to the application. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    int started = pthread_create(&m->loop, NULL, run_loop, m);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (started != 0) {
        say("cannot start the FUSE thread: %s", strerror(started));
        detach(m); /* the connection closes with the session, in free_mount() */
        goto fail;
    }
    return m;

fail:
    free_mount(m);
    return NULL;
}

/* The loop ends when the kernel drops the connection at unmount; files that outlived the
 * application can keep a lazily unmounted filesystem alive, so the wait is bounded and the
 * process exit closes the connection in that case. */
static bool wait_loop(struct mount *m, int seconds)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += seconds;
    pthread_mutex_lock(&m->lock);
    while (!m->loop_done) {
        if (pthread_cond_timedwait(&m->ended, &m->lock, &deadline) == ETIMEDOUT)
            break;
    }
    bool done = m->loop_done;
    pthread_mutex_unlock(&m->lock);
    return done;
}

void unmount_image(struct mount *m)
{
    atomic_store(&m->stopping, true);
    if (!atomic_load(&m->disconnected))
        detach(m);
    if (!wait_loop(m, 2))
        return; /* the thread still owns the session; exiting the process ends both */
    pthread_join(m->loop, NULL);
    /* Not fuse_session_unmount(): detach() has unmounted already, and libfuse would try
     * again on the empty directory when the connection is still open. Destroying the
     * session closes the device. */
    free_mount(m);
}
