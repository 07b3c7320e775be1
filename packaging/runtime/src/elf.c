/*
 * Reading the runtime's own ELF headers: the payload offset and the reserved sections.
 *
 * The AppImage specification puts the squashfs right after the ELF, whose end is the furthest
 * byte any header table, section or segment occupies (usually the section header table,
 * which the linker writes last). Only the layout this runtime is built with is read:
 * 64-bit, little-endian.
 */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

static int read_exact(int fd, void *buf, size_t size, off_t offset)
{
    ssize_t got = pread(fd, buf, size, offset);
    if (got < 0) {
        say("cannot read the runtime's ELF headers: %s", strerror(errno));
        return -1;
    }
    if ((size_t)got != size) {
        say("the runtime's ELF headers are truncated");
        return -1;
    }
    return 0;
}

static int read_header(int fd, Elf64_Ehdr *header)
{
    if (read_exact(fd, header, sizeof(*header), 0) != 0)
        return -1;
    if (memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 ||
        header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_ident[EI_DATA] != ELFDATA2LSB) {
        say("the runtime is not a 64-bit little-endian ELF file");
        return -1;
    }
    if (header->e_shnum == 0 || header->e_shentsize != sizeof(Elf64_Shdr) ||
        (header->e_phnum != 0 && header->e_phentsize != sizeof(Elf64_Phdr)) ||
        header->e_shstrndx >= header->e_shnum) {
        say("the runtime's ELF header has an unexpected section or segment table");
        return -1;
    }
    return 0;
}

static Elf64_Shdr *read_sections(int fd, const Elf64_Ehdr *header)
{
    size_t size = (size_t)header->e_shnum * sizeof(Elf64_Shdr);
    Elf64_Shdr *sections = malloc(size);
    if (sections == NULL) {
        say("out of memory");
        return NULL;
    }
    if (read_exact(fd, sections, size, (off_t)header->e_shoff) != 0) {
        free(sections);
        return NULL;
    }
    return sections;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

int elf_payload_offset(int fd, off_t *offset)
{
    Elf64_Ehdr header;
    if (read_header(fd, &header) != 0)
        return -1;
    Elf64_Shdr *sections = read_sections(fd, &header);
    if (sections == NULL)
        return -1;

    uint64_t end = max_u64(header.e_ehsize, header.e_shoff + (uint64_t)header.e_shnum * header.e_shentsize);
    end = max_u64(end, header.e_phoff + (uint64_t)header.e_phnum * header.e_phentsize);
    for (unsigned i = 0; i < header.e_shnum; i++) {
        if (sections[i].sh_type != SHT_NOBITS)
            end = max_u64(end, sections[i].sh_offset + sections[i].sh_size);
    }
    free(sections);

    for (unsigned i = 0; i < header.e_phnum; i++) {
        Elf64_Phdr segment;
        if (read_exact(fd, &segment, sizeof(segment),
                       (off_t)(header.e_phoff + (uint64_t)i * sizeof(segment))) != 0)
            return -1;
        end = max_u64(end, segment.p_offset + segment.p_filesz);
    }
    *offset = (off_t)end;
    return 0;
}

int elf_find_section(int fd, const char *name, off_t *offset, size_t *size)
{
    Elf64_Ehdr header;
    if (read_header(fd, &header) != 0)
        return -1;
    Elf64_Shdr *sections = read_sections(fd, &header);
    if (sections == NULL)
        return -1;

    const Elf64_Shdr *names = &sections[header.e_shstrndx];
    char *table = malloc(names->sh_size + 1);
    int found = -1;
    if (table == NULL) {
        say("out of memory");
    } else if (read_exact(fd, table, names->sh_size, (off_t)names->sh_offset) == 0) {
        table[names->sh_size] = '\0';
        for (unsigned i = 0; i < header.e_shnum && found < 0; i++) {
            if (sections[i].sh_name < names->sh_size && strcmp(table + sections[i].sh_name, name) == 0) {
                *offset = (off_t)sections[i].sh_offset;
                *size = sections[i].sh_size;
                found = 0;
            }
        }
        if (found < 0)
            say("the runtime has no %s section", name);
    }
    free(table);
    free(sections);
    return found;
}

int elf_print_section(int fd, const char *name)
{
    off_t offset;
    size_t size;
    if (elf_find_section(fd, name, &offset, &size) != 0)
        return -1;
    char *content = calloc(size + 1, 1);
    if (content == NULL) {
        say("out of memory");
        return -1;
    }
    int result = read_exact(fd, content, size, offset);
    if (result == 0) {
        /* The sections hold text padded with zero bytes: print up to the first one. */
        printf("%s\n", content);
        result = fflush(stdout) == 0 ? 0 : -1;
    }
    free(content);
    return result;
}
