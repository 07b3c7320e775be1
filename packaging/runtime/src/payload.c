/*
 * A look at the payload before squashfuse gets it: a squashfs 4.0 superblock at the offset,
 * a compressor this runtime has, and all the bytes the superblock announces.
 *
 * squashfuse reads the tables lazily, so a truncated or foreign payload would otherwise show up
 * as I/O errors inside the running application (or a mount that serves nothing); checking here
 * turns it into one message and a non-zero exit before anything is mounted or extracted.
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime.h"

#define SQUASHFS_MAGIC 0x73717368u /* "hsqs" */
#define SUPERBLOCK_SIZE 96

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
    return 0;
}
