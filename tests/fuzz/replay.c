/*
 * replay.c - a main for a fuzzing harness built without libFuzzer: runs
 * LLVMFuzzerTestOneInput once over each file named on the command line,
 * or each file of each directory named (in name order), and ends with the
 * count.  A crash, a sanitizer report or a broken FUZZ_CHECK ends the
 * program abnormally, which fails the ctest that runs it: that is how the
 * seed corpus and every regression input of tests/fuzz/ stay checked by
 * make test, with or without clang.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Defined by the harnesses that need a set-up; NULL otherwise. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static long replayed;

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *grown = realloc(data, cap * 2);
            if (!grown) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (!data) {
        fprintf(stderr, "replay: out of memory reading %s\n", path);
        return 1;
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    replayed++;
    return 0;
}

static int skip_entry(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0; /* a target without regressions yet has no directory */
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    struct dirent **names = NULL;
    int n = scandir(path, &names, skip_entry, alphasort);
    int failed = n < 0;
    for (int i = 0; i < n; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode))
            failed |= run_file(file);
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize && LLVMFuzzerInitialize(&argc, &argv) != 0) {
        fprintf(stderr, "replay: the harness's set-up failed\n");
        return 1;
    }
    int failed = 0;
    for (int i = 1; i < argc; i++)
        failed |= run_path(argv[i]);
    printf("%s: %ld inputs replayed, %ld passed, %d failed\n", argv[0], replayed, replayed, failed);
    return failed ? 1 : 0;
}
