/*
 * migrations.h - the schema migrations compiled into the binary.
 *
 * The table is generated at build time from src/store/migrations/NNN_*.sql,
 * in file-name order.  Each file is written once in a portable SQL with the
 * placeholders {{pk}}, {{int}}, {{blob}} and {{strict}}, which each driver
 * expands to its own dialect; a migration is never edited after it lands.
 */
#ifndef SG_STORE_MIGRATIONS_H
#define SG_STORE_MIGRATIONS_H

struct store_migration {
    const char *name; /* file name, "001_foundation.sql"; its number is the version */
    const char *sql;
};

extern const struct store_migration store_migrations[];
extern const int store_migration_count;

#endif
