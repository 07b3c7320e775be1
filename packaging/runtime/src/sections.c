/*
 * The reserved sections of the AppImage type-2 format, zero-filled so that tools can write
 * update information, a signature, its key and an MD5 digest into the file later.
 *
 * `retain` keeps them through --gc-sections although no code refers to them: the runtime
 * reads them from its file through the section headers, as those tools do.
 */
#define RESERVED(name, where, size) \
    __attribute__((section(where), used, retain, aligned(1))) const unsigned char name[size] = {0}

RESERVED(appimage_update_information, ".upd_info", 1024);
RESERVED(appimage_signature, ".sha256_sig", 1024);
RESERVED(appimage_signature_key, ".sig_key", 8192);
RESERVED(appimage_digest_md5, ".digest_md5", 16);
