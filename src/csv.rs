//! CSV as spreadsheets export it (RFC 4180 and its common variants), read incrementally.
//!
//! - the separator is `,` or `;`, whichever the first record has more of outside quotes
//!   (spreadsheets in locales with a decimal comma write `;`), unless given;
//! - quoted fields may hold separators, `""` for a quote, and line breaks;
//! - UTF-8 with or without a byte-order mark; lines end in LF or CRLF (or a lone CR);
//! - errors say the record (`row`, from 1, as a spreadsheet numbers its rows), the field
//!   (`column`, from 1) and the physical `line`.
//!
//! [`Reader::feed`] takes the bytes in chunks of any size (a chunk may end inside a field or
//! a UTF-8 sequence) and hands out the records completed so far, so a page can read a large
//! file without blocking and show progress; [`Reader::finish`] ends the input.
//!
//! ```
//! use identity_kit::csv::Reader;
//! let mut reader = Reader::new();
//! let mut records = Vec::new();
//! reader.feed("\u{feff}name;note\r\nAna;\"a; \"\"b\"\"\r\nc\"".as_bytes(), &mut records).unwrap();
//! reader.finish(&mut records).unwrap();
//! assert_eq!(reader.separator(), Some(b';'));
//! assert_eq!(records[1].fields, ["Ana", "a; \"b\"\r\nc"]);
//! ```

/// Where and why the input is not CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// `csv.unclosed_quote`, `csv.after_quote` or `csv.utf8`.
    pub code: &'static str,
    /// The record, from 1 (the header is row 1).
    pub row: usize,
    /// The field within the record, from 1.
    pub column: usize,
    /// The physical line, from 1 (differs from `row` after quoted line breaks).
    pub line: usize,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at row {}, column {} (line {})", self.code, self.row, self.column, self.line)
    }
}

impl std::error::Error for CsvError {}

/// One record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// From 1, counting every record including the header and blank lines.
    pub row: usize,
    /// The physical line it starts on, from 1.
    pub line: usize,
    pub fields: Vec<String>,
}

impl Record {
    /// A blank line, or a record of empty fields only (`;;;`): spreadsheets leave those.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(String::is_empty)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    FieldStart,
    /// Inside a field without quotes.
    Unquoted,
    /// Inside quotes.
    Quoted,
    /// A quote inside quotes: the end of the quotes, or the first half of `""`.
    QuoteInQuoted,
    /// After a CR that ended a record: a LF here belongs to it.
    AfterCr,
}

/// An incremental CSV reader (see the module's documentation).
#[derive(Debug)]
pub struct Reader {
    separator: Option<u8>,
    state: State,
    /// Bytes of the current field (validated as UTF-8 when it ends).
    field: Vec<u8>,
    fields: Vec<String>,
    /// Before the separator is known: the bytes held back until the first record ends.
    pending: Vec<u8>,
    /// Whether the start of the input (where a BOM may be) has been passed.
    started: bool,
    row: usize,
    line: usize,
    record_line: usize,
    /// Where the current quoted field opened, for an unclosed quote's error.
    quote_line: usize,
    done: bool,
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

impl Reader {
    /// A reader that finds the separator itself.
    pub fn new() -> Reader {
        Reader {
            separator: None,
            state: State::FieldStart,
            field: Vec::new(),
            fields: Vec::new(),
            pending: Vec::new(),
            started: false,
            row: 1,
            line: 1,
            record_line: 1,
            quote_line: 1,
            done: false,
        }
    }

    /// A reader with a given separator (any ASCII byte but a quote or a line break).
    pub fn with_separator(separator: u8) -> Reader {
        Reader { separator: Some(separator), ..Reader::new() }
    }

    /// The separator, once known.
    pub fn separator(&self) -> Option<u8> {
        self.separator
    }

    /// Records completed so far, appended to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Record>) -> Result<(), CsvError> {
        if !self.started {
            // The BOM may itself arrive split over chunks.
            self.pending.extend_from_slice(bytes);
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            if self.pending.len() < BOM.len() && BOM.starts_with(&self.pending) {
                return Ok(());
            }
            self.started = true;
            let held = std::mem::take(&mut self.pending);
            let held = held.strip_prefix(BOM).unwrap_or(&held);
            return self.feed_started(held, out);
        }
        if self.separator.is_none() {
            self.pending.extend_from_slice(bytes);
            let held = std::mem::take(&mut self.pending);
            return self.feed_started(&held, out);
        }
        self.run(bytes, out)
    }

    fn feed_started(&mut self, bytes: &[u8], out: &mut Vec<Record>) -> Result<(), CsvError> {
        if self.separator.is_some() {
            return self.run(bytes, out);
        }
        match detect_separator(bytes) {
            Some(sep) => {
                self.separator = Some(sep);
                self.run(bytes, out)
            }
            None => {
                self.pending = bytes.to_vec();
                Ok(())
            }
        }
    }

    /// Ends the input: the last record (without a final line break) and the check that no
    /// quote is left open.
    pub fn finish(&mut self, out: &mut Vec<Record>) -> Result<(), CsvError> {
        if self.done {
            return Ok(());
        }
        self.done = true;
        if !self.started || self.separator.is_none() {
            let held = std::mem::take(&mut self.pending);
            let held = held.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&held).to_vec();
            self.started = true;
            self.separator = Some(detect_separator(&held).unwrap_or_else(|| count_separator(&held)));
            self.run(&held, out)?;
        }
        match self.state {
            State::Quoted => Err(CsvError {
                code: "csv.unclosed_quote",
                row: self.row,
                column: self.fields.len() + 1,
                line: self.quote_line,
            }),
            State::FieldStart if self.fields.is_empty() => Ok(()),
            State::AfterCr => Ok(()),
            _ => self.end_record(out),
        }
    }

    fn error(&self, code: &'static str) -> CsvError {
        CsvError { code, row: self.row, column: self.fields.len() + 1, line: self.line }
    }

    fn end_field(&mut self) -> Result<(), CsvError> {
        let bytes = std::mem::take(&mut self.field);
        match String::from_utf8(bytes) {
            Ok(s) => {
                self.fields.push(s);
                Ok(())
            }
            Err(_) => Err(self.error("csv.utf8")),
        }
    }

    fn end_record(&mut self, out: &mut Vec<Record>) -> Result<(), CsvError> {
        self.end_field()?;
        // The next record likely has as many fields: one allocation, not one per doubling.
        let capacity = self.fields.len();
        let fields = std::mem::replace(&mut self.fields, Vec::with_capacity(capacity));
        out.push(Record { row: self.row, line: self.record_line, fields });
        self.row += 1;
        Ok(())
    }

    /// The state machine over bytes; separators, quotes and line breaks are ASCII, so UTF-8
    /// sequences pass through whole whatever the chunking.
    fn run(&mut self, bytes: &[u8], out: &mut Vec<Record>) -> Result<(), CsvError> {
        let sep = self.separator.unwrap_or(b',');
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match self.state {
                State::Unquoted => {
                    // The hot loop: copy the run of plain bytes at once.
                    let start = i;
                    while i < bytes.len() && !matches!(bytes[i], b'\r' | b'\n') && bytes[i] != sep {
                        i += 1;
                    }
                    self.field.extend_from_slice(&bytes[start..i]);
                    if i == bytes.len() {
                        break;
                    }
                    self.delimiter(bytes[i], sep, out)?;
                }
                State::FieldStart | State::AfterCr => {
                    if self.state == State::AfterCr {
                        self.state = State::FieldStart;
                        if b == b'\n' {
                            i += 1;
                            continue;
                        }
                    }
                    if self.fields.is_empty() && self.field.is_empty() {
                        self.record_line = self.line;
                    }
                    if b == b'"' {
                        self.state = State::Quoted;
                        self.quote_line = self.line;
                    } else if b == sep || b == b'\r' || b == b'\n' {
                        self.delimiter(b, sep, out)?;
                    } else {
                        self.state = State::Unquoted;
                        continue;
                    }
                }
                State::Quoted => {
                    let start = i;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\n' {
                            self.line += 1;
                        }
                        i += 1;
                    }
                    self.field.extend_from_slice(&bytes[start..i]);
                    if i < bytes.len() {
                        self.state = State::QuoteInQuoted;
                    }
                    // A lone CR inside quotes is a line too, for `line`: rare enough to skip.
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        self.field.push(b'"');
                        self.state = State::Quoted;
                    } else if b == sep || b == b'\r' || b == b'\n' {
                        self.delimiter(b, sep, out)?;
                    } else {
                        return Err(self.error("csv.after_quote"));
                    }
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// A separator or a line break outside quotes.
    fn delimiter(&mut self, b: u8, sep: u8, out: &mut Vec<Record>) -> Result<(), CsvError> {
        if b == sep {
            self.end_field()?;
            self.state = State::FieldStart;
            return Ok(());
        }
        self.end_record(out)?;
        self.line += 1;
        self.state = if b == b'\r' { State::AfterCr } else { State::FieldStart };
        Ok(())
    }
}

/// The separator of the first record, once it is complete in `bytes`: `;` if it has more
/// of them than commas outside quotes, else `,`. `None` while the first record is still open.
fn detect_separator(bytes: &[u8]) -> Option<u8> {
    let mut quoted = false;
    let (mut commas, mut semicolons) = (0usize, 0usize);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\n' | b'\r' if !quoted => return Some(if semicolons > commas { b';' } else { b',' }),
            _ => {}
        }
    }
    None
}

/// The separator of an input that is one record without a line break.
fn count_separator(bytes: &[u8]) -> u8 {
    let mut with_break = bytes.to_vec();
    with_break.push(b'\n');
    detect_separator(&with_break).unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_chunked(input: &[u8], chunk: usize) -> Result<(Vec<Record>, u8), CsvError> {
        let mut r = Reader::new();
        let mut out = Vec::new();
        for part in input.chunks(chunk.max(1)) {
            r.feed(part, &mut out)?;
        }
        r.finish(&mut out)?;
        Ok((out, r.separator().unwrap()))
    }

    fn fields(records: &[Record]) -> Vec<Vec<&str>> {
        records.iter().map(|r| r.fields.iter().map(String::as_str).collect()).collect()
    }

    /// Every chunking gives the same answer as the whole input at once.
    fn read(input: &str) -> Result<(Vec<Record>, u8), CsvError> {
        let whole = read_chunked(input.as_bytes(), usize::MAX);
        for chunk in [1, 2, 3, 5, 7] {
            assert_eq!(read_chunked(input.as_bytes(), chunk), whole, "chunks of {chunk}: {input:?}");
        }
        whole
    }

    #[test]
    fn plain_and_quoted_fields() {
        let (r, sep) = read("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n").unwrap();
        assert_eq!(sep, b',');
        assert_eq!(fields(&r), [vec!["a", "b", "c"], vec!["1", "x, y", "say \"hi\""]]);
        assert_eq!((r[1].row, r[1].line), (2, 2));
    }

    #[test]
    fn newlines_inside_quotes_and_line_numbers() {
        let (r, _) = read("h1,h2\r\n\"multi\r\nline\",2\r\nnext,3").unwrap();
        assert_eq!(fields(&r), [vec!["h1", "h2"], vec!["multi\r\nline", "2"], vec!["next", "3"]]);
        assert_eq!((r[2].row, r[2].line), (3, 4));
    }

    #[test]
    fn semicolons_found_and_bom_dropped() {
        let (r, sep) = read("\u{feff}contact;fullName;note\n\"a,b\";Ana;1,5\n").unwrap();
        assert_eq!(sep, b';');
        assert_eq!(fields(&r), [vec!["contact", "fullName", "note"], vec!["a,b", "Ana", "1,5"]]);
        // A quoted ; in the header does not count.
        let (_, sep) = read("\"a;b;c\",d\n").unwrap();
        assert_eq!(sep, b',');
    }

    #[test]
    fn line_endings_lf_crlf_cr_and_no_final_break() {
        for input in ["a,b\n1,2", "a,b\r\n1,2\r\n", "a,b\r1,2\r", "a,b\n1,2\n"] {
            let (r, _) = read(input).unwrap();
            assert_eq!(fields(&r), [vec!["a", "b"], vec!["1", "2"]], "{input:?}");
        }
    }

    #[test]
    fn empty_fields_and_blank_lines() {
        let (r, _) = read("a,b\n,\n\n\"\",x\n").unwrap();
        assert_eq!(fields(&r), [vec!["a", "b"], vec!["", ""], vec![""], vec!["", "x"]]);
        assert!(r[1].is_blank() && r[2].is_blank() && !r[3].is_blank());
        assert_eq!(r[3].row, 4);
        assert_eq!(read("").unwrap().0, Vec::<Record>::new());
        assert_eq!(read("\u{feff}").unwrap().0, Vec::<Record>::new());
    }

    #[test]
    fn utf8_split_anywhere() {
        let (r, _) = read("nombre;país\nJosé Ñúñez;Perú 🇵🇪\n").unwrap();
        assert_eq!(fields(&r)[1], ["José Ñúñez", "Perú 🇵🇪"]);
    }

    #[test]
    fn errors_point_to_row_column_and_line() {
        let e = read("a,b\n1,\"open\n\nstill").unwrap_err();
        assert_eq!(e, CsvError { code: "csv.unclosed_quote", row: 2, column: 2, line: 2 });
        let e = read("a,b\n1,2\n3,\"x\"y\n").unwrap_err();
        assert_eq!(e, CsvError { code: "csv.after_quote", row: 3, column: 2, line: 3 });
        let mut r = Reader::new();
        let e = r.feed(b"a,b\n1,\xff\xfe\n", &mut Vec::new()).unwrap_err();
        assert_eq!((e.code, e.row, e.column), ("csv.utf8", 2, 2));
        assert_eq!(e.to_string(), "csv.utf8 at row 2, column 2 (line 2)");
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_kept() {
        let (r, _) = read("h\n5'10\"\n").unwrap();
        assert_eq!(fields(&r)[1], ["5'10\""]);
    }

    #[test]
    fn given_separator() {
        let mut r = Reader::with_separator(b'\t');
        let mut out = Vec::new();
        r.feed(b"a\tb,c\n", &mut out).unwrap();
        r.finish(&mut out).unwrap();
        assert_eq!(fields(&out), [vec!["a", "b,c"]]);
    }
}
