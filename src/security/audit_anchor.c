/*
 * audit_anchor.c - the audit trail anchored outside its database.
 *
 * The hash chain proves that no entry was changed in place, and the keyed
 * head that none was cut off the end; neither proves that the whole trail
 * was not wiped, or rolled back to an older copy of the database.  So the
 * head is written out: a checkpoint (the newest entry's number and hash,
 * when, signed with the Ed25519 key the key file seeds) goes to an
 * append-only file beside the database and to the server log, and can be
 * exported for keeping elsewhere.  Verification against a checkpoint asks
 * that the trail still holds that entry with that hash.
 *
 * Crashes.  A checkpoint is appended in one write and synced; the server
 * anchors only what is durable (it syncs the database first), so after a
 * crash or a power cut the file never names an entry the database lost.
 * A line cut short by a crash has no newline: readers skip it, and the
 * next append cuts it off first, so a crash never makes the server refuse
 * to start or the verification fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"

#define CHECKPOINT_LINE_MAX 1024

/* What the signature covers: the kind of statement and its fields. */
static void signed_text(const audit_checkpoint *c, char *out, size_t n)
{
    snprintf(out, n, "signaal audit checkpoint\nseq %lld\nhash %s\nat %s\n", (long long)c->seq,
             c->hash, c->at);
}

typedef struct head_ctx {
    audit_checkpoint *c;
} head_ctx;

static int head_job(store_tx *tx, void *arg)
{
    head_ctx *h = arg;
    return store_audit_head(tx, &h->c->seq, h->c->hash, NULL);
}

int audit_checkpoint_sign(const vault *v, audit_checkpoint *c)
{
    clock_format_iso(clock_now_ms(), c->at);
    char text[256];
    signed_text(c, text, sizeof text);
    int rc = vault_public_key(v, c->public_key);
    if (rc == SG_OK)
        rc = vault_sign(v, text, strlen(text), c->signature);
    return rc;
}

int audit_checkpoint_make(store *s, const vault *v, audit_checkpoint *out)
{
    memset(out, 0, sizeof *out);
    head_ctx h = {.c = out};
    int rc = store_read(s, head_job, &h);
    if (rc != SG_OK)
        return rc;
    return audit_checkpoint_sign(v, out);
}

json_t *audit_checkpoint_json(const audit_checkpoint *c)
{
    return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", "signaal-audit-checkpoint", "seq",
                     (json_int_t)c->seq, "hash", c->hash, "at", c->at, "public_key", c->public_key,
                     "signature", c->signature);
}

int audit_checkpoint_parse(const char *text, audit_checkpoint *out)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    const char *kind = NULL, *hash = NULL, *at = NULL, *pk = NULL, *sig = NULL;
    json_int_t seq = 0;
    int rc = SG_EINVAL;
    if (doc
        && json_unpack(doc, "{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", &kind, "seq", &seq, "hash",
                       &hash, "at", &at, "public_key", &pk, "signature", &sig)
               == 0
        && strcmp(kind, "signaal-audit-checkpoint") == 0 && seq >= 0
        && text_copy(out->hash, sizeof out->hash, hash) && text_copy(out->at, sizeof out->at, at)
        && text_copy(out->public_key, sizeof out->public_key, pk)
        && text_copy(out->signature, sizeof out->signature, sig)) {
        out->seq = seq;
        rc = SG_OK;
    }
    json_decref(doc);
    return rc;
}

bool audit_checkpoint_signed_by(const audit_checkpoint *c, const char *public_key)
{
    char text[256];
    signed_text(c, text, sizeof text);
    return strcmp(c->public_key, public_key) == 0
           && vault_signature_valid(public_key, text, strlen(text), c->signature);
}

/* A line cut short by a crash (or a power cut, which may leave zeros) has
 * no newline: it was never a whole checkpoint.  Cuts it off, so that the
 * next checkpoint starts on a line of its own. */
static int cut_torn_tail(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return SG_EIO;
    off_t end = st.st_size;
    char last = '\n';
    if (end == 0)
        return SG_OK;
    if (pread(fd, &last, 1, end - 1) != 1)
        return SG_EIO;
    if (last == '\n')
        return SG_OK;
    off_t keep = end - 1;
    char chunk[512];
    while (keep > 0) {
        off_t from = keep > (off_t)sizeof chunk ? keep - (off_t)sizeof chunk : 0;
        ssize_t n = pread(fd, chunk, (size_t)(keep - from), from);
        if (n != keep - from)
            return SG_EIO;
        ssize_t i = n;
        while (i > 0 && chunk[i - 1] != '\n')
            i--;
        if (i > 0) {
            keep = from + i;
            break;
        }
        keep = from;
    }
    log_error("audit checkpoint: the anchor file ended in a line cut short (a crash while"
              " writing it); %lld bytes cut off",
              (long long)(end - keep));
    return ftruncate(fd, keep) == 0 ? SG_OK : SG_EIO;
}

int audit_anchor_append(const char *path, const audit_checkpoint *c)
{
    json_t *j = audit_checkpoint_json(c);
    char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!line)
        return SG_ENOMEM;
    int rc = SG_OK;
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = SG_EIO;
        goto out;
    }
    rc = cut_torn_tail(fd);
    size_t len = strlen(line);
    line[len] = '\n'; /* json_dumps leaves room: the NUL becomes the newline */
    /* One write: a crash leaves the whole line or a tail cut off above. */
    ssize_t n = rc == SG_OK ? write(fd, line, len + 1) : -1;
    if (n != (ssize_t)(len + 1) || fsync(fd) != 0)
        rc = SG_EIO;
    if (close(fd) != 0)
        rc = SG_EIO;
out:
    free(line);
    return rc;
}

/* Reads the next whole line of f into line (n bytes); false at the end.
 * A last line without its newline was cut short by a crash: it is not
 * read (*torn says so).  A line longer than n comes back cut, and is no
 * checkpoint. */
static bool next_line(FILE *f, char *line, size_t n, bool *torn)
{
    if (!fgets(line, (int)n, f))
        return false;
    size_t len = strlen(line);
    if (len > 0 && line[len - 1] == '\n')
        return true;
    if (feof(f)) {
        *torn = true;
        return false;
    }
    /* Too long: skip the rest of it. */
    int ch;
    while ((ch = fgetc(f)) != EOF && ch != '\n') {
    }
    return true;
}

/* ---- checking the trail against checkpoints ---------------------------- */

typedef struct check_ctx {
    const audit_checkpoint *c;
    bool found;
    char hash[STORE_HASH_LEN];
} check_ctx;

static int find_entry(const audit_row *r, void *arg)
{
    check_ctx *cc = arg;
    if (r->seq == cc->c->seq) {
        cc->found = true;
        text_copy(cc->hash, sizeof cc->hash, r->hash);
    }
    return 1; /* one entry is enough */
}

static int check_job(store_tx *tx, void *arg)
{
    check_ctx *cc = arg;
    int rc = store_audit_each(tx, cc->c->seq - 1, find_entry, cc);
    return rc == 1 ? SG_OK : rc;
}

int audit_checkpoint_check(store *s, const char *own_key, const audit_checkpoint *c,
                           const char *label, audit_report *rep)
{
    if (!audit_checkpoint_signed_by(c, own_key)) {
        rep->broken_seq = -1;
        snprintf(rep->reason, sizeof rep->reason,
                 "%.300s is not a checkpoint signed with this key file", label);
        return SG_OK;
    }
    if (c->seq == 0)
        return SG_OK;
    check_ctx cc = {.c = c, .found = false};
    int rc = store_read(s, check_job, &cc);
    if (rc != SG_OK)
        return rc;
    if (!cc.found || strcmp(cc.hash, c->hash) != 0) {
        rep->broken_seq = c->seq;
        snprintf(rep->reason, sizeof rep->reason,
                 "the trail %s entry %lld that %.300s (%.40s) recorded: it was %s",
                 cc.found ? "holds another" : "no longer holds the", (long long)c->seq, label,
                 c->at, cc.found ? "rewritten" : "wiped or rolled back");
    }
    return SG_OK;
}

int audit_verify_checkpoints(store *s, const vault *v, const char *path, audit_report *rep,
                             int *count)
{
    char own_key[VAULT_PUBLIC_KEY_HEX];
    *count = 0;
    int rc = vault_public_key(v, own_key);
    if (rc != SG_OK)
        return rc;
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? SG_ENOTFOUND : SG_EIO;
    char line[CHECKPOINT_LINE_MAX];
    int lineno = 0;
    bool torn = false;
    while (rc == SG_OK && rep->broken_seq == 0 && next_line(f, line, sizeof line, &torn)) {
        lineno++;
        if (text_is_blank(line))
            continue;
        audit_checkpoint c;
        char label[300];
        snprintf(label, sizeof label, "checkpoint %d of %s", lineno, path);
        if (audit_checkpoint_parse(line, &c) != SG_OK) {
            rep->broken_seq = -1;
            snprintf(rep->reason, sizeof rep->reason, "%.300s is not a checkpoint", label);
            break;
        }
        (*count)++;
        rc = audit_checkpoint_check(s, own_key, &c, label, rep);
    }
    fclose(f);
    return rc;
}

int audit_anchor_path(const char *db_address, const char *setting, char *out, size_t n)
{
    int len;
    if (setting && *setting)
        len = snprintf(out, n, "%s", setting);
    else if (store_sqlite_path(db_address))
        len = snprintf(out, n, "%s.anchors", store_sqlite_path(db_address));
    else
        return SG_ENOTFOUND;
    return len < 0 || (size_t)len >= n ? SG_ETOOBIG : SG_OK;
}

int audit_anchor_last(const char *path, audit_checkpoint *out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? SG_ENOTFOUND : SG_EIO;
    char line[CHECKPOINT_LINE_MAX], last[CHECKPOINT_LINE_MAX] = "";
    bool torn = false;
    while (next_line(f, line, sizeof line, &torn))
        if (!text_is_blank(line))
            memcpy(last, line, sizeof last);
    bool failed = ferror(f);
    fclose(f);
    if (failed)
        return SG_EIO;
    if (!last[0])
        return SG_ENOTFOUND;
    return audit_checkpoint_parse(last, out);
}
