/*
 * squashfuse's decompressor table refers to LZ4 and LZO, whose static libraries Debian does
 * not ship (liblz4-dev and liblzo2-dev carry only shared ones, and this runtime links
 * statically). These two definitions satisfy the linker and fail every call; payload.c refuses
 * LZ4 and LZO images with a clear message before squashfuse could reach them. AppImages made
 * for this runtime use zstd (gzip and xz work too).
 */
#include <stddef.h>

int LZ4_decompress_safe(const char *source, char *dest, int compressed_size, int capacity);
int lzo1x_decompress_safe(const unsigned char *source, size_t source_size, unsigned char *dest,
                          size_t *dest_size, void *work);

int LZ4_decompress_safe(const char *source, char *dest, int compressed_size, int capacity)
{
    (void)source;
    (void)dest;
    (void)compressed_size;
    (void)capacity;
    return -1;
}

int lzo1x_decompress_safe(const unsigned char *source, size_t source_size, unsigned char *dest,
                          size_t *dest_size, void *work)
{
    (void)source;
    (void)source_size;
    (void)dest;
    (void)dest_size;
    (void)work;
    return -1; /* LZO_E_ERROR */
}
