/*
 * migrations.h - SQL migrations compiled into the binary (generated from
 * src/store/migrations/<backend>/NNNN_name.sql by scripts/embed_sql.py).
 * A backend applies, in one transaction each, every migration whose version
 * is above the schema version it finds.
 */
#ifndef SL_STORE_MIGRATIONS_H
#define SL_STORE_MIGRATIONS_H

typedef struct sl_migration {
    int version;      /* 0 ends the table */
    const char *name; /* file name, for messages */
    const char *sql;
} sl_migration;

extern const sl_migration sl_sqlite_migrations[];
/* the look log beside a SQLite register (its own file, its own versions) */
extern const sl_migration sl_sqlite_inzage_migrations[];

#endif
