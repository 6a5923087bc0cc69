#include "base/mem.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* -1: the hook is off; otherwise the number of allocations still allowed. */
static atomic_long fail_countdown = -1;

static int should_fail(void)
{
    long left = atomic_load(&fail_countdown);
    while (left >= 0) {
        if (left == 0)
            return 1;
        if (atomic_compare_exchange_weak(&fail_countdown, &left, left - 1))
            return 0;
    }
    return 0;
}

void sg_mem_fail_after(long n)
{
    atomic_store(&fail_countdown, n < 0 ? -1 : n);
}

void *sg_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *sg_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *sg_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

char *sg_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *copy = sg_malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *sg_strdup(const char *s)
{
    return s ? sg_strndup(s, strlen(s)) : NULL;
}

void sg_free(void *ptr)
{
    free(ptr);
}
