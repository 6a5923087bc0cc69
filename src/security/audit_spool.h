/*
 * audit_spool.h - the audit entries of reads, written to a file before the
 * answer leaves the server and moved into the hash-chained trail in
 * batches (a group commit of audit appends).
 *
 * Every read of personal data is audited, and the entry must survive the
 * end of the process before the answer goes out.  Appending it to the
 * trail in a database transaction of its own costs a commit per read and
 * makes every reading connection drop its page cache (SQLite starts each
 * read transaction afresh after any commit).  The server therefore appends
 * the entry of a read to this spool: one write() to a file beside the
 * database, whose return is the entry's acknowledgement.  A thread of its
 * own moves the spooled entries into the trail every few milliseconds, in
 * one transaction that also records how far it got (table audit_spool),
 * so every entry reaches the trail once, in the order it was spooled,
 * with the time of the read.  The file is synced to disk within
 * AUDIT_SPOOL_SYNC_MS, as relaxed commits are (store.h).  After a crash
 * the next server moves what the file still holds before it serves.
 *
 * Writes keep appending their entry in their own transaction (audit.h):
 * the spool is for reads only, which change nothing the entry could be
 * atomic with.  Every write's audit_append first moves what is spooled
 * (audit_spool_settle, in the write's own transaction), so the trail keeps
 * the order in which things happened; so does every move, because moves
 * only ever run in the store's write transactions, one at a time.  One
 * process owns a spool (a lock beside it; the server, never the command
 * line), and it is the process's one spool while open.  Readers of the
 * trail ask for it to be moved first (audit_spool_flush).
 *
 * Records: "SGA1", the payload's length, the entry's ten text fields (each
 * a 16-bit length and its bytes), and a 16-byte BLAKE2b checksum of the
 * payload; a record cut short by a power failure is dropped and the loss
 * recorded in the trail.
 */
#ifndef SG_AUDIT_SPOOL_H
#define SG_AUDIT_SPOOL_H

#include "security/audit.h"

#define AUDIT_SPOOL_DRAIN_MS 100 /* spooled entries reach the trail this often */
#define AUDIT_SPOOL_SYNC_MS 100  /* and the file the disk, as relaxed commits */

typedef struct audit_spool audit_spool;

/* Opens (creating) the spool at path for this process, moves into the
 * trail what a previous process left in it, and starts the thread that
 * moves entries from now on.  SG_EUNAVAILABLE when another process keeps
 * it.  *out is closed with audit_spool_close. */
SG_MUST_CHECK int audit_spool_open(store *s, const vault *v, const char *path, audit_spool **out);
/* Appends rows[0..n) (filled by audit_row_fill: their seq and hashes
 * are given when they are moved); returns once they are written to the
 * file (they survive the end of the process); SG_ENOSPACE or
 * SG_EREADONLY when the disk takes no more, SG_EIO for another failure. */
SG_MUST_CHECK int audit_spool_append(audit_spool *sp, const audit_row *rows, int n);
/* Moves every entry spooled so far into the trail now. */
SG_MUST_CHECK int audit_spool_flush(audit_spool *sp);
/* Within a write transaction tx: moves what is spooled into the trail
 * first.  Nothing to do without an open spool of tx's store. */
SG_MUST_CHECK int audit_spool_settle(store_tx *tx);
/* Stops the thread, moves what is left durably and closes; NULL is harmless. */
void audit_spool_close(audit_spool *sp);
/* Moves into s's trail, durably, every entry the spool file at path holds
 * that is not there yet: whether or not a server keeps the spool (its
 * moves and this one are write transactions of the one database, each
 * reading how far the other got), or after one crashed.  For the command
 * line before it copies or reads the trail (backup, migrate, subject
 * access).  Nothing to do when there is no file. */
SG_MUST_CHECK int audit_spool_drain(store *s, const vault *v, const char *path);
/* The spool's path beside the SQLite database at db_path. */
void audit_spool_path(const char *db_path, char *out, size_t n);

#endif
