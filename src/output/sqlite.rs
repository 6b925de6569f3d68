//! The SQLite sink: `gleaner.sqlite` with tables documents, mentions, entities, claims and
//! errors; primary keys (doc_id, id) and indexes on doc_id, type and normalized value.
//!
//! The database is written aside with journaling and syncing off (the rename at the end is what
//! makes it safe), in one transaction per thousand documents, then indexed and renamed.

use super::{flat_fields, join_list, Outcome, Sink};
use rusqlite::{params, Connection};
use std::io;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

const SCHEMA: &str = "
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, date TEXT, date_source TEXT NOT NULL, title TEXT, sentences INTEGER NOT NULL);
CREATE TABLE mentions (doc_id TEXT NOT NULL, id TEXT NOT NULL, entity_id TEXT, type TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, sentence INTEGER NOT NULL, source TEXT NOT NULL, confidence REAL NOT NULL,
  canonical TEXT, country TEXT, place_type TEXT, name TEXT, person TEXT, role TEXT, affiliation TEXT, value TEXT, value_max TEXT, timex_type TEXT, mod TEXT, qualifier TEXT, unit TEXT,
  PRIMARY KEY (doc_id, id));
CREATE TABLE entities (doc_id TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL, roles TEXT NOT NULL, affiliations TEXT NOT NULL, PRIMARY KEY (doc_id, id));
CREATE TABLE claims (doc_id TEXT NOT NULL, id TEXT NOT NULL, text TEXT NOT NULL, subject TEXT, predicate TEXT, value REAL NOT NULL, value_max REAL,
  qualifier TEXT NOT NULL, unit TEXT, date TEXT, date_text TEXT, date_scope TEXT, places TEXT NOT NULL, attribution TEXT, hedged TEXT NOT NULL, hedge TEXT,
  check_worthiness REAL NOT NULL, subject_entities TEXT NOT NULL, quantity TEXT NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL,
  PRIMARY KEY (doc_id, id));
CREATE TABLE errors (path TEXT NOT NULL, error TEXT NOT NULL);
";

const INDEXES: &str = "
CREATE INDEX mentions_type ON mentions (type);
CREATE INDEX mentions_canonical ON mentions (canonical);
CREATE INDEX mentions_name ON mentions (name);
CREATE INDEX mentions_value ON mentions (type, value);
CREATE INDEX entities_type_name ON entities (type, name);
CREATE INDEX claims_unit ON claims (unit);
CREATE INDEX claims_date ON claims (date);
";

/// Documents per transaction.
const BATCH: usize = 1000;

/// Writes `gleaner.sqlite`.
pub struct SqliteSink {
    conn: Connection,
    tmp: NamedTempFile,
    path: PathBuf,
    pending: usize,
}

fn db_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("SQLite: {e}"))
}

impl SqliteSink {
    /// Create the database aside in `dir`.
    pub fn new(dir: &Path) -> io::Result<SqliteSink> {
        let tmp = super::aside(dir, "gleaner.sqlite")?;
        let conn = Connection::open(tmp.path()).map_err(db_err)?;
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;").map_err(db_err)?;
        conn.execute_batch(SCHEMA).map_err(db_err)?;
        conn.execute_batch("BEGIN").map_err(db_err)?;
        Ok(SqliteSink { conn, tmp, path: dir.join("gleaner.sqlite"), pending: 0 })
    }

    fn insert(&mut self, outcome: &Outcome) -> rusqlite::Result<()> {
        let d = match outcome {
            Ok(d) => d,
            Err(e) => {
                self.conn.prepare_cached("INSERT INTO errors VALUES (?1, ?2)")?.execute(params![e.path, e.error])?;
                return Ok(());
            }
        };
        let r = &d.document;
        self.conn.prepare_cached("INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?.execute(params![
            r.doc_id,
            r.path,
            r.bytes as i64,
            r.sha256,
            r.date,
            r.date_source,
            r.title,
            r.sentences as i64
        ])?;
        {
            let mut st = self.conn.prepare_cached("INSERT INTO mentions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)")?;
            for m in &d.mentions {
                let f = flat_fields(&m.fields);
                st.execute(params![
                    m.doc_id,
                    m.id,
                    m.entity_id,
                    m.mention_type,
                    m.text,
                    m.start as i64,
                    m.end as i64,
                    m.sentence as i64,
                    m.source,
                    m.confidence.0,
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    f[4],
                    f[5],
                    f[6],
                    f[7],
                    f[8],
                    f[9],
                    f[10],
                    f[11],
                    f[12]
                ])?;
            }
        }
        {
            let mut st = self.conn.prepare_cached("INSERT INTO entities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
            for e in &d.entities {
                st.execute(params![
                    e.doc_id,
                    e.id,
                    e.entity_type,
                    e.name,
                    e.mentions as i64,
                    join_list(&e.roles),
                    join_list(&e.affiliations)
                ])?;
            }
        }
        let mut st = self.conn.prepare_cached(
            "INSERT INTO claims VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
        )?;
        for c in &d.claims {
            st.execute(params![
                c.doc_id,
                c.id,
                c.text,
                c.subject,
                c.predicate,
                c.value.0,
                c.value_max.map(|v| v.0),
                c.qualifier,
                c.unit,
                c.date,
                c.date_text,
                c.date_scope,
                join_list(&c.places),
                c.attribution,
                c.hedged.to_string(),
                c.hedge,
                c.check_worthiness.0,
                join_list(&c.subject_entities),
                c.quantity,
                c.sentence as i64,
                c.start as i64,
                c.end as i64
            ])?;
        }
        Ok(())
    }
}

impl Sink for SqliteSink {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        self.insert(outcome).map_err(db_err)?;
        self.pending += 1;
        if self.pending >= BATCH {
            self.conn.execute_batch("COMMIT; BEGIN").map_err(db_err)?;
            self.pending = 0;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        let s = *self;
        s.conn.execute_batch("COMMIT").map_err(db_err)?;
        s.conn.execute_batch(INDEXES).map_err(db_err)?;
        s.conn.close().map_err(|(_, e)| db_err(e))?;
        super::persist(s.tmp, &s.path)
    }
}
