//! A spreadsheet of users (CSV) read into subjects and judged as it is read.
//!
//! The header row names the fields, in any order: `contact`, `internalId`, and the
//! identity's fields either bare (`fullName`, `birth`, `docId`, `countryAlpha3`...) or as
//! paths (`identity.fullName`). Names are matched without case, spaces, `_` or `-`
//! (`Full Name`, `full_name`, `FULLNAME`); columns that name nothing are ignored and listed.
//! An empty cell is an absent field; a row whose identity cells are all empty has no identity.
//!
//! ```
//! use identity_kit::humanos::{import::CsvImport, Options};
//! let mut import = CsvImport::new(Options::default());
//! let mut rows = import.feed(b"contact;Full Name;docId;birth;countryAlpha3;notes\n").unwrap();
//! rows.extend(import.feed(b"ana@example.com;Ana;12345678;1990-01-01;PRT;vip\nbad;;;;;\n").unwrap());
//! rows.extend(import.finish().unwrap());
//! assert_eq!(import.ignored_columns(), ["notes"]);
//! assert_eq!((rows[0].row, rows[0].verdict.status), (2, 200));
//! assert_eq!((rows[1].row, rows[1].verdict.status, rows[1].verdict.path.as_str()), (3, 400, "[1].contact"));
//! ```

use crate::csv::{CsvError, Reader, Record};
use crate::json::{Map, Value};

use super::{message, Options, SubjectVerdict, Summary, Tally, Validator};

/// Where a column's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Contact,
    InternalId,
    Identity(&'static str),
    Ignored,
}

/// A header cell as compared: lower case, without spaces, `_`, `-`.
fn squeeze(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

fn target_of(header: &str) -> Target {
    let name = squeeze(header);
    let name = name.strip_prefix("identity.").unwrap_or(&name);
    match name {
        "contact" => Target::Contact,
        "internalid" => Target::InternalId,
        _ => super::identity_fields().find(|f| f.to_lowercase() == name).map_or(Target::Ignored, Target::Identity),
    }
}

/// A header the import cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not CSV at this place.
    Csv(CsvError),
    /// The header has no `contact` column (row 1).
    NoContactColumn,
    /// Two columns name the same field (row 1, this column from 1, the field).
    RepeatedColumn { column: usize, field: String },
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Csv(e) => e.code,
            ImportError::NoContactColumn => "csv.no_contact",
            ImportError::RepeatedColumn { .. } => "csv.repeated_column",
        }
    }
    /// `(row, column)` from 1.
    pub fn position(&self) -> (usize, usize) {
        match self {
            ImportError::Csv(e) => (e.row, e.column),
            ImportError::NoContactColumn => (1, 1),
            ImportError::RepeatedColumn { column, .. } => (1, *column),
        }
    }
    /// The message, with its place.
    pub fn message(&self, locale: crate::Locale) -> String {
        let (row, column) = self.position();
        let param = match self {
            ImportError::RepeatedColumn { field, .. } => format!("{row}|{column}|{field}"),
            _ => format!("{row}|{column}"),
        };
        message(self.code(), Some(&param), locale)
    }
}

impl From<CsvError> for ImportError {
    fn from(e: CsvError) -> Self {
        ImportError::Csv(e)
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::Locale::En))
    }
}

impl std::error::Error for ImportError {}

/// One data row: where it is in the file, the subject read from it, and its verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    /// The row in the file, from 1 (the header is row 1).
    pub row: usize,
    /// The column (from 1) of the cell at fault, when the verdict's path names one.
    pub column: Option<usize>,
    pub subject: Value,
    pub verdict: SubjectVerdict,
}

/// A CSV import in progress (see the module's documentation).
pub struct CsvImport {
    reader: Reader,
    columns: Option<Vec<Target>>,
    headers: Vec<String>,
    validator: Validator,
    records: Vec<Record>,
    tally: Tally,
    bytes: u64,
}

impl CsvImport {
    pub fn new(options: Options) -> CsvImport {
        CsvImport {
            reader: Reader::new(),
            columns: None,
            headers: Vec::new(),
            validator: Validator::new(options),
            records: Vec::new(),
            tally: Tally::default(),
            bytes: 0,
        }
    }

    /// The rows completed by this chunk of the file.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<ImportRow>, ImportError> {
        self.bytes += bytes.len() as u64;
        let mut records = std::mem::take(&mut self.records);
        self.reader.feed(bytes, &mut records)?;
        let rows = self.rows(&mut records);
        self.records = records;
        rows
    }

    /// The last rows, once the whole file has been fed.
    pub fn finish(&mut self) -> Result<Vec<ImportRow>, ImportError> {
        let mut records = std::mem::take(&mut self.records);
        self.reader.finish(&mut records)?;
        let rows = self.rows(&mut records);
        if self.columns.is_none() {
            return Err(ImportError::NoContactColumn);
        }
        rows
    }

    /// Bytes fed so far (for a progress bar against the file's size).
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// The header cells that name no field, as written.
    pub fn ignored_columns(&self) -> Vec<&str> {
        let Some(columns) = &self.columns else { return Vec::new() };
        columns.iter().zip(&self.headers).filter(|(t, _)| **t == Target::Ignored).map(|(_, h)| h.as_str()).collect()
    }

    /// The separator found (`,` or `;`), once the header is read.
    pub fn separator(&self) -> Option<char> {
        self.reader.separator().map(char::from)
    }

    /// The summary of every row so far.
    pub fn summary(&self, locale: crate::Locale) -> Summary {
        self.tally.summary(locale)
    }

    fn rows(&mut self, records: &mut Vec<Record>) -> Result<Vec<ImportRow>, ImportError> {
        let mut rows = Vec::with_capacity(records.len());
        for record in records.drain(..) {
            if self.columns.is_none() {
                if record.is_blank() {
                    continue;
                }
                self.read_header(record)?;
                continue;
            }
            if record.is_blank() {
                continue;
            }
            rows.push(self.row(record));
        }
        Ok(rows)
    }

    /// The column of the field a verdict's path (`[3].identity.birth`) names.
    fn column_of(&self, path: &str) -> Option<usize> {
        let field = path.split_once("].").map(|(_, f)| f)?;
        let target = match field {
            "contact" => Target::Contact,
            "internalId" => Target::InternalId,
            _ => {
                let key = field.strip_prefix("identity.")?;
                Target::Identity(super::identity_fields().find(|f| *f == key)?)
            }
        };
        Some(self.columns.as_ref()?.iter().position(|t| *t == target)? + 1)
    }

    fn read_header(&mut self, record: Record) -> Result<(), ImportError> {
        let columns: Vec<Target> = record.fields.iter().map(|h| target_of(h)).collect();
        for (i, t) in columns.iter().enumerate() {
            if *t != Target::Ignored && columns[..i].contains(t) {
                return Err(ImportError::RepeatedColumn { column: i + 1, field: record.fields[i].trim().to_string() });
            }
        }
        if !columns.contains(&Target::Contact) {
            return Err(ImportError::NoContactColumn);
        }
        self.headers = record.fields.iter().map(|h| h.trim().to_string()).collect();
        self.columns = Some(columns);
        Ok(())
    }

    fn row(&mut self, record: Record) -> ImportRow {
        let columns = self.columns.as_deref().unwrap_or(&[]);
        let field_count = record.fields.len();
        // Pairs collected then sorted once (`from_unique`: the header has no repeated field),
        // the cells moved, not copied: a 100,000-row file makes millions of these.
        let mut subject = Vec::with_capacity(3);
        let mut identity = Vec::with_capacity(columns.len());
        for (value, target) in record.fields.into_iter().zip(columns) {
            if crate::text::trim(&value).is_empty() {
                continue;
            }
            let value = Value::String(value);
            match target {
                Target::Contact => subject.push(("contact".to_string(), value)),
                Target::InternalId => subject.push(("internalId".to_string(), value)),
                Target::Identity(key) => identity.push(((*key).to_string(), value)),
                Target::Ignored => {}
            }
        }
        if !identity.is_empty() {
            subject.push(("identity".into(), Value::Object(Map::from_unique(identity))));
        }
        let subject = Map::from_unique(subject);
        let subject = Value::Object(subject);
        let mut verdict = self.validator.push(&subject);
        if field_count != columns.len() {
            // A row cut short or run long: its cells may be in the wrong columns.
            let param = format!("{}|{}", field_count, columns.len());
            verdict.message = message("subject.csv_fields", Some(&param), self.validator.options().locale);
            verdict.status = super::status::INVALID_BODY;
            verdict.code = "subject.csv_fields";
            verdict.param = Some(param);
            verdict.path = format!("[{}]", verdict.index);
            verdict.subject = None;
        }
        self.tally.add(&verdict);
        let column = self.column_of(&verdict.path);
        ImportRow { row: record.row, column, subject, verdict }
    }
}

/// Reads a whole CSV text at once.
pub fn import_csv(text: &[u8], options: Options) -> Result<(Vec<ImportRow>, Summary), ImportError> {
    let mut import = CsvImport::new(options);
    let mut rows = import.feed(text)?;
    rows.extend(import.finish()?);
    let summary = import.summary(options.locale);
    Ok((rows, summary))
}
