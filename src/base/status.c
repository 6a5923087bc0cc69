#include "base/status.h"

const char *sg_status_str(int status)
{
    switch (status) {
    case SG_OK:
        return "ok";
    case SG_ENOMEM:
        return "out of memory";
    case SG_EINVAL:
        return "invalid input";
    case SG_ENOTFOUND:
        return "not found";
    case SG_EFORBIDDEN:
        return "forbidden";
    case SG_ECONFLICT:
        return "conflict";
    case SG_EIO:
        return "input/output error";
    case SG_EDB:
        return "database error";
    case SG_ECRYPTO:
        return "cryptographic error";
    case SG_EAUTH:
        return "not authenticated";
    case SG_ELIMIT:
        return "rate limited";
    case SG_ETOOBIG:
        return "too large";
    case SG_EUNAVAILABLE:
        return "service unavailable";
    case SG_EINTERNAL:
        return "internal error";
    case SG_ESTATE:
        return "not allowed in this state";
    case SG_ENOSPACE:
        return "the database's disk is full";
    case SG_EREADONLY:
        return "the database is read-only";
    default:
        return "unknown error";
    }
}
