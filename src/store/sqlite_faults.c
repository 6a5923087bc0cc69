/*
 * sqlite_faults.c - a test hook: an SQLite VFS that refuses writes on
 * request, as a full or read-only disk would.
 *
 * Only when SIGNAAL_TEST_FAULTS names a control file does the SQLite driver
 * register this VFS (as the default, for every connection of the process);
 * without the variable nothing here runs.  The VFS passes everything to
 * the default one, except that while the control file holds the word
 * "full", every write to the database and its journals fails as on a full
 * disk (SQLITE_FULL, errno ENOSPC), and while it holds "readonly", every
 * write and truncation fails as on a disk remounted read-only
 * (SQLITE_IOERR_WRITE, errno EROFS, and the file no longer writable to
 * access(2)).  Reads are never touched.  Any other
 * content, or no file, means no fault.  The control file is read at each
 * write, so a test switches faults on and off while the server runs.
 *
 * It lets the tests of tests/ops show what the server does on a full or
 * read-only disk on every machine, also where mounting a small file system
 * is not possible.  It owns one static VFS and never allocates.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"

typedef enum fault { FAULT_NONE, FAULT_FULL, FAULT_READONLY } fault;

/* Our file: the default VFS's file follows it in the same allocation. */
typedef struct fault_file {
    sqlite3_file base;
    sqlite3_file *real;
} fault_file;

static sqlite3_vfs fault_vfs;
static sqlite3_vfs *real_vfs;
static const char *control_path;
/* The errno of the fault just injected on this thread, for xGetLastError. */
static _Thread_local int injected_errno;

static fault current_fault(void)
{
    char text[16] = "";
    int fd = open(control_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return FAULT_NONE;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return FAULT_NONE;
    text[n] = '\0';
    if (strncmp(text, "full", 4) == 0)
        return FAULT_FULL;
    if (strncmp(text, "readonly", 8) == 0)
        return FAULT_READONLY;
    return FAULT_NONE;
}

static sqlite3_file *real_of(sqlite3_file *f)
{
    return ((fault_file *)f)->real;
}

static int ff_close(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}

static int ff_read(sqlite3_file *f, void *data, int amount, sqlite3_int64 offset)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xRead(r, data, amount, offset);
}

static int ff_write(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset)
{
    sqlite3_file *r = real_of(f);
    switch (current_fault()) {
    case FAULT_FULL:
        injected_errno = ENOSPC;
        return SQLITE_FULL;
    case FAULT_READONLY:
        injected_errno = EROFS;
        return SQLITE_IOERR_WRITE;
    case FAULT_NONE:
        break;
    }
    injected_errno = 0;
    return r->pMethods->xWrite(r, data, amount, offset);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    sqlite3_file *r = real_of(f);
    if (current_fault() == FAULT_READONLY) {
        injected_errno = EROFS;
        return SQLITE_IOERR_TRUNCATE;
    }
    return r->pMethods->xTruncate(r, size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xSync(r, flags);
}

static int ff_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xFileSize(r, size);
}

static int ff_lock(sqlite3_file *f, int level)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xLock(r, level);
}

static int ff_unlock(sqlite3_file *f, int level)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xUnlock(r, level);
}

static int ff_check_reserved(sqlite3_file *f, int *out)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xCheckReservedLock(r, out);
}

static int ff_file_control(sqlite3_file *f, int op, void *arg)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xFileControl(r, op, arg);
}

static int ff_sector_size(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xSectorSize(r);
}

static int ff_device(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xDeviceCharacteristics(r);
}

static int ff_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xShmMap(r, region, size, extend, out);
}

static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xShmLock(r, offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    r->pMethods->xShmBarrier(r);
}

static int ff_shm_unmap(sqlite3_file *f, int delete_flag)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xShmUnmap(r, delete_flag);
}

static int ff_fetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xFetch(r, offset, amount, out);
}

static int ff_unfetch(sqlite3_file *f, sqlite3_int64 offset, void *page)
{
    sqlite3_file *r = real_of(f);
    return r->pMethods->xUnfetch(r, offset, page);
}

static const sqlite3_io_methods fault_methods = {
    3,
    ff_close,
    ff_read,
    ff_write,
    ff_truncate,
    ff_sync,
    ff_file_size,
    ff_lock,
    ff_unlock,
    ff_check_reserved,
    ff_file_control,
    ff_sector_size,
    ff_device,
    ff_shm_map,
    ff_shm_lock,
    ff_shm_barrier,
    ff_shm_unmap,
    ff_fetch,
    ff_unfetch,
};

static int ff_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    fault_file *ff = (fault_file *)f;
    ff->real = (sqlite3_file *)&ff[1];
    int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
    /* SQLite closes only a file whose methods are set. */
    ff->base.pMethods = ff->real->pMethods ? &fault_methods : NULL;
    return rc;
}

static int ff_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    /* SQLite may ask more than once about one failure: the answer stays
     * until a write of this thread gets through again. */
    if (injected_errno)
        return injected_errno;
    return real_vfs->xGetLastError(real_vfs, n, out);
}

static int ff_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int ff_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    if (flags == SQLITE_ACCESS_READWRITE && current_fault() == FAULT_READONLY) {
        *out = 0; /* as access(2) answers on a read-only file system */
        return SQLITE_OK;
    }
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int ff_full_path(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int register_rc = SQLITE_OK;

static void register_once(void)
{
    control_path = getenv("SIGNAAL_TEST_FAULTS");
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs) {
        register_rc = SQLITE_ERROR;
        return;
    }
    /* Everything the default VFS does, with our files and error numbers. */
    fault_vfs = *real_vfs;
    fault_vfs.zName = "signaal-faults";
    fault_vfs.szOsFile = (int)sizeof(fault_file) + real_vfs->szOsFile;
    fault_vfs.pNext = NULL;
    fault_vfs.xOpen = ff_open;
    fault_vfs.xDelete = ff_delete;
    fault_vfs.xAccess = ff_access;
    fault_vfs.xFullPathname = ff_full_path;
    fault_vfs.xGetLastError = ff_last_error;
    register_rc = sqlite3_vfs_register(&fault_vfs, 1);
}

int store_sqlite_faults_register(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    const char *path = getenv("SIGNAAL_TEST_FAULTS");
    if (!path || !*path)
        return SG_OK;
    pthread_once(&once, register_once);
    return register_rc == SQLITE_OK ? SG_OK : SG_EINTERNAL;
}
