//! After the migrations, SQLite and PostgreSQL have the same schema: the same tables, the same
//! columns with corresponding types, nullability and defaults, the same primary keys, foreign
//! keys and unique constraints. The product writes each query once for both databases (`on_tx!`,
//! `on_read!`), so a column that is nullable on one side only, or an `INTEGER` that is not a
//! `BIGINT`, is a bug waiting for the other backend.

use std::collections::{BTreeMap, BTreeSet};

use asamblea_store::testing::TestDb;
use asamblea_store::{Pools, sqlx};

/// One table as both databases can describe it.
#[derive(Debug, Default, PartialEq)]
struct Table {
    /// Column name -> its description. Types are named the SQLite way: `INTEGER`, `TEXT`,
    /// `BLOB`, `REAL`; anything else keeps its own name and so never matches.
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    foreign_keys: BTreeSet<ForeignKey>,
    /// Unique constraints and unique indexes other than the primary key: (columns, partial).
    unique: BTreeSet<(Vec<String>, bool)>,
}

#[derive(Debug, PartialEq)]
struct Column {
    ty: String,
    nullable: bool,
    /// The default as written, without PostgreSQL's casts (`'open'::text` is `'open'`);
    /// `(generated)` for a key the database numbers (a SQLite `INTEGER PRIMARY KEY`, a
    /// PostgreSQL `BIGSERIAL`).
    default: Option<String>,
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.ty)?;
        if !self.nullable {
            write!(f, " NOT NULL")?;
        }
        if let Some(d) = &self.default {
            write!(f, " DEFAULT {d}")?;
        }
        Ok(())
    }
}

type Schema = BTreeMap<String, Table>;

/// (columns, referenced table, referenced columns).
type ForeignKey = (Vec<String>, String, Vec<String>);

/// Foreign keys SQLite keeps and PostgreSQL leaves to the ballot writers (migration 0113: a
/// per-row trigger there; ARCHITECTURE.md, invariant 11): (table, column).
const FOREIGN_KEYS_ON_SQLITE_ONLY: [(&str, &str); 9] = [
    ("vote_casts", "vote_id"),
    ("vote_casts", "delegate_id"),
    ("secret_ballots", "vote_id"),
    ("vote_proxies", "vote_id"),
    ("vote_proxies", "delegator_id"),
    ("vote_proxies", "holder_id"),
    ("ballots", "election_id"),
    ("election_voters", "election_id"),
    ("election_voters", "member_id"),
];

/// Whether SQLite alone is to have `fk` in `table` (see [`FOREIGN_KEYS_ON_SQLITE_ONLY`]).
fn on_sqlite_only(table: &str, fk: &ForeignKey) -> bool {
    match fk.0.as_slice() {
        [column] => FOREIGN_KEYS_ON_SQLITE_ONLY.contains(&(table, column.as_str())),
        _ => false,
    }
}

/// A key the database numbers by itself.
const GENERATED: &str = "(generated)";

/// Keys that are a SQLite rowid (numbered when an insert leaves them out) but that every insert
/// gives, so PostgreSQL has no sequence for them: (table, column).
const KEYS_GIVEN: [(&str, &str); 4] = [
    ("record", "position"),
    ("checkpoints", "position"),
    ("record_tree", "idx"),
    ("seat_plans", "assembly_id"),
];

/// The PostgreSQL type a SQLite column type corresponds to. `INTEGER` is `BIGINT` only: every
/// query reads integers as `i64`, and sqlx refuses to decode a PostgreSQL `integer` (int4) into
/// one.
fn sqlite_name_of_pg_type(pg: &str) -> String {
    match pg {
        "bigint" => "INTEGER",
        "text" => "TEXT",
        "bytea" => "BLOB",
        "double precision" => "REAL",
        other => return format!("{other} (PostgreSQL)"),
    }
    .to_string()
}

/// `'open'::text` -> `'open'`: PostgreSQL writes defaults back with casts.
fn without_casts(default: &str) -> String {
    match default.rfind("::") {
        Some(at)
            if default[at + 2..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == ' ') =>
        {
            without_casts(&default[..at])
        }
        _ => default.to_string(),
    }
}

async fn sqlite_schema(pool: &sqlx::SqlitePool) -> Schema {
    let tables: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT name, strict, wr FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table'
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
    )
    .fetch_all(pool)
    .await
    .expect("SQLite tables");
    let mut schema = Schema::new();
    for (name, strict, without_rowid) in tables {
        assert_eq!(strict, 1, "SQLite table {name} is not STRICT");
        let mut table = Table::default();
        let columns: Vec<(String, String, i64, Option<String>, i64)> = sqlx::query_as(
            r#"SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info($1)"#,
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("SQLite columns");
        let mut pk = Vec::new();
        for (column, ty, not_null, default, pk_seq) in columns {
            if pk_seq > 0 {
                pk.push((pk_seq, column.clone()));
            }
            table.columns.insert(
                column,
                Column {
                    ty: ty.to_ascii_uppercase(),
                    // Primary-key columns of a STRICT table are NOT NULL, declared so or not.
                    nullable: not_null == 0 && pk_seq == 0,
                    default,
                },
            );
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        // A lone INTEGER PRIMARY KEY of a rowid table is the rowid: numbered by SQLite.
        if let [key] = table.primary_key.as_slice()
            && without_rowid == 0
            && !KEYS_GIVEN.contains(&(name.as_str(), key.as_str()))
            && let Some(column) = table.columns.get_mut(key)
            && column.ty == "INTEGER"
        {
            column.default = Some(GENERATED.into());
        }

        let fks: Vec<(i64, i64, String, String, Option<String>)> = sqlx::query_as(
            r#"SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list($1)
               ORDER BY id, seq"#,
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("SQLite foreign keys");
        // Referenced columns are NULL when the key names the other table's primary key.
        type Partial = (Vec<String>, String, Vec<Option<String>>);
        let mut by_id: BTreeMap<i64, Partial> = BTreeMap::new();
        for (id, _, target, from, to) in fks {
            let fk = by_id
                .entry(id)
                .or_insert_with(|| (Vec::new(), target, Vec::new()));
            fk.0.push(from);
            fk.2.push(to);
        }
        for (from, target, to) in by_id.into_values() {
            // `REFERENCES t` without columns names t's primary key.
            let to = if to.iter().all(Option::is_none) {
                sqlite_primary_key(pool, &target).await
            } else {
                to.into_iter()
                    .map(|c| c.expect("referenced column"))
                    .collect()
            };
            table.foreign_keys.insert((from, target, to));
        }

        let indexes: Vec<(String, i64)> = sqlx::query_as(
            r#"SELECT name, partial FROM pragma_index_list($1)
               WHERE "unique" = 1 AND origin != 'pk'"#,
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("SQLite indexes");
        for (index, partial) in indexes {
            let columns: Vec<(Option<String>,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .expect("SQLite index columns");
            let columns = columns
                .into_iter()
                .map(|(c,)| c.unwrap_or_else(|| "(expression)".into()))
                .collect();
            table.unique.insert((columns, partial == 1));
        }
        schema.insert(name, table);
    }
    schema
}

async fn sqlite_primary_key(pool: &sqlx::SqlitePool, table: &str) -> Vec<String> {
    let pk: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
            .bind(table)
            .fetch_all(pool)
            .await
            .expect("SQLite primary key");
    pk.into_iter().map(|(c,)| c).collect()
}

async fn postgres_schema(pool: &sqlx::PgPool) -> Schema {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
           AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL tables");
    let mut schema = Schema::new();
    for (name,) in tables {
        let mut table = Table::default();
        let columns: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable::text, column_default::text
             FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("PostgreSQL columns");
        for (column, ty, nullable, default) in columns {
            let default = default.map(|d| {
                if d.starts_with("nextval(") {
                    GENERATED.to_string()
                } else {
                    without_casts(&d)
                }
            });
            table.columns.insert(
                column,
                Column {
                    ty: sqlite_name_of_pg_type(&ty),
                    nullable: nullable == "YES",
                    default,
                },
            );
        }

        // Indexes: the primary key and the unique ones, each with its columns in key order.
        let indexes: Vec<(bool, bool, Vec<String>)> = sqlx::query_as(
            "SELECT i.indisprimary, i.indpred IS NOT NULL,
                    array_agg(coalesce(a.attname::text, '(expression)') ORDER BY k.ord)
             FROM pg_index i
             CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = $1::regclass AND i.indisunique
             GROUP BY i.indexrelid, i.indisprimary, i.indpred IS NOT NULL",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("PostgreSQL indexes");
        for (primary, partial, columns) in indexes {
            if primary {
                table.primary_key = columns;
            } else {
                table.unique.insert((columns, partial));
            }
        }

        let fks: Vec<ForeignKey> = sqlx::query_as(
            "SELECT array_agg(a.attname::text ORDER BY k.ord),
                    c.confrelid::regclass::text,
                    array_agg(fa.attname::text ORDER BY k.ord)
             FROM pg_constraint c
             CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, fcol, ord)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
             JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol
             WHERE c.contype = 'f' AND c.conrelid = $1::regclass
             GROUP BY c.oid, c.confrelid",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .expect("PostgreSQL foreign keys");
        table.foreign_keys = fks.into_iter().collect();
        schema.insert(name, table);
    }
    schema
}

/// Every difference between the two schemas, one line each.
fn differences(sqlite: &Schema, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sqlite.keys().chain(pg.keys()).collect();
    for name in names {
        let (s, p) = match (sqlite.get(name), pg.get(name)) {
            (Some(s), Some(p)) => (s, p),
            (Some(_), None) => {
                out.push(format!("{name}: only on SQLite"));
                continue;
            }
            (None, _) => {
                out.push(format!("{name}: only on PostgreSQL"));
                continue;
            }
        };
        let columns: BTreeSet<&String> = s.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            match (s.columns.get(column), p.columns.get(column)) {
                (Some(a), Some(b)) if a == b => {}
                (a, b) => out.push(format!(
                    "{name}.{column}: SQLite {} / PostgreSQL {}",
                    describe(a),
                    describe(b)
                )),
            }
        }
        if s.primary_key != p.primary_key {
            out.push(format!(
                "{name}: primary key SQLite {:?} / PostgreSQL {:?}",
                s.primary_key, p.primary_key
            ));
        }
        for fk in s.foreign_keys.symmetric_difference(&p.foreign_keys) {
            if s.foreign_keys.contains(fk) && on_sqlite_only(name, fk) {
                continue;
            }
            let side = if s.foreign_keys.contains(fk) {
                "SQLite"
            } else {
                "PostgreSQL"
            };
            out.push(format!(
                "{name}: foreign key {:?} -> {}{:?} only on {side}",
                fk.0, fk.1, fk.2
            ));
        }
        for u in s.unique.symmetric_difference(&p.unique) {
            let side = if s.unique.contains(u) {
                "SQLite"
            } else {
                "PostgreSQL"
            };
            let partial = if u.1 { " (partial)" } else { "" };
            out.push(format!("{name}: unique {:?}{partial} only on {side}", u.0));
        }
    }
    out
}

fn describe(column: Option<&Column>) -> String {
    column.map_or_else(|| "(missing)".into(), Column::to_string)
}

#[tokio::test]
async fn postgres_schema_matches_sqlite() {
    let sqlite = TestDb::sqlite().await;
    let pg = TestDb::postgres().await;
    let Pools::Sqlite(sqlite_pool) = sqlite.store.pools() else {
        panic!("a SQLite store");
    };
    let Pools::Postgres(pg_pool) = pg.store.pools() else {
        panic!("a PostgreSQL store");
    };
    let (s, p) = (
        sqlite_schema(sqlite_pool).await,
        postgres_schema(pg_pool).await,
    );
    assert!(s.len() > 20, "SQLite tables found: {:?}", s.keys());
    assert!(s.contains_key("record") && s["record"].columns.contains_key("hash"));
    // The foreign keys left to the ballot writers on PostgreSQL are there on SQLite only.
    for (table, column) in FOREIGN_KEYS_ON_SQLITE_ONLY {
        let has = |schema: &Schema| {
            schema[table]
                .foreign_keys
                .iter()
                .any(|fk| fk.0 == [column.to_string()])
        };
        assert!(has(&s), "SQLite keeps {table}.{column}'s foreign key");
        assert!(!has(&p), "PostgreSQL has {table}.{column}'s foreign key");
    }
    let found = differences(&s, &p);
    assert!(
        found.is_empty(),
        "the schemas differ:\n{}",
        found.join("\n")
    );
    sqlite.cleanup().await;
    pg.cleanup().await;
}
