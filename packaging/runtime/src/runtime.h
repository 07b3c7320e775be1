/*
 * kvmdesk's AppImage type-2 runtime: what the parts of the runtime share.
 *
 * The runtime is an ELF executable with a squashfs appended to it. It mounts that squashfs
 * with squashfuse's low-level library over libfuse3 (or extracts it), runs the AppRun inside
 * and cleans up after it. See ../README.md.
 */
#ifndef KVMDESK_RUNTIME_H
#define KVMDESK_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Exit status when the runtime itself fails to start the application; 127 is the usual
 * "could not run the program" status (system(3), shells), so applications' own codes stay
 * distinguishable. */
#define EXIT_LAUNCH_FAILED 127
/* Exit status for a wrong --appimage-* command line. */
#define EXIT_USAGE 2

/* Every message of the runtime starts with this, so users can tell it from the app's. */
#define MSG_PREFIX "AppImage runtime: "

void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* elf.c: where the payload starts, and the reserved sections. */
int elf_payload_offset(int fd, off_t *offset);
int elf_find_section(int fd, const char *name, off_t *offset, size_t *size);
int elf_print_section(int fd, const char *name);

/* payload.c: is there a complete squashfs the runtime can read at the offset? */
int payload_check(int fd, off_t offset);

/* extract.c: copy the squashfs (or the paths matching an fnmatch pattern) into a directory,
 * and remove a tree the runtime extracted. */
int extract_image(const char *image, off_t offset, const char *dest, const char *pattern);
int remove_tree(const char *path);

/* mount.c: the squashfs served by a FUSE session in a child process, the filesystem server. */
struct mount;
/* NULL on failure, with *payload_bad telling a damaged payload from a FUSE problem. */
struct mount *mount_image(const char *image, off_t offset, const char *mountpoint, bool *payload_bad);
/* The server's process id, for waiting on it along with the application; 0 once it ended. */
pid_t mount_server(const struct mount *mount);
/* The server ended before the runtime stopped it (wait status): reports why and unmounts. */
void mount_server_ended(struct mount *mount, int status);
/* Unmounts, stops the server and frees; -1 when the server had ended on its own (reported). */
int unmount_image(struct mount *mount);

/* launch.c: run $APPDIR/AppRun as a child with the AppImage environment, forward
 * termination signals to it, and report how it ended. */
struct launch {
    const char *appdir;
    const char *appimage; /* absolute path of the image */
    const char *argv0;    /* the runtime's argv[0], passed on as AppRun's argv[0] and $ARGV0 */
    const char *owd;      /* the working directory at start, or NULL */
    int argc;             /* the user's arguments for the application */
    char **argv;
    struct mount *mount;  /* the mount AppRun runs from, or NULL */
};
/* Returns the child's wait status, or -1 when it could not be started (message printed).
 * When the mount's server ends first, the mount is handed to mount_server_ended() and the
 * application, left without its files, is sent SIGTERM. */
int launch_apprun(const struct launch *launch);
/* Turns a wait status into this process's end: the exit code, or the same signal. */
void exit_like(int status) __attribute__((noreturn));
/* Blocks until SIGTERM, SIGINT or SIGHUP arrives, stdin (a pipe or terminal) closes, or the
 * mount's server ends (then handed to mount_server_ended()). */
void wait_for_end(struct mount *mount);

#endif
