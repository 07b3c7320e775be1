/*
 * Extracting the squashfs into a directory (--appimage-extract, --appimage-extract-and-run)
 * and removing such a tree again.
 *
 * Every file is created relative to its parent's directory descriptor with O_NOFOLLOW, so a
 * crafted image cannot make the runtime write through a symlink it extracted earlier, and
 * names that could climb out ("..", "/") are refused. A directory is created only once
 * something inside it is extracted, so a pattern yields just the matching paths and their
 * parents; directories get their own mode after their content, so read-only ones still fill.
 */
#include <squashfuse/squashfuse.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime.h"

#define CHUNK (64 * 1024)

struct dir_frame {
    struct dir_frame *parent;
    const char *name; /* in the parent; unused for the root */
    int fd;           /* -1 until the directory exists on disk */
    sqfs_inode inode;
};

struct extraction {
    sqfs fs;
    const char *pattern;
    char path[PATH_MAX]; /* the current entry, relative to the root ("usr/bin/x") */
    char **links;        /* first extracted path of each multiply-linked inode, by number */
    char *buffer;
};

static int ensure_dir(struct dir_frame *dir)
{
    if (dir->fd >= 0)
        return 0;
    if (ensure_dir(dir->parent) != 0)
        return -1;
    if (mkdirat(dir->parent->fd, dir->name, 0700) != 0 && errno != EEXIST)
        return -1;
    dir->fd = openat(dir->parent->fd, dir->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    return dir->fd >= 0 ? 0 : -1;
}

static struct timespec mtime_of(const sqfs_inode *inode)
{
    struct timespec t = {.tv_sec = (time_t)inode->base.mtime, .tv_nsec = 0};
    return t;
}

/* Only permission bits: an extracted tree never carries set-user/group-ID files. */
static mode_t permissions_of(const sqfs_inode *inode)
{
    return inode->base.mode & 01777;
}

static int replace_slot(int dirfd, const char *name)
{
    if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

static int write_file(struct extraction *x, int dirfd, const char *name, sqfs_inode *inode)
{
    if (replace_slot(dirfd, name) != 0)
        return -1;
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    uint64_t done = 0, total = inode->xtra.reg.file_size;
    while (done < total) {
        sqfs_off_t size = (sqfs_off_t)(total - done < CHUNK ? total - done : CHUNK);
        if (sqfs_read_range(&x->fs, inode, (sqfs_off_t)done, &size, x->buffer) != SQFS_OK || size <= 0) {
            close(fd);
            errno = EIO;
            return -1;
        }
        for (sqfs_off_t written = 0; written < size;) {
            ssize_t n = write(fd, x->buffer + written, (size_t)(size - written));
            if (n < 0) {
                int saved = errno;
                close(fd);
                errno = saved;
                return -1;
            }
            written += n;
        }
        done += (uint64_t)size;
    }
    struct timespec times[2] = {mtime_of(inode), mtime_of(inode)};
    if (fchmod(fd, permissions_of(inode)) != 0 || futimens(fd, times) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return close(fd);
}

static int write_symlink(struct extraction *x, int dirfd, const char *name, sqfs_inode *inode)
{
    size_t size = inode->xtra.symlink_size + 1;
    char *target = malloc(size);
    if (target == NULL)
        return -1;
    int result = -1;
    if (sqfs_readlink(&x->fs, inode, target, &size) != SQFS_OK) {
        errno = EIO;
    } else if (replace_slot(dirfd, name) == 0 && symlinkat(target, dirfd, name) == 0) {
        struct timespec times[2] = {mtime_of(inode), mtime_of(inode)};
        utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW); /* best effort, as tar does */
        result = 0;
    }
    free(target);
    return result;
}

static int root_fd(struct dir_frame *dir)
{
    while (dir->parent != NULL)
        dir = dir->parent;
    return dir->fd;
}

/* A further name of an inode already extracted becomes a hard link to the first one. */
static int link_or_write(struct extraction *x, struct dir_frame *dir, const char *name, sqfs_inode *inode)
{
    uint32_t number = inode->base.inode_number;
    bool shared = inode->nlink > 1 && number >= 1 && number <= x->fs.sb.inodes;
    if (shared && x->links[number - 1] != NULL) {
        if (replace_slot(dir->fd, name) != 0)
            return -1;
        return linkat(root_fd(dir), x->links[number - 1], dir->fd, name, 0);
    }
    if (write_file(x, dir->fd, name, inode) != 0)
        return -1;
    if (shared && (x->links[number - 1] = strdup(x->path)) == NULL)
        return -1;
    return 0;
}

static bool safe_name(const char *name)
{
    return name[0] != '\0' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
           strchr(name, '/') == NULL;
}

static bool wanted(const struct extraction *x)
{
    return x->pattern == NULL || fnmatch(x->pattern, x->path, FNM_PATHNAME | FNM_LEADING_DIR) == 0;
}

static int finish_dir(struct dir_frame *dir)
{
    struct timespec times[2] = {mtime_of(&dir->inode), mtime_of(&dir->inode)};
    int result = 0;
    if (fchmod(dir->fd, permissions_of(&dir->inode)) != 0 || futimens(dir->fd, times) != 0)
        result = -1;
    close(dir->fd);
    dir->fd = -1;
    return result;
}

static int extract_dir(struct extraction *x, struct dir_frame *dir);

/* REPORTED: the failure has been described already; -1 leaves it to errno. */
#define REPORTED (-2)

static int extract_entry(struct extraction *x, struct dir_frame *dir, const char *name, sqfs_inode *inode)
{
    if (S_ISDIR(inode->base.mode)) {
        struct dir_frame child = {.parent = dir, .name = name, .fd = -1, .inode = *inode};
        if (wanted(x) && ensure_dir(&child) != 0)
            return -1;
        if (extract_dir(x, &child) != 0) {
            if (child.fd >= 0)
                close(child.fd);
            return REPORTED;
        }
        return child.fd >= 0 ? finish_dir(&child) : 0;
    }
    if (!wanted(x))
        return 0;
    if (S_ISREG(inode->base.mode) || S_ISLNK(inode->base.mode)) {
        if (ensure_dir(dir) != 0)
            return -1;
        return S_ISREG(inode->base.mode) ? link_or_write(x, dir, name, inode)
                                         : write_symlink(x, dir->fd, name, inode);
    }
    say("skipping %s: devices, FIFOs and sockets are not extracted", x->path);
    return 0;
}

static int extract_dir(struct extraction *x, struct dir_frame *dir)
{
    sqfs_dir listing;
    if (sqfs_dir_open(&x->fs, &dir->inode, &listing, 0) != SQFS_OK) {
        say("cannot read directory /%s of the payload: the AppImage is corrupt", x->path);
        return -1;
    }
    size_t base = strlen(x->path);
    sqfs_name name;
    sqfs_dir_entry entry;
    sqfs_dentry_init(&entry, name);
    sqfs_err err = SQFS_OK;
    while (sqfs_dir_next(&x->fs, &listing, &entry, &err)) {
        const char *leaf = sqfs_dentry_name(&entry);
        if (!safe_name(leaf)) {
            say("refusing the entry \"%s\" in /%s of the payload", leaf, x->path);
            return -1;
        }
        int n = snprintf(x->path + base, sizeof(x->path) - base, "%s%s", base ? "/" : "", leaf);
        if (n < 0 || (size_t)n >= sizeof(x->path) - base) {
            say("path too long in the payload: /%s...", x->path);
            return -1;
        }
        sqfs_inode inode;
        if (sqfs_inode_get(&x->fs, &inode, sqfs_dentry_inode(&entry)) != SQFS_OK) {
            say("cannot read /%s of the payload: the AppImage is corrupt", x->path);
            return -1;
        }
        /* extract_entry keeps its own copy of the name: `name` is reused by the next entry. */
        char *leaf_copy = strdup(leaf);
        if (leaf_copy == NULL) {
            say("out of memory");
            return -1;
        }
        int result = extract_entry(x, dir, leaf_copy, &inode);
        if (result == -1)
            say("cannot extract /%s: %s", x->path, strerror(errno));
        free(leaf_copy);
        x->path[base] = '\0';
        if (result != 0)
            return -1;
    }
    if (err != SQFS_OK) {
        say("cannot list directory /%s of the payload: the AppImage is corrupt", x->path);
        return -1;
    }
    return 0;
}

int extract_image(const char *image, off_t offset, const char *dest, const char *pattern)
{
    struct extraction *x = calloc(1, sizeof(*x));
    if (x == NULL || (x->buffer = malloc(CHUNK)) == NULL) {
        say("out of memory");
        free(x);
        return -1;
    }
    x->pattern = pattern;
    int result = -1;
    if (sqfs_open_image(&x->fs, image, (size_t)offset) != SQFS_OK) {
        say("cannot open the payload of %s as squashfs", image);
        goto out_free;
    }
    fcntl(x->fs.fd, F_SETFD, FD_CLOEXEC);
    if ((x->links = calloc(x->fs.sb.inodes + 1u, sizeof(char *))) == NULL) {
        say("out of memory");
        goto out_close;
    }

    struct dir_frame root = {.parent = NULL, .name = dest, .fd = -1};
    if (sqfs_inode_get(&x->fs, &root.inode, sqfs_inode_root(&x->fs)) != SQFS_OK) {
        say("cannot read the payload's root directory: the AppImage is corrupt");
        goto out_links;
    }
    if (mkdir(dest, 0700) != 0 && errno != EEXIST) {
        say("cannot create %s: %s", dest, strerror(errno));
        goto out_links;
    }
    root.fd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root.fd < 0) {
        say("cannot open %s: %s", dest, strerror(errno));
        goto out_links;
    }
    result = extract_dir(x, &root);
    if (result == 0)
        result = finish_dir(&root);
    else
        close(root.fd);

out_links:
    for (uint32_t i = 0; i <= x->fs.sb.inodes; i++)
        free(x->links[i]);
    free(x->links);
out_close:
    sqfs_destroy(&x->fs);
    close(x->fs.fd);
out_free:
    free(x->buffer);
    free(x);
    return result;
}

/* Removes `name` in `dirfd`, descending into directories without following symlinks and
 * without crossing into another filesystem mounted below the tree. */
static int remove_at(int dirfd, const char *name, dev_t device)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(dirfd, name, 0);
    if (st.st_dev != device) {
        errno = EXDEV;
        return -1;
    }
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    fchmod(fd, 0700); /* a read-only directory from the image must still be emptied */
    DIR *listing = fdopendir(fd);
    if (listing == NULL) {
        close(fd);
        return -1;
    }
    int result = 0;
    struct dirent *entry;
    while (result == 0 && (entry = readdir(listing)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            result = remove_at(fd, entry->d_name, device);
    }
    closedir(listing);
    return result == 0 ? unlinkat(dirfd, name, AT_REMOVEDIR) : -1;
}

int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        say("cannot remove %s: %s", path, strerror(errno));
        return -1;
    }
    if (remove_at(AT_FDCWD, path, st.st_dev) != 0) {
        say("cannot remove %s completely: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
