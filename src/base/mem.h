/*
 * mem.h - the one allocation front end.
 *
 * All heap memory of signaal comes from sg_malloc and friends so that a test
 * can make the Nth allocation fail (sg_mem_fail_after) and check that every
 * operation turns out-of-memory into SG_ENOMEM instead of a crash.  Memory
 * from these functions is released with sg_free; sg_free(NULL) is harmless.
 */
#ifndef SG_MEM_H
#define SG_MEM_H

#include <stddef.h>

void *sg_malloc(size_t size);
void *sg_calloc(size_t count, size_t size);
void *sg_realloc(void *ptr, size_t size);
/* Returns a new copy of s the caller frees, or NULL (s NULL or no memory). */
char *sg_strdup(const char *s);
/* Returns a new NUL-terminated copy of the first n bytes of s. */
char *sg_strndup(const char *s, size_t n);
void sg_free(void *ptr);

/*
 * Test hook: after n more successful allocations, every allocation fails
 * until sg_mem_fail_after(-1) switches the hook off.  Thread-safe counter.
 */
void sg_mem_fail_after(long n);

#endif
