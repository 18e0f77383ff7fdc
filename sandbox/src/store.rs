//! The sandbox's SQLite storage.
//!
//! One writer connection (every change is a short IMMEDIATE transaction) and a few reader
//! connections, in WAL mode so readers never wait for the writer. Uniqueness (SPEC section 1)
//! is enforced by SQLite itself with two partial unique indexes, so concurrent identical
//! creates cannot both succeed whatever the timing:
//! - `ORGANIZATION`: unique `document_number`;
//! - `USER`: unique `(document_number, email, phone)`.
//!
//! The columns are filled from `identity_kit::identity::UniquenessKey::of`, and a clash the
//! index reports is confirmed and explained with `UniquenessKey::clashes_with`.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use identity_kit::identity::{IdentityType, UniquenessKey};
use identity_kit::Locale;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use serde_json::{json, Map, Value};

use crate::error::{field_error, tr, ApiError};
use crate::ids;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS identities (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL,
    document_number TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL,
    country         TEXT,
    status          TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS identities_unique_organization
    ON identities (document_number) WHERE type = 'ORGANIZATION';
CREATE UNIQUE INDEX IF NOT EXISTS identities_unique_user
    ON identities (document_number, email, phone) WHERE type = 'USER';
CREATE INDEX IF NOT EXISTS identities_by_document ON identities (document_number);
CREATE INDEX IF NOT EXISTS identities_by_email ON identities (email);
CREATE INDEX IF NOT EXISTS identities_by_phone ON identities (phone);
CREATE TABLE IF NOT EXISTS links (
    parent_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    child_id  TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX IF NOT EXISTS links_by_child ON links (child_id);
PRAGMA user_version = 1;
"#;

const READERS: usize = 4;
const COLUMNS: &str = "seq, id, type, status, body, created_at, updated_at";

/// A validated identity ready to store.
#[derive(Debug)]
pub struct Prepared {
    /// The normalised payload without `children` (they live in `links`).
    pub value: Value,
    pub key: UniquenessKey,
    pub country: Option<String>,
    /// The children's ids in order; `None` keeps the current links (PATCH without children).
    pub children: Option<Vec<String>>,
}

impl Prepared {
    /// Splits a normalised payload into what is stored where; `None` when the uniqueness key
    /// cannot be read (no type or document number).
    pub fn from_value(mut value: Value) -> Option<Prepared> {
        let key = UniquenessKey::of(&(&value).into())?;
        let country = value
            .get("country")
            .and_then(Value::as_str)
            .map(str::to_string);
        let children = value
            .as_object_mut()
            .and_then(|o| o.remove("children"))
            .map(|c| {
                let mut ids: Vec<String> = Vec::new();
                for id in c
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.get("id").and_then(Value::as_str))
                {
                    if !ids.iter().any(|x| x == id) {
                        ids.push(id.to_string());
                    }
                }
                ids
            });
        Some(Prepared {
            value,
            key,
            country,
            children,
        })
    }
}

/// Where a page of the list starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    After(i64),
    Before(i64),
}

/// A list request: `(column, accepted values)` filters, a cursor and a page size.
#[derive(Debug, Default)]
pub struct ListQuery {
    pub filters: Vec<(&'static str, Vec<String>)>,
    pub cursor: Option<Cursor>,
    pub limit: usize,
}

/// One page of the list.
#[derive(Debug)]
pub struct Page {
    pub data: Vec<Value>,
    /// Items shown up to and including this page.
    pub count: i64,
    pub total: i64,
    pub next: Option<Cursor>,
    pub previous: Option<Cursor>,
}

pub struct Store {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A poisoned lock only means another request panicked mid-statement; SQLite rolled the
    // transaction back, so the connection is still usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A storage failure as the API answers it: no SQLite text (that goes to the log, with the
/// trace id); a busy or locked database is a 503 worth retrying.
fn db_error(e: rusqlite::Error) -> ApiError {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    );
    let err = if busy {
        ApiError::internal("The storage is busy: retry in a moment.")
            .with_status(axum::http::StatusCode::SERVICE_UNAVAILABLE)
            .with_header(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            )
    } else {
        ApiError::internal("The storage failed. The trace id identifies this failure in the server's log.")
    };
    err.with_log(format!("storage error: {e}"))
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

struct Row {
    seq: i64,
    id: String,
    status: String,
    body: String,
    created_at: String,
    updated_at: String,
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        seq: r.get(0)?,
        id: r.get(1)?,
        status: r.get(3)?,
        body: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

fn find_row(conn: &Connection, id: &str) -> Result<Option<Row>, ApiError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM identities WHERE id = ?1"))
        .and_then(|mut s| s.query_row([id], read_row).optional())
        .map_err(db_error)
}

/// The identity as the API answers it: the stored payload, the read-only fields, and the
/// children as `{id, name, email}` read from the children themselves.
fn render(conn: &Connection, row: &Row) -> Result<Value, ApiError> {
    let mut obj = match serde_json::from_str::<Value>(&row.body) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    obj.insert("id".into(), Value::String(row.id.clone()));
    obj.insert("status".into(), Value::String(row.status.clone()));
    obj.insert("createdAt".into(), Value::String(row.created_at.clone()));
    obj.insert("updatedAt".into(), Value::String(row.updated_at.clone()));
    let mut stmt = conn
        .prepare_cached(
            "SELECT i.id, json_extract(i.body, '$.name'), json_extract(i.body, '$.email')
             FROM links l JOIN identities i ON i.id = l.child_id
             WHERE l.parent_id = ?1 ORDER BY l.position, i.seq",
        )
        .map_err(db_error)?;
    let children = stmt
        .query_map([&row.id], |r| {
            let id: String = r.get(0)?;
            let name: Option<String> = r.get(1)?;
            let email: Option<String> = r.get(2)?;
            Ok(json!({"id": id, "name": name, "email": email}))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<Value>>>())
        .map_err(db_error)?;
    obj.insert("children".into(), Value::Array(children));
    Ok(Value::Object(obj))
}

fn exists(conn: &Connection, id: &str) -> Result<bool, ApiError> {
    conn.prepare_cached("SELECT 1 FROM identities WHERE id = ?1")
        .and_then(|mut s| s.exists([id]))
        .map_err(db_error)
}

/// Whether `ancestor` is `id` itself or among its descendants' parents, i.e. whether
/// linking `id` under `ancestor` would close a cycle.
fn is_descendant(conn: &Connection, ancestor: &str, id: &str) -> Result<bool, ApiError> {
    conn.prepare_cached(
        "WITH RECURSIVE below(id) AS (
             SELECT child_id FROM links WHERE parent_id = ?1
             UNION SELECT l.child_id FROM links l JOIN below b ON l.parent_id = b.id
         ) SELECT 1 FROM below WHERE id = ?2 LIMIT 1",
    )
    .and_then(|mut s| s.exists(params![id, ancestor]))
    .map_err(db_error)
}

/// Checks children to link under `parent`: none is the parent itself (400), each exists and
/// linking it closes no cycle (422). Paths are `children[i]` in the request's list.
fn check_children(
    conn: &Connection,
    parent: Option<&str>,
    children: &[(usize, String)],
    path: &str,
    locale: Locale,
) -> Result<(), ApiError> {
    let mut self_errors = Vec::new();
    let mut missing = Vec::new();
    let mut cycles = Vec::new();
    for (i, child) in children {
        let p = format!("{path}[{i}]");
        if Some(child.as_str()) == parent {
            self_errors.push(field_error(p, "identity.self_child", locale));
        } else if !exists(conn, child)? {
            missing.push(field_error(p, "identity.child_not_found", locale));
        } else if let Some(parent) = parent {
            if is_descendant(conn, parent, child)? {
                cycles.push(field_error(p, "identity.child_cycle", locale));
            }
        }
    }
    if !self_errors.is_empty() {
        return Err(ApiError::bad_request(tr(
            locale,
            "An identity cannot be its own child.",
            "Una identidad no puede ser su propia hija.",
            "Uma identidade não pode ser filha de si mesma.",
        ))
        .with_errors(self_errors));
    }
    if !missing.is_empty() {
        return Err(ApiError::new(
            "failedPrecondition",
            tr(
                locale,
                "Some children do not exist.",
                "Algunos hijos no existen.",
                "Alguns filhos não existem.",
            ),
        )
        .with_errors(missing));
    }
    if !cycles.is_empty() {
        return Err(ApiError::new(
            "failedPrecondition",
            tr(
                locale,
                "Linking these children would make a cycle.",
                "Enlazar estos hijos formaría un ciclo.",
                "Vincular estes filhos formaria um ciclo.",
            ),
        )
        .with_errors(cycles));
    }
    Ok(())
}

fn replace_links(conn: &Connection, parent: &str, children: &[String]) -> Result<(), ApiError> {
    conn.execute("DELETE FROM links WHERE parent_id = ?1", [parent])
        .map_err(db_error)?;
    let mut stmt = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO links (parent_id, child_id, position) VALUES (?1, ?2, ?3)",
        )
        .map_err(db_error)?;
    for (i, child) in children.iter().enumerate() {
        stmt.execute(params![parent, child, i as i64])
            .map_err(db_error)?;
    }
    Ok(())
}

fn unique_violation(e: &rusqlite::Error) -> Option<&str> {
    match e {
        rusqlite::Error::SqliteFailure(f, msg)
            if f.code == ErrorCode::ConstraintViolation
                && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            Some(msg.as_deref().unwrap_or(""))
        }
        _ => None,
    }
}

/// The 409 for `key`, naming the identity it clashes with (found with `clashes_with`).
fn duplicate(
    conn: &Connection,
    key: &UniquenessKey,
    except: Option<&str>,
    locale: Locale,
) -> ApiError {
    let mut clash: Option<String> = None;
    if let Ok(mut stmt) = conn
        .prepare_cached("SELECT id, body FROM identities WHERE type = ?1 AND document_number = ?2")
    {
        if let Ok(rows) = stmt.query_map(
            params![key.identity_type.as_str(), key.document_number],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        ) {
            for (id, body) in rows.flatten() {
                if Some(id.as_str()) == except {
                    continue;
                }
                let other = serde_json::from_str::<Value>(&body)
                    .ok()
                    .and_then(|b| UniquenessKey::of(&b.into()));
                if other.is_some_and(|o| key.clashes_with(&o)) {
                    clash = Some(id);
                    break;
                }
            }
        }
    }
    let code = match key.identity_type {
        IdentityType::Organization => "identity.duplicate_organization",
        IdentityType::User => "identity.duplicate_user",
    };
    let detail = match (&clash, key.identity_type) {
        (Some(id), IdentityType::Organization) => tr(
            locale,
            &format!("An organization with this document number already exists: {id}."),
            &format!("Ya existe una organización con este número de documento: {id}."),
            &format!("Já existe uma organização com este número de documento: {id}."),
        ),
        (Some(id), IdentityType::User) => tr(
            locale,
            &format!("A user with this document number, email and phone already exists: {id}."),
            &format!("Ya existe un usuario con este número de documento, correo y teléfono: {id}."),
            &format!("Já existe um usuário com este número de documento, e-mail e telefone: {id}."),
        ),
        (None, _) => tr(
            locale,
            "This identity already exists.",
            "Esta identidad ya existe.",
            "Esta identidade já existe.",
        ),
    };
    ApiError::new("alreadyExist", detail).with_errors(vec![field_error(
        "documentNumber",
        code,
        locale,
    )])
}

fn not_found(id: &str, locale: Locale) -> ApiError {
    ApiError::not_found(tr(
        locale,
        &format!("No identity has the id {id}."),
        &format!("Ninguna identidad tiene el id {id}."),
        &format!("Nenhuma identidade tem o id {id}."),
    ))
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, String> {
        let open = || -> rusqlite::Result<Connection> {
            let c = Connection::open(path)?;
            configure(&c)?;
            Ok(c)
        };
        let writer = open().map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| writer.execute_batch(SCHEMA))
            .map_err(|e| format!("cannot prepare {}: {e}", path.display()))?;
        let readers = (0..READERS)
            .map(|_| open().map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        Ok(Store {
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    /// The writer connection, for other modules' tables (humanos.rs): one writer for the
    /// whole file, so their transactions serialise with these.
    pub(crate) fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        f(&mut lock(&self.writer))
    }

    /// A reader connection, for other modules' tables.
    pub(crate) fn with_reader<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        f(&self.reader())
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        let n = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len().max(1);
        match self.readers.get(n) {
            Some(m) => lock(m),
            None => lock(&self.writer),
        }
    }

    pub fn get(&self, id: &str, locale: Locale) -> Result<Value, ApiError> {
        let conn = self.reader();
        let row = find_row(&conn, id)?.ok_or_else(|| not_found(id, locale))?;
        render(&conn, &row)
    }

    /// Stores a new identity (status `ACTIVE`) and links its children.
    pub fn create(&self, p: Prepared, locale: Locale) -> Result<Value, ApiError> {
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let body =
            serde_json::to_string(&p.value).map_err(|e| ApiError::internal("The identity could not be written.").with_log(e.to_string()))?;
        let now = ids::now_rfc3339();
        let mut attempts = 0;
        let id = loop {
            let id = ids::identity_id();
            let inserted = tx.execute(
                "INSERT INTO identities (id, type, document_number, email, phone, country, status, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'ACTIVE', ?7, ?8, ?8)",
                params![id, p.key.identity_type.as_str(), p.key.document_number, p.key.email, p.key.phone, p.country, body, now],
            );
            match inserted {
                Ok(_) => break id,
                Err(e) => match unique_violation(&e) {
                    // A (vanishingly unlikely) id collision: draw another id.
                    Some(msg) if msg.contains("identities.id") && attempts < 3 => attempts += 1,
                    Some(_) => return Err(duplicate(&tx, &p.key, None, locale)),
                    None => return Err(db_error(e)),
                },
            }
        };
        if let Some(children) = &p.children {
            let indexed: Vec<(usize, String)> = children.iter().cloned().enumerate().collect();
            check_children(&tx, Some(&id), &indexed, "children", locale)?;
            replace_links(&tx, &id, children)?;
        }
        let row =
            find_row(&tx, &id)?.ok_or_else(|| ApiError::internal("the new identity vanished"))?;
        let view = render(&tx, &row)?;
        tx.commit().map_err(db_error)?;
        Ok(view)
    }

    /// Replaces identity `id` with what `f` makes of its current view, in one transaction.
    pub fn patch(
        &self,
        id: &str,
        locale: Locale,
        f: impl FnOnce(Value) -> Result<Prepared, ApiError>,
    ) -> Result<Value, ApiError> {
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let row = find_row(&tx, id)?.ok_or_else(|| not_found(id, locale))?;
        let current = render(&tx, &row)?;
        let p = f(current)?;
        let body =
            serde_json::to_string(&p.value).map_err(|e| ApiError::internal("The identity could not be written.").with_log(e.to_string()))?;
        let updated = tx.execute(
            "UPDATE identities SET type = ?2, document_number = ?3, email = ?4, phone = ?5, country = ?6, body = ?7, updated_at = ?8 WHERE id = ?1",
            params![id, p.key.identity_type.as_str(), p.key.document_number, p.key.email, p.key.phone, p.country, body, ids::now_rfc3339()],
        );
        if let Err(e) = updated {
            return Err(match unique_violation(&e) {
                Some(_) => duplicate(&tx, &p.key, Some(id), locale),
                None => db_error(e),
            });
        }
        if let Some(children) = &p.children {
            let indexed: Vec<(usize, String)> = children.iter().cloned().enumerate().collect();
            check_children(&tx, Some(id), &indexed, "children", locale)?;
            replace_links(&tx, id, children)?;
        }
        let row = find_row(&tx, id)?.ok_or_else(|| not_found(id, locale))?;
        let view = render(&tx, &row)?;
        tx.commit().map_err(db_error)?;
        Ok(view)
    }

    /// Deletes identity `id` and every link to or from it.
    pub fn delete(&self, id: &str, locale: Locale) -> Result<(), ApiError> {
        let conn = lock(&self.writer);
        let n = conn
            .execute("DELETE FROM identities WHERE id = ?1", [id])
            .map_err(db_error)?;
        if n == 0 {
            return Err(not_found(id, locale));
        }
        Ok(())
    }

    /// Links `children` (ids, in request order) under `id`, after those it already has.
    pub fn add_children(
        &self,
        id: &str,
        children: &[String],
        locale: Locale,
    ) -> Result<Value, ApiError> {
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let row = find_row(&tx, id)?.ok_or_else(|| not_found(id, locale))?;
        let indexed: Vec<(usize, String)> = children.iter().cloned().enumerate().collect();
        check_children(&tx, Some(id), &indexed, "children", locale)?;
        let start: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM links WHERE parent_id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(db_error)?;
        {
            let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO links (parent_id, child_id, position) VALUES (?1, ?2, ?3)").map_err(db_error)?;
            for (i, child) in children.iter().enumerate() {
                stmt.execute(params![id, child, start + i as i64])
                    .map_err(db_error)?;
            }
        }
        if !children.is_empty() {
            tx.execute(
                "UPDATE identities SET updated_at = ?2 WHERE id = ?1",
                params![id, ids::now_rfc3339()],
            )
            .map_err(db_error)?;
        }
        let row = find_row(&tx, id)?.unwrap_or(row);
        let view = render(&tx, &row)?;
        tx.commit().map_err(db_error)?;
        Ok(view)
    }

    /// Unlinks `children` from `id`; ids that are not its children are ignored.
    pub fn remove_children(
        &self,
        id: &str,
        children: &[String],
        locale: Locale,
    ) -> Result<Value, ApiError> {
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let row = find_row(&tx, id)?.ok_or_else(|| not_found(id, locale))?;
        let mut removed = 0;
        {
            let mut stmt = tx
                .prepare_cached("DELETE FROM links WHERE parent_id = ?1 AND child_id = ?2")
                .map_err(db_error)?;
            for child in children {
                removed += stmt.execute(params![id, child]).map_err(db_error)?;
            }
        }
        if removed > 0 {
            tx.execute(
                "UPDATE identities SET updated_at = ?2 WHERE id = ?1",
                params![id, ids::now_rfc3339()],
            )
            .map_err(db_error)?;
        }
        let row = find_row(&tx, id)?.unwrap_or(row);
        let view = render(&tx, &row)?;
        tx.commit().map_err(db_error)?;
        Ok(view)
    }

    /// One page of identities matching the filters, oldest first.
    pub fn list(&self, q: &ListQuery) -> Result<Page, ApiError> {
        let conn = self.reader();
        let mut where_sql = String::from("1 = 1");
        let mut args: Vec<SqlValue> = Vec::new();
        for (column, values) in &q.filters {
            if values.is_empty() {
                where_sql.push_str(" AND 0");
                continue;
            }
            let marks = vec!["?"; values.len()].join(", ");
            where_sql.push_str(&format!(" AND {column} IN ({marks})"));
            args.extend(values.iter().cloned().map(SqlValue::Text));
        }
        let count_where = |extra: &str, bound: Option<i64>| -> Result<i64, ApiError> {
            let mut a = args.clone();
            if let Some(b) = bound {
                a.push(SqlValue::Integer(b));
            }
            conn.prepare_cached(&format!(
                "SELECT COUNT(*) FROM identities WHERE {where_sql}{extra}"
            ))
            .and_then(|mut s| s.query_row(rusqlite::params_from_iter(a), |r| r.get(0)))
            .map_err(db_error)
        };
        let limit = q.limit.max(1) as i64;
        let (extra, order, bound) = match q.cursor {
            None => ("", "ASC", None),
            Some(Cursor::After(s)) => (" AND seq > ?", "ASC", Some(s)),
            Some(Cursor::Before(s)) => (" AND seq < ?", "DESC", Some(s)),
        };
        let mut page_args = args.clone();
        if let Some(b) = bound {
            page_args.push(SqlValue::Integer(b));
        }
        page_args.push(SqlValue::Integer(limit + 1));
        let mut rows: Vec<Row> = conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM identities WHERE {where_sql}{extra} ORDER BY seq {order} LIMIT ?"))
            .and_then(|mut s| s.query_map(rusqlite::params_from_iter(page_args), read_row)?.collect())
            .map_err(db_error)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        if order == "DESC" {
            rows.reverse();
        }
        let total = count_where("", None)?;
        let (first, last) = (rows.first().map(|r| r.seq), rows.last().map(|r| r.seq));
        let (next, previous) = match (q.cursor, first, last) {
            (_, None, _) | (_, _, None) => (None, None),
            (Some(Cursor::Before(_)), Some(f), Some(l)) => {
                let after = count_where(" AND seq > ?", Some(l))? > 0;
                (
                    after.then_some(Cursor::After(l)),
                    more.then_some(Cursor::Before(f)),
                )
            }
            (_, Some(f), Some(l)) => {
                let before = q.cursor.is_some() && count_where(" AND seq < ?", Some(f))? > 0;
                (
                    more.then_some(Cursor::After(l)),
                    before.then_some(Cursor::Before(f)),
                )
            }
        };
        let count = match last {
            Some(l) => count_where(" AND seq <= ?", Some(l))?,
            None => match q.cursor {
                Some(Cursor::After(s)) => count_where(" AND seq <= ?", Some(s))?,
                _ => 0,
            },
        };
        let data = rows
            .iter()
            .map(|r| render(&conn, r))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            data,
            count,
            total,
            next,
            previous,
        })
    }
}
