/* Records: the versioned indicator catalogue. */
#include <string.h>

#include "store/store_int.h"

#define INDICATOR_COLS                                                                             \
    "version, code, category, category_nl, category_en, text_nl, text_en, strength,"               \
    " strength_note, sources, observation"

#define VERSION_COLS                                                                               \
    "v.version, v.published_at, v.published_by, v.source_sha256, v.note,"                          \
    " (SELECT COUNT(*) FROM indicators i WHERE i.version = v.version)"

static int read_version(store_stmt *st, catalogue_version_row *r)
{
    memset(r, 0, sizeof *r);
    r->version = q_int(st, 0);
    r->published_by = q_int(st, 2);
    r->indicator_count = q_int(st, 5);
    int rc = q_text_into(st, 1, r->published_at, sizeof r->published_at);
    if (rc == SG_OK)
        rc = q_text_into(st, 3, r->source_sha256, sizeof r->source_sha256);
    if (rc == SG_OK)
        rc = q_text_into(st, 4, r->note, sizeof r->note);
    return rc;
}

static int one_version(store_stmt *st, catalogue_version_row *out)
{
    int rc = q_step(st);
    if (rc == 1)
        rc = read_version(st, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_catalogue_insert_version(store_tx *tx, catalogue_version_row *row)
{
    /* Versions count up from 1; the next is one above the newest. */
    int64_t next = 0;
    int rc = q_int64(tx, "SELECT COALESCE(MAX(version), 0) + 1 FROM catalogue_versions", &next, "");
    if (rc != SG_OK)
        return rc;
    row->version = next;
    return q_exec(tx,
                  "INSERT INTO catalogue_versions (version, published_at, published_by,"
                  " source_sha256, note) VALUES ($1, $2, $3, $4, $5)",
                  NULL, "ititt", row->version, row->published_at, row->published_by,
                  row->source_sha256, row->note);
}

int store_catalogue_insert_indicator(store_tx *tx, const indicator_row *r)
{
    return q_exec(tx,
                  "INSERT INTO indicators (" INDICATOR_COLS ")"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                  NULL, "itttttttttt", r->version, r->code, r->category, r->category_nl,
                  r->category_en, r->text_nl, r->text_en, r->strength, r->strength_note, r->sources,
                  r->observation);
}

int store_catalogue_latest(store_tx *tx, catalogue_version_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " VERSION_COLS " FROM catalogue_versions v"
                       " ORDER BY v.version DESC LIMIT 1",
                       &st, "");
    return rc == SG_OK ? one_version(st, out) : rc;
}

int store_catalogue_get_version(store_tx *tx, int64_t version, catalogue_version_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " VERSION_COLS " FROM catalogue_versions v WHERE v.version = $1",
                       &st, "i", version);
    return rc == SG_OK ? one_version(st, out) : rc;
}

int store_catalogue_list_versions(store_tx *tx, catalogue_version_row *rows, int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " VERSION_COLS " FROM catalogue_versions v ORDER BY v.version DESC"
                       " LIMIT $1",
                       &st, "i", (int64_t)max);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        rc = read_version(st, &rows[*n]);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

static int read_indicator(store_stmt *st, indicator_row *r)
{
    memset(r, 0, sizeof *r);
    r->version = q_int(st, 0);
    int rc = q_text_into(st, 1, r->code, sizeof r->code);
    if (rc == SG_OK)
        rc = q_text_into(st, 2, r->category, sizeof r->category);
    if (rc == SG_OK)
        rc = q_text_into(st, 3, r->category_nl, sizeof r->category_nl);
    if (rc == SG_OK)
        rc = q_text_into(st, 4, r->category_en, sizeof r->category_en);
    if (rc == SG_OK)
        rc = q_text_into(st, 5, r->text_nl, sizeof r->text_nl);
    if (rc == SG_OK)
        rc = q_text_into(st, 6, r->text_en, sizeof r->text_en);
    if (rc == SG_OK)
        rc = q_text_into(st, 7, r->strength, sizeof r->strength);
    if (rc == SG_OK)
        rc = q_text_into(st, 8, r->strength_note, sizeof r->strength_note);
    if (rc == SG_OK)
        rc = q_text_into(st, 9, r->sources, sizeof r->sources);
    if (rc == SG_OK)
        rc = q_text_into(st, 10, r->observation, sizeof r->observation);
    return rc;
}

int store_catalogue_get_indicator(store_tx *tx, int64_t version, const char *code,
                                  indicator_row *out)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT " INDICATOR_COLS " FROM indicators WHERE version = $1 AND code = $2",
                  &st, "it", version, code);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1)
        rc = read_indicator(st, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_catalogue_each_indicator(store_tx *tx, int64_t version,
                                   int (*fn)(const indicator_row *, void *), void *ctx)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT " INDICATOR_COLS " FROM indicators WHERE version = $1 ORDER BY code",
                  &st, "i", version);
    if (rc != SG_OK)
        return rc;
    indicator_row row;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        rc = read_indicator(st, &row);
        if (rc == SG_OK)
            rc = fn(&row, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc;
}
