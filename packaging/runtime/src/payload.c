/*
 * A look at the payload before squashfuse gets it: a squashfs 4.0 superblock at the offset,
 * a compressor this runtime has, and all the bytes the superblock announces.
 *
 * squashfuse reads the tables lazily, so a truncated or foreign payload would otherwise show up
 * as I/O errors inside the running application (or a mount that serves nothing); checking here
 * turns it into one message and a non-zero exit before anything is mounted or extracted.
 *
 * squashfuse also trusts the tables at the end of the payload (the indexes of the id, export,
 * fragment and xattr tables): a zeroed or scrambled index makes it read past its buffers and
 * crash. So the layout is checked the way the kernel's squashfs driver checks it at mount
 * time (fs/squashfs/super.c, id.c, export.c, fragment.c, xattr_id.c): the tables in their
 * order inside the payload, each index of the size its count gives, and every pointer of an
 * index to a metadata block that lies, in order and whole, between the previous table and the
 * index itself. Damage inside the inode and directory tables is not visible here; the mount
 * runs its FUSE server in a process of its own for that (mount.c).
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime.h"

#define SQUASHFS_MAGIC 0x73717368u /* "hsqs" */
#define SUPERBLOCK_SIZE 96
#define NO_TABLE UINT64_MAX      /* an optional table that is absent */
#define METADATA_SIZE 8192u      /* uncompressed bytes in a metadata block */
#define METADATA_HEADER 2u       /* the block's little-endian u16 length word */
#define METADATA_LENGTH 0x7fffu  /* that word's length bits; 0x8000 marks an uncompressed block */
#define XATTR_ID_TABLE_HEADER 16 /* u64 xattr_table_start, u32 xattr_ids, u32 unused */
/* The index is read whole; no mksquashfs image comes near this many entries. */
#define MAX_INDEX_ENTRIES 65536u

enum compressor { GZIP = 1, LZMA = 2, LZO = 3, XZ = 4, LZ4 = 5, ZSTD = 6 };

static uint16_t le16_at(const unsigned char *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return le16toh(v);
}

static uint32_t le32_at(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return le32toh(v);
}

static uint64_t le64_at(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return le64toh(v);
}

static const char *compressor_name(unsigned id)
{
    switch (id) {
    case GZIP: return "gzip";
    case LZMA: return "lzma";
    case LZO: return "lzo";
    case XZ: return "xz";
    case LZ4: return "lz4";
    case ZSTD: return "zstd";
    default: return "unknown";
    }
}

struct tables {
    int fd;
    off_t offset;       /* of the payload in the file */
    uint64_t bytes_used; /* of the payload */
};

/* Each damage message names what is wrong, after one common start. */
#define DAMAGED "the payload is damaged: "

static int read_at(const struct tables *t, uint64_t at, void *out, size_t size, const char *what)
{
    if (at > t->bytes_used || size > t->bytes_used - at) {
        say(DAMAGED "the %s lies outside the filesystem", what);
        return -1;
    }
    ssize_t got = pread(t->fd, out, size, t->offset + (off_t)at);
    if (got < 0) {
        say("cannot read the payload: %s", strerror(errno));
        return -1;
    }
    if ((size_t)got != size) {
        say(DAMAGED "the %s is cut short", what);
        return -1;
    }
    return 0;
}

/* An index of `entries` pointers at `start` (inside [low, high]), to metadata blocks stored
 * one after another from `low` on, the last ending at `blocks_end`. Returns 0 with *first set to the first block (the lower bound of
 * the table before it), or -1 with a message. */
static int check_index(const struct tables *t, const char *name, uint64_t start, uint64_t low,
                       uint64_t high, uint64_t blocks_end, uint64_t entries, uint64_t *first)
{
    char what[64];
    snprintf(what, sizeof(what), "%s table's index", name);
    if (entries == 0 || entries > MAX_INDEX_ENTRIES) {
        say(DAMAGED "the %s table announces %llu index entries", name, (unsigned long long)entries);
        return -1;
    }
    size_t size = (size_t)entries * 8;
    if (start < low || start > high || size > high - start) {
        say(DAMAGED "the %s lies outside its place in the filesystem", what);
        return -1;
    }
    unsigned char *index = malloc(size);
    if (index == NULL) {
        say("out of memory");
        return -1;
    }
    int result = -1;
    if (read_at(t, start, index, size, what) != 0)
        goto out;
    for (uint64_t i = 0; i < entries; i++) {
        uint64_t block = le64_at(index + i * 8);
        uint64_t next = i + 1 < entries ? le64_at(index + (i + 1) * 8) : blocks_end;
        if (block < low || block >= next || next - block > METADATA_SIZE + METADATA_HEADER) {
            say(DAMAGED "the %s table's index points outside the table (entry %llu: %llu)", name,
                (unsigned long long)i, (unsigned long long)block);
            goto out;
        }
        unsigned char header[METADATA_HEADER];
        snprintf(what, sizeof(what), "%s table", name);
        if (read_at(t, block, header, sizeof(header), what) != 0)
            goto out;
        uint64_t length = le16_at(header) & METADATA_LENGTH;
        if (length == 0 || length > METADATA_SIZE || block + METADATA_HEADER + length != next) {
            say(DAMAGED "the %s table's metadata block %llu has a wrong length (%llu bytes)", name,
                (unsigned long long)i, (unsigned long long)length);
            goto out;
        }
    }
    *first = le64_at(index);
    result = 0;
out:
    free(index);
    return result;
}

static uint64_t blocks_for(uint64_t count, uint64_t entry_size)
{
    return (count * entry_size + METADATA_SIZE - 1) / METADATA_SIZE;
}

/* From the end of the payload down, as the kernel reads them: xattr ids, ids, export
 * (lookup), fragments; then the directory and inode tables below them. */
static int check_tables(const struct tables *t, const unsigned char *sb)
{
    uint64_t inodes = le32_at(sb + 4), fragments = le32_at(sb + 16), ids = le16_at(sb + 26);
    uint64_t root = le64_at(sb + 32);
    uint64_t id_start = le64_at(sb + 48), xattr_start = le64_at(sb + 56);
    uint64_t inode_start = le64_at(sb + 64), dir_start = le64_at(sb + 72);
    uint64_t fragment_start = le64_at(sb + 80), lookup_start = le64_at(sb + 88);
    uint64_t low = SUPERBLOCK_SIZE, next = t->bytes_used;

    if (inode_start < low || inode_start >= dir_start || dir_start >= t->bytes_used) {
        say(DAMAGED "the inode and directory tables are out of place (%llu, %llu of %llu bytes)",
            (unsigned long long)inode_start, (unsigned long long)dir_start,
            (unsigned long long)t->bytes_used);
        return -1;
    }
    if ((root >> 16) >= dir_start - inode_start || (root & 0xffff) >= METADATA_SIZE) {
        say(DAMAGED "the root directory's inode is outside the inode table");
        return -1;
    }
    if (xattr_start != NO_TABLE) {
        unsigned char header[XATTR_ID_TABLE_HEADER];
        if (read_at(t, xattr_start, header, sizeof(header), "xattr id table") != 0)
            return -1;
        uint64_t xattr_table = le64_at(header), xattr_ids = le32_at(header + 8);
        if (xattr_table < dir_start || xattr_table >= xattr_start) {
            say(DAMAGED "the xattr table is out of place");
            return -1;
        }
        if (xattr_ids > 0) {
            uint64_t entries = blocks_for(xattr_ids, 16);
            if (xattr_start + XATTR_ID_TABLE_HEADER + entries * 8 != t->bytes_used) {
                say(DAMAGED "the xattr id table's index does not end the filesystem");
                return -1;
            }
            uint64_t first; /* the xattr table proper lies below, so this bound is unused */
            if (check_index(t, "xattr id", xattr_start + XATTR_ID_TABLE_HEADER, xattr_table,
                            t->bytes_used, xattr_start, entries, &first) != 0)
                return -1;
        }
        next = xattr_table;
    }
    if (check_index(t, "id", id_start, dir_start, next, id_start, blocks_for(ids, 4), &next) != 0)
        return -1;
    if (lookup_start != NO_TABLE &&
        check_index(t, "export", lookup_start, dir_start, next, lookup_start, blocks_for(inodes, 8), &next) != 0)
        return -1;
    if (fragments > 0 &&
        check_index(t, "fragment", fragment_start, dir_start, next, fragment_start,
                    blocks_for(fragments, 16), &next) != 0)
        return -1;
    if (dir_start > next) {
        say(DAMAGED "the directory table overlaps the tables after it");
        return -1;
    }
    return 0;
}

int payload_check(int fd, off_t offset)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        say("cannot stat the AppImage: %s", strerror(errno));
        return -1;
    }
    if (st.st_size <= offset) {
        say("the AppImage has no payload: the file ends where the runtime ends (offset %lld)",
            (long long)offset);
        return -1;
    }

    unsigned char sb[SUPERBLOCK_SIZE];
    ssize_t got = pread(fd, sb, sizeof(sb), offset);
    if (got < 0) {
        say("cannot read the payload: %s", strerror(errno));
        return -1;
    }
    if ((size_t)got < sizeof(sb) || le32_at(sb) != SQUASHFS_MAGIC) {
        say("the payload at offset %lld is not a squashfs image: the AppImage is corrupt",
            (long long)offset);
        return -1;
    }

    unsigned major = le16_at(sb + 28), minor = le16_at(sb + 30);
    if (major != 4 || minor != 0) {
        say("the payload is squashfs %u.%u; this runtime reads squashfs 4.0", major, minor);
        return -1;
    }
    unsigned compressor = le16_at(sb + 20);
    if (compressor != GZIP && compressor != XZ && compressor != ZSTD) {
        say("the payload is compressed with %s (%u); this runtime reads zstd, xz and gzip",
            compressor_name(compressor), compressor);
        return -1;
    }
    uint32_t block_size = le32_at(sb + 12);
    unsigned block_log = le16_at(sb + 22);
    if (block_log < 12 || block_log > 20 || block_size != (1u << block_log)) {
        say("the payload's squashfs superblock is corrupt (block size %u)", block_size);
        return -1;
    }

    uint64_t bytes_used = le64_at(sb + 40);
    uint64_t available = (uint64_t)(st.st_size - offset);
    if (bytes_used < SUPERBLOCK_SIZE || bytes_used > available) {
        say("the AppImage is truncated: its squashfs needs %llu bytes, the file has %llu after "
            "offset %lld; download it again",
            (unsigned long long)bytes_used, (unsigned long long)available, (long long)offset);
        return -1;
    }
    struct tables tables = {.fd = fd, .offset = offset, .bytes_used = bytes_used};
    return check_tables(&tables, sb);
}
