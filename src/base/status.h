/*
 * status.h - the one error convention of signaal.
 *
 * Every fallible function returns an int: SG_OK (0) on success or one of
 * the negative codes below, and hands results back through out-parameters.
 * Callers check every result; the attribute SG_MUST_CHECK makes the
 * compiler remind them.  Nothing here allocates.
 */
#ifndef SG_STATUS_H
#define SG_STATUS_H

#define SG_MUST_CHECK __attribute__((warn_unused_result))

enum sg_status {
    SG_OK = 0,
    SG_ENOMEM = -1,        /* an allocation failed */
    SG_EINVAL = -2,        /* input from outside is malformed or invalid */
    SG_ENOTFOUND = -3,     /* no such record, or not one the actor may see */
    SG_EFORBIDDEN = -4,    /* the actor's role may not do this */
    SG_ECONFLICT = -5,     /* a uniqueness or state rule would be broken */
    SG_EIO = -6,           /* a file or socket operation failed */
    SG_EDB = -7,           /* the database reported an error */
    SG_ECRYPTO = -8,       /* decryption or key handling failed */
    SG_EAUTH = -9,         /* not authenticated, or credentials wrong */
    SG_ELIMIT = -10,       /* rate limited: try again later */
    SG_ETOOBIG = -11,      /* a size limit was exceeded */
    SG_EUNAVAILABLE = -12, /* a dependency (the database) is unavailable */
    SG_EINTERNAL = -13,    /* a broken invariant: a bug */
    SG_ESTATE = -14,       /* the record is not in a state that allows this */
    SG_ENOSPACE = -15,     /* the database's disk is full: nothing could be stored */
    SG_EREADONLY = -16     /* the database cannot be written (a read-only disk or standby) */
};

/* Returns a static English description of a status code. */
const char *sg_status_str(int status);

#endif
