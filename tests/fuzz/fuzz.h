/*
 * fuzz.h - what the fuzzing harnesses of tests/fuzz/ share.
 *
 * Each harness is one LLVMFuzzerTestOneInput over one family of parsers of
 * outside input.  Built with clang and -fsanitize=fuzzer (make fuzz), it
 * is driven by libFuzzer; built by the normal compiler, replay.c gives it
 * a main that runs it over the files of its seed corpus and its
 * regressions, so every crash ever found stays a ctest.  A harness checks
 * more than "no crash": where a parser promises something (a value it
 * accepted survives a round trip, an answer always has a status) it says
 * so with FUZZ_CHECK, which aborts like a crash does.
 */
#ifndef SG_FUZZ_H
#define SG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: runs once before the first input (the harness defines it
 * when it needs a set-up, with FUZZ_HAS_INIT). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond);             \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A NUL-terminated copy of data[0..size), to free(); NULL when memory ran
 * out (the harness then skips the input). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* The whole file data/<file> of the source tree, NUL-terminated, to
 * free(); NULL when it cannot be read.  *len is its length. */
static inline char *fuzz_read_data(const char *file, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/%s", SIGNAAL_SOURCE_DIR, file);
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size > 0 && fseek(f, 0, SEEK_SET) == 0)
        text = malloc((size_t)size + 1);
    if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    if (f)
        fclose(f);
    if (text) {
        text[size] = '\0';
        *len = (size_t)size;
    }
    return text;
}

/* Splits data at its first newline: the line (NUL-terminated, in out of
 * size n, cut to fit) and what follows it (*rest, *rest_size). */
static inline void fuzz_line(const uint8_t *data, size_t size, char *out, size_t n,
                             const uint8_t **rest, size_t *rest_size)
{
    out[0] = '\0';
    *rest = data;
    *rest_size = 0;
    if (size == 0)
        return;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t len = nl ? (size_t)(nl - data) : size;
    size_t keep = len < n - 1 ? len : n - 1;
    memcpy(out, data, keep);
    out[keep] = '\0';
    *rest = nl ? nl + 1 : data + size;
    *rest_size = size - (size_t)(*rest - data);
}

#endif
