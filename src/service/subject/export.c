/* Use case: the copy for subject access (subject.h).  One durable
 * transaction reads the published rules, finds the child's records in the
 * officer's scope, reads every kind of record about them and appends the
 * audit entries of the copy. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/bsn.h"
#include "domain/names.h"
#include "domain/refindex.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/subject/subject_int.h"
#include "store/cases.h"

/* The most person records one child has in signaal: one per organisation
 * that recorded them. */
#define MAX_PERSONS 64
#define MAX_KINDS 32
#define REFERENCE_MAX_CHARS 100

typedef struct export_ctx {
    app *a;
    const actor *who;
    const subject_request *req;
    int64_t scope;                /* the officer's organisation, or 0 for all */
    char bsn_key[STORE_HASH_LEN]; /* asked by BSN: its pseudonym */
    subject_rules rules;
    /* The child's person records: the one asked for and every other of the
     * same BSN, whoever holds them; each kind's statement keeps to the
     * scope.  held: the copy lists a record of it (the scope holds it). */
    int64_t persons[MAX_PERSONS];
    char pids[MAX_PERSONS][STORE_ID_LEN];
    bool held[MAX_PERSONS];
    int npersons;
    char keys[MAX_PERSONS * 2][STORE_HASH_LEN]; /* reference-index pseudonyms */
    bool key_is_bsn[MAX_PERSONS * 2];
    int nkeys;
    subject_section sections[MAX_KINDS];
    int nsections;
    json_t *requested_by;
    char purpose[256];
} export_ctx;

static int load_rules(store_tx *tx, subject_rules *rules)
{
    char *content = NULL, why[200];
    int64_t version = 0;
    int rc = store_ruleset_get(tx, "subject-access", 0, &content, &version);
    if (rc == SG_ENOTFOUND)
        return SG_EUNAVAILABLE;
    if (rc != SG_OK)
        return rc;
    rc = subject_rules_parse(content, strlen(content), rules, why, sizeof why);
    sg_free(content);
    return rc == SG_EINVAL ? SG_EDB : rc;
}

static void add_key(export_ctx *ec, const char *key, bool bsn)
{
    for (int i = 0; i < ec->nkeys; i++)
        if (strcmp(ec->keys[i], key) == 0)
            return;
    if (ec->nkeys < MAX_PERSONS * 2) {
        text_copy(ec->keys[ec->nkeys], STORE_HASH_LEN, key);
        ec->key_is_bsn[ec->nkeys++] = bsn;
    }
}

static void add_person(export_ctx *ec, int64_t id)
{
    for (int i = 0; i < ec->npersons; i++)
        if (ec->persons[i] == id)
            return;
    if (ec->npersons < MAX_PERSONS)
        ec->persons[ec->npersons++] = id;
}

/* The reference index finds a youth without a BSN by the pseudonym of the
 * folded name and the date of birth: the same key, made from the person
 * record's own name and date. */
static int name_key(const export_ctx *ec, const person_row *p, char out[STORE_HASH_LEN])
{
    char *name = NULL, *birth = NULL;
    out[0] = '\0';
    int rc = vault_open_field(ec->a->keys, "persons.name", p->public_id, p->name_enc,
                              p->name_enc_len, &name);
    if (rc == SG_OK)
        rc = vault_open_field(ec->a->keys, "persons.birth_date", p->public_id, p->birth_date_enc,
                              p->birth_date_enc_len, &birth);
    refindex_identity id;
    memset(&id, 0, sizeof id);
    if (rc == SG_OK && names_parse(name, &id.name) == SG_OK
        && date_parse(birth, &id.birth) == SG_OK) {
        char text[REFINDEX_KEY_TEXT];
        refindex_name_text(&id, text);
        vault_hash(ec->a->keys, VAULT_PSEUDONYM, text, strlen(text), out);
    }
    sg_free(name);
    sg_free(birth);
    return rc;
}

/* The child's person records, their pseudonymous ids and the keys the
 * reference index knows them by.  Records of any organisation are looked
 * at: what the copy lists of them is kept to the scope by each kind's own
 * statement, and a child of whom the scope holds nothing is not found. */
static int find_child(store_tx *tx, export_ctx *ec)
{
    int rc;
    if (ec->req->person_id) {
        person_row p;
        rc = store_person_find_public(tx, ec->req->person_id, &p);
        if (rc != SG_OK)
            return rc;
        add_person(ec, p.id);
        text_copy(ec->bsn_key, sizeof ec->bsn_key, p.bsn_key);
        store_person_clear(&p);
    }
    if (ec->bsn_key[0]) {
        int64_t ids[MAX_PERSONS];
        int n = 0;
        rc = store_subject_persons_by_bsn(tx, ec->bsn_key, 0, ids, MAX_PERSONS, &n);
        for (int i = 0; rc == SG_OK && i < n; i++)
            add_person(ec, ids[i]);
        if (rc != SG_OK)
            return rc;
        add_key(ec, ec->bsn_key, true);
    }
    for (int i = 0; i < ec->npersons; i++) {
        person_row p;
        rc = store_person_get(tx, ec->persons[i], &p);
        if (rc != SG_OK)
            return rc;
        char key[STORE_HASH_LEN];
        text_copy(ec->pids[i], STORE_ID_LEN, p.public_id);
        if (p.bsn_key[0])
            add_key(ec, p.bsn_key, true);
        rc = name_key(ec, &p, key);
        if (rc == SG_OK && key[0])
            add_key(ec, key, false);
        store_person_clear(&p);
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

static int read_kind(store_tx *tx, export_ctx *ec, subject_section *s)
{
    bool log = s->by == SUBJECT_BY_PSEUDONYM;
    subject_rows rows = {.a = ec->a,
                         .rules = &ec->rules,
                         .section = s,
                         .max = log ? ec->rules.access_log_max : ec->rules.records_max};
    subject_query q = {.kind = s->kind, .org_id = ec->scope, .org_pid = ""};
    if (log && ec->scope)
        q.org_pid = ec->who->org_pid;
    int rc = SG_OK;
    int n = s->by == SUBJECT_BY_KEY ? ec->nkeys : ec->npersons;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        if (s->by == SUBJECT_BY_KEY) {
            q.key = ec->keys[i];
            q.key_is_bsn = ec->key_is_bsn[i];
        } else {
            q.person_id = ec->persons[i];
            q.key = ec->pids[i];
            q.limit = rows.max;
        }
        if (log) {
            int64_t count = 0;
            rc = store_subject_count(tx, &q, &count);
            s->total += count;
        }
        size_t before = json_array_size(s->items);
        if (rc == SG_OK)
            rc = store_subject_each(tx, &q, subject_row, &rows);
        if (rc == SUBJECT_FULL)
            rc = SG_OK; /* the section says it is truncated */
        /* Records count, accesses do not: an auditor's search for an id
         * puts that id in the trail whether or not the child is theirs. */
        if (s->by == SUBJECT_BY_PERSON && json_array_size(s->items) > before)
            ec->held[i] = true;
    }
    if (rc == SG_OK && log) {
        rc = subject_access_log_sort(s, rows.max);
        s->truncated = s->total > (int64_t)json_array_size(s->items);
    }
    return rc;
}

/* Whether the copy names person record i: the national office's names
 * every record of the child, an organisation's those it holds something
 * of. */
static bool shown(const export_ctx *ec, int i)
{
    return ec->scope == 0 || ec->held[i];
}

static int audit_copy(store_tx *tx, export_ctx *ec)
{
    int rc = SG_OK, n = 0;
    for (int i = 0; rc == SG_OK && i < ec->npersons; i++) {
        if (!shown(ec, i))
            continue;
        rc = audit_record(tx, ec->a->keys, ec->who, "subject.export", "person", ec->pids[i],
                          ec->pids[i], ec->purpose);
        n++;
    }
    /* Asked by BSN for a child with no record: that it was asked is kept. */
    if (rc == SG_OK && n == 0)
        rc =
            audit_record(tx, ec->a->keys, ec->who, "subject.export", "person", "", "", ec->purpose);
    return rc;
}

static int export_job(store_tx *tx, void *arg)
{
    export_ctx *ec = arg;
    int rc = load_rules(tx, &ec->rules);
    if (rc == SG_OK)
        rc = find_child(tx, ec);
    for (int k = 0; rc == SG_OK && subject_kinds[k]; k++) {
        if (ec->nsections >= MAX_KINDS)
            return SG_EINTERNAL;
        subject_section *s = &ec->sections[ec->nsections++];
        s->kind = subject_kinds[k];
        rc = store_subject_kind(s->kind, &s->by);
        s->items = json_array();
        s->seen = s->by == SUBJECT_BY_KEY ? json_object() : NULL;
        if (rc == SG_OK && (!s->items || (s->by == SUBJECT_BY_KEY && !s->seen)))
            rc = SG_ENOMEM;
        if (rc == SG_OK)
            rc = read_kind(tx, ec, s);
    }
    /* Asked for by id, a record the scope holds nothing of is not found, as
     * anywhere else, even when the scope holds another record of the same
     * child (a 200 would tie the two ids together); nothing is recorded.
     * Asked for by BSN, the copy, empty or not, is the answer. */
    if (rc == SG_OK && ec->req->person_id && !shown(ec, 0))
        return SG_ENOTFOUND;
    if (rc == SG_OK) {
        json_t *org = svc_org_ref(tx, ec->who->org_id);
        ec->requested_by =
            json_pack("{s:s, s:o}", "role", role_code(ec->who->role), "organisation", org);
        rc = ec->requested_by ? SG_OK : SG_ENOMEM;
    }
    if (rc == SG_OK)
        rc = audit_copy(tx, ec);
    return rc;
}

static int validate(const subject_request *req, svc_error *err)
{
    if ((req->person_id == NULL) == (req->bsn == NULL))
        return svc_invalid(err, "person_id", "give either the child's id or the child's BSN");
    if (req->bsn && !bsn_is_valid(req->bsn))
        return svc_invalid(err, "bsn", "not a valid citizen service number (eleven test)");
    const char *ref = req->reference;
    if (ref
        && (text_is_blank(ref) || text_utf8_length(ref) > REFERENCE_MAX_CHARS
            || !text_is_clean_utf8(ref, strlen(ref)) || strchr(ref, '\n')))
        return svc_invalid(err, "reference", "a reference of 1 to 100 characters on one line");
    return SG_OK;
}

static json_t *information(const subject_rules *r)
{
    json_t *texts = json_object_get(r->doc, "texts");
    return json_pack(
        "{s:O, s:O, s:O, s:O, s:O, s:O}", "title", json_object_get(texts, "title"), "intro",
        json_object_get(texts, "intro"), "officer_note", json_object_get(texts, "officer_note"),
        "rights", json_object_get(texts, "rights"), "staff_identity",
        json_object_get(r->doc, "staff_identity"), "not_held", json_object_get(r->doc, "not_held"));
}

/* The finished copy. */
static int assemble(export_ctx *ec, json_t **out)
{
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    json_t *ids = json_array(), *sections = json_array();
    int rc = ids && sections ? SG_OK : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < ec->npersons; i++)
        if (shown(ec, i) && json_array_append_new(ids, json_string(ec->pids[i])) != 0)
            rc = SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < ec->nsections; i++) {
        json_t *s = subject_section_json(&ec->sections[i], &ec->rules);
        if (!s || json_array_append_new(sections, s) != 0)
            rc = SG_ENOMEM;
    }
    json_t *copy = NULL, *own = json_object_get(ec->requested_by, "organisation");
    if (rc == SG_OK)
        copy = json_pack("{s:s, s:s?, s:O, s:{s:b, s:O}, s:{s:o}, s:i, s:o, s:O, s:o}",
                         "generated_at", now, "reference", ec->req->reference, "requested_by",
                         ec->requested_by, "scope", "all_organisations", ec->scope == 0,
                         "organisation", ec->scope == 0 ? json_null() : own, "child", "ids", ids,
                         "rules_version", ec->rules.version, "information", information(&ec->rules),
                         "labels", json_object_get(ec->rules.doc, "labels"), "sections", sections);
    else {
        json_decref(ids);
        json_decref(sections);
    }
    *out = copy;
    return copy ? SG_OK : SG_ENOMEM;
}

int subject_export(app *a, const actor *who, const subject_request *req, json_t **out,
                   svc_error *err)
{
    if (!access_may_answer_subject_access(who))
        return SG_EFORBIDDEN;
    int rc = validate(req, err);
    if (rc != SG_OK)
        return rc;
    if (req->person_id && !token_is_uuid(req->person_id))
        return SG_ENOTFOUND;
    export_ctx *ec = sg_calloc(1, sizeof *ec);
    if (!ec)
        return SG_ENOMEM;
    ec->a = a;
    ec->who = who;
    ec->req = req;
    ec->scope = access_subject_access_scope(who);
    if (req->bsn) {
        char text[REFINDEX_KEY_TEXT];
        refindex_bsn_text(req->bsn, text);
        vault_hash(a->keys, VAULT_PSEUDONYM, text, strlen(text), ec->bsn_key);
    }
    snprintf(ec->purpose, sizeof ec->purpose, "subject access (AVG art. 15)%s%s",
             req->reference ? ": " : "", req->reference ? req->reference : "");
    rc = store_write(a->db, export_job, ec);
    if (rc == SG_OK)
        rc = assemble(ec, out);
    for (int i = 0; i < ec->nsections; i++) {
        json_decref(ec->sections[i].items);
        json_decref(ec->sections[i].seen);
    }
    json_decref(ec->requested_by);
    subject_rules_free(&ec->rules);
    sg_free(ec);
    return rc;
}
