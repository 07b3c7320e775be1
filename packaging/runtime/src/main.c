/*
 * The runtime's entry point: the --appimage-* options (recognised as the first argument only,
 * so the application's own arguments pass through untouched), then mounting or extracting the
 * payload and running AppRun.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

#ifndef RUNTIME_VERSION
#define RUNTIME_VERSION "unversioned"
#endif

struct image {
    char path[PATH_MAX]; /* absolute */
    int fd;
    off_t offset;
};

void say(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fputs(MSG_PREFIX, stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
}

static void print_help(const char *argv0)
{
    printf("Usage: %s [--appimage-OPTION | APPLICATION ARGUMENTS...]\n"
           "\n"
           "Without an option the AppImage mounts its payload with FUSE and runs the application.\n"
           "\n"
           "AppImage options (only as the first argument):\n"
           "  --appimage-extract [PATTERN]  extract the payload into ./squashfs-root, or only the\n"
           "                                paths matching the shell PATTERN (e.g. 'usr/share/*')\n"
           "  --appimage-extract-and-run [ARGUMENTS...]\n"
           "                                extract into a temporary directory, run the\n"
           "                                application there, then delete the directory\n"
           "                                (kept when NO_CLEANUP is set); needs no FUSE\n"
           "  --appimage-mount              mount the payload, print the mountpoint, and keep it\n"
           "                                until interrupted or until stdin closes\n"
           "  --appimage-offset             print the byte offset of the payload\n"
           "  --appimage-updateinformation  print the embedded update information\n"
           "  --appimage-signature          print the embedded signature\n"
           "  --appimage-version            print the runtime's version\n"
           "  --appimage-help               print this help\n"
           "\n"
           "Environment:\n"
           "  APPIMAGE_EXTRACT_AND_RUN=1    always behave as --appimage-extract-and-run\n"
           "  NO_CLEANUP=1                  keep the tree --appimage-extract-and-run extracted\n"
           "  FUSERMOUNT_PROG               the fusermount program to mount with when not root\n"
           "  TMPDIR                        where mountpoints and extracted trees are made\n"
           "\n"
           "The application sees APPIMAGE (this file), APPDIR (its mounted or extracted tree),\n"
           "ARGV0 (the name it was started by) and OWD (the directory it was started in).\n",
           argv0);
}

static bool env_flag(const char *name)
{
    const char *value = getenv(name);
    return value != NULL && *value != '\0' && strcmp(value, "0") != 0;
}

static const char *temp_base(void)
{
    const char *dir = getenv("TMPDIR");
    return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

/* "$TMPDIR/.mount_<start of the name>XXXXXX", as other type-2 runtimes name it. */
static char *make_temp_dir(const char *kind, const char *argv0)
{
    char name[PATH_MAX];
    snprintf(name, sizeof(name), "%s", argv0);
    char short_name[7] = {0};
    const char *base = basename(name);
    for (size_t i = 0, j = 0; base[i] != '\0' && j < 6; i++) {
        char c = base[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            short_name[j++] = c;
    }
    char *dir = NULL;
    if (asprintf(&dir, "%s/%s%sXXXXXX", temp_base(), kind, short_name) < 0) {
        say("out of memory");
        return NULL;
    }
    if (mkdtemp(dir) == NULL) {
        say("cannot create a directory in %s: %s", temp_base(), strerror(errno));
        free(dir);
        return NULL;
    }
    return dir;
}

static int open_self(struct image *image)
{
    ssize_t len = readlink("/proc/self/exe", image->path, sizeof(image->path) - 1);
    if (len < 0) {
        say("cannot find the AppImage file (/proc/self/exe): %s", strerror(errno));
        return -1;
    }
    image->path[len] = '\0';
    image->fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (image->fd < 0) {
        say("cannot open the AppImage file %s: %s", image->path, strerror(errno));
        return -1;
    }
    return elf_payload_offset(image->fd, &image->offset);
}

static void fill_launch(struct launch *launch, const struct image *image, const char *appdir,
                        char *argv0, int argc, char **argv, char *owd, size_t owd_size)
{
    launch->appdir = appdir;
    launch->appimage = image->path;
    launch->argv0 = argv0;
    launch->owd = getcwd(owd, owd_size);
    launch->argc = argc;
    launch->argv = argv;
    launch->mount = NULL;
}

static int extract_and_run(const struct image *image, char *argv0, int argc, char **argv)
{
    char owd[PATH_MAX];
    char *dir = make_temp_dir("appimage_extracted_", argv0);
    if (dir == NULL)
        return EXIT_LAUNCH_FAILED;
    int status = -1;
    if (extract_image(image->path, image->offset, dir, NULL) == 0) {
        struct launch launch;
        fill_launch(&launch, image, dir, argv0, argc, argv, owd, sizeof(owd));
        status = launch_apprun(&launch);
    }
    if (env_flag("NO_CLEANUP"))
        say("kept the extracted tree %s (NO_CLEANUP)", dir);
    else if (remove_tree(dir) != 0 && status == 0)
        status = EXIT_LAUNCH_FAILED << 8; /* a clean exit, but a tree left behind */
    free(dir);
    exit_like(status);
}

static void explain_no_fuse(const char *argv0)
{
    say("cannot mount the AppImage with FUSE. Without FUSE, run it as\n"
        "    %s --appimage-extract-and-run [ARGUMENTS...]\n"
        "or set APPIMAGE_EXTRACT_AND_RUN=1 in the environment.",
        argv0);
}

static int mount_and_run(const struct image *image, char *argv0, int argc, char **argv, bool only_mount)
{
    char owd[PATH_MAX];
    char *dir = make_temp_dir(".mount_", argv0);
    if (dir == NULL)
        return EXIT_LAUNCH_FAILED;
    bool payload_bad;
    struct mount *mount = mount_image(image->path, image->offset, dir, &payload_bad);
    if (mount == NULL) {
        rmdir(dir);
        free(dir);
        if (!payload_bad)
            explain_no_fuse(argv0);
        return EXIT_LAUNCH_FAILED;
    }
    int status;
    if (only_mount) {
        printf("%s\n", dir);
        fflush(stdout);
        wait_for_end(mount);
        status = 0;
    } else {
        struct launch launch;
        fill_launch(&launch, image, dir, argv0, argc, argv, owd, sizeof(owd));
        launch.mount = mount;
        status = launch_apprun(&launch);
    }
    /* A server that ended on its own has been reported: the application's end says nothing
     * then, the runtime failed. */
    if (unmount_image(mount) != 0)
        status = -1;
    rmdir(dir);
    free(dir);
    exit_like(status);
}

int main(int argc, char **argv)
{
    char *argv0 = argc > 0 ? argv[0] : "AppImage";
    const char *option = argc > 1 && strncmp(argv[1], "--appimage-", 11) == 0 ? argv[1] + 11 : NULL;

    if (option != NULL && strcmp(option, "help") == 0) {
        print_help(argv0);
        return 0;
    }
    if (option != NULL && strcmp(option, "version") == 0) {
        printf("kvmdesk AppImage type-2 runtime %s\n", RUNTIME_VERSION);
        return 0;
    }

    struct image image;
    if (open_self(&image) != 0)
        return EXIT_LAUNCH_FAILED;

    if (option == NULL) {
        if (payload_check(image.fd, image.offset) != 0)
            return EXIT_LAUNCH_FAILED;
        if (env_flag("APPIMAGE_EXTRACT_AND_RUN"))
            return extract_and_run(&image, argv0, argc - 1, argv + 1);
        return mount_and_run(&image, argv0, argc - 1, argv + 1, false);
    }
    if (strcmp(option, "offset") == 0) {
        printf("%lld\n", (long long)image.offset);
        return 0;
    }
    if (strcmp(option, "updateinformation") == 0 || strcmp(option, "updateinfo") == 0)
        return elf_print_section(image.fd, ".upd_info") == 0 ? 0 : 1;
    if (strcmp(option, "signature") == 0)
        return elf_print_section(image.fd, ".sha256_sig") == 0 ? 0 : 1;
    if (strcmp(option, "extract") == 0) {
        if (argc > 3) {
            say("usage: %s --appimage-extract [PATTERN]", argv0);
            return EXIT_USAGE;
        }
        if (payload_check(image.fd, image.offset) != 0)
            return 1;
        return extract_image(image.path, image.offset, "squashfs-root", argc == 3 ? argv[2] : NULL) == 0 ? 0 : 1;
    }
    if (strcmp(option, "extract-and-run") == 0) {
        if (payload_check(image.fd, image.offset) != 0)
            return EXIT_LAUNCH_FAILED;
        return extract_and_run(&image, argv0, argc - 2, argv + 2);
    }
    if (strcmp(option, "mount") == 0) {
        if (payload_check(image.fd, image.offset) != 0)
            return EXIT_LAUNCH_FAILED;
        return mount_and_run(&image, argv0, 0, NULL, true);
    }
    say("unknown option --appimage-%s (see --appimage-help)", option);
    return EXIT_USAGE;
}
