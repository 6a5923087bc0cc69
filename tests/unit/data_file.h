/*
 * data_file.h - the unit tests' reading of a whole file (the rule sets of
 * data/, say) into memory.
 */
#ifndef SG_TEST_DATA_FILE_H
#define SG_TEST_DATA_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The file's text, NUL-terminated, to free(); NULL when it cannot be read
 * or is empty.  *len is its length. */
static inline char *data_file_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size > 0 && fseek(f, 0, SEEK_SET) == 0)
        data = malloc((size_t)size + 1);
    if (data && fread(data, 1, (size_t)size, f) != (size_t)size) {
        free(data);
        data = NULL;
    }
    fclose(f);
    if (data) {
        data[size] = '\0';
        *len = (size_t)size;
    }
    return data;
}

#endif
