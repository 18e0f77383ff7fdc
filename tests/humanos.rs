//! The bulk import's verdicts (SPEC section 5): every status knowable before sending, the
//! order of faults, repeats, warnings, the summary, and CSV files read into subjects.

use identity_kit::humanos::import::{import_csv, CsvImport, ImportError};
use identity_kit::humanos::{
    document_warnings, is_json_text, message, parse_date, summarize, validate_subjects, Date, Options, MESSAGES,
};
use identity_kit::json::Value;
use identity_kit::Locale;
use serde_json::json;

fn options() -> Options {
    Options { today: Some(Date::new(2026, 6, 1).unwrap()), ..Options::default() }
}

fn subjects(v: serde_json::Value) -> Vec<Value> {
    v.as_array().unwrap().iter().map(Value::from).collect()
}

/// `(status, code, path)` of each subject.
fn judge(v: serde_json::Value) -> Vec<(u16, &'static str, String)> {
    validate_subjects(&subjects(v), &options()).into_iter().map(|v| (v.status, v.code, v.path)).collect()
}

fn one(subject: serde_json::Value) -> (u16, &'static str, String) {
    judge(json!([subject])).remove(0)
}

fn identity() -> serde_json::Value {
    json!({"fullName": "Ana Pérez", "birth": "1990-01-01", "docId": "12345678", "countryAlpha3": "PRT"})
}

fn with(field: &str, value: serde_json::Value) -> serde_json::Value {
    let mut i = identity();
    if value.is_null() {
        i.as_object_mut().unwrap().remove(field);
    } else {
        i[field] = value;
    }
    json!({"contact": "ana@example.com", "identity": i})
}

#[test]
fn ready_subjects_are_normalised_for_sending() {
    let v = validate_subjects(
        &subjects(json!([
            {"contact": " Ana@Example.COM ", "internalId": " u-1 ", "identity": {"fullName": " Ana ", "birth": "1990-01-01T10:00:00Z",
             "docId": "12 345 678", "countryAlpha3": "prt", "extra": "{\"a\": [1, 2.5e3, null]}"}},
            {"contact": "+56 9 6123 4567"},
        ])),
        &options(),
    );
    assert_eq!((v[0].status, v[0].code, v[0].path.as_str()), (200, "subject.ready", "[0]"));
    assert_eq!(v[0].message, "Ready to import.");
    assert_eq!(
        v[0].subject.clone().map(serde_json::Value::from),
        Some(json!({"contact": "Ana@example.com", "internalId": "u-1", "identity": {"fullName": "Ana", "birth": "1990-01-01T10:00:00Z",
            "docId": "12345678", "countryAlpha3": "PRT", "extra": "{\"a\": [1, 2.5e3, null]}"}}))
    );
    assert_eq!(v[0].contact.as_deref(), Some("ana@example.com"));
    assert_eq!(v[1].subject.clone().map(serde_json::Value::from), Some(json!({"contact": "+56961234567"})));
    assert!(v.iter().all(|v| v.warnings.is_empty()));
}

#[test]
fn status_400_invalid_body() {
    assert_eq!(one(json!("ana@example.com")), (400, "subject.not_an_object", "[0]".into()));
    assert_eq!(one(json!([])), (400, "subject.not_an_object", "[0]".into()));
    assert_eq!(one(json!({})), (400, "subject.contact_missing", "[0].contact".into()));
    assert_eq!(one(json!({"contact": "  "})), (400, "subject.contact_missing", "[0].contact".into()));
    assert_eq!(one(json!({"contact": 56961234567u64})), (400, "subject.contact_not_a_string", "[0].contact".into()));
    assert_eq!(one(json!({"contact": "ana@@example.com"})), (400, "subject.contact_email", "[0].contact".into()));
    assert_eq!(one(json!({"contact": "ana@localhost"})), (400, "subject.contact_email", "[0].contact".into()));
    // Chile's mobiles have 9 digits after +56 (SPEC section 2's seed phones have 8).
    assert_eq!(one(json!({"contact": "+5692111111"})), (400, "subject.contact_phone", "[0].contact".into()));
    assert_eq!(one(json!({"contact": "56961234567"})), (400, "subject.contact_phone", "[0].contact".into()));
    assert_eq!(one(json!({"contact": "Ana Pérez"})), (400, "subject.contact_invalid", "[0].contact".into()));
    assert_eq!(one(json!({"contact": "ana@example.com", "internalId": 7})), (400, "subject.internal_id_not_a_string", "[0].internalId".into()));
    let v = &validate_subjects(&subjects(json!([{"contact": "+5692111111"}])), &Options { locale: Locale::Es, ..options() })[0];
    assert_eq!(v.param.as_deref(), Some("phone.too_short"), "the phone's own reason is the parameter");
    assert!(v.message.starts_with("El contacto no es un teléfono válido"), "{}", v.message);
}

#[test]
fn status_401_invalid_identity() {
    let at = |field: &str| format!("[0].identity.{field}");
    assert_eq!(one(json!({"contact": "ana@example.com", "identity": "x"})), (401, "subject.identity_not_an_object", "[0].identity".into()));
    for field in ["fullName", "birth", "docId", "countryAlpha3"] {
        assert_eq!(one(with(field, json!(null))), (401, "subject.identity_missing", at(field)), "{field}");
    }
    assert_eq!(one(with("fullName", json!("   "))), (401, "subject.identity_missing", at("fullName")));
    assert_eq!(one(with("docId", json!(" "))), (401, "subject.identity_missing", at("docId")));
    assert_eq!(one(with("fullName", json!(12))), (401, "subject.identity_not_a_string", at("fullName")));
    assert_eq!(one(with("gender", json!(true))), (401, "subject.identity_not_a_string", at("gender")));
    assert_eq!(one(with("fullName", json!("é".repeat(201)))), (401, "subject.identity_too_long", at("fullName")));
    assert_eq!(one(with("fullName", json!("é".repeat(200)))).0, 200, "200 characters, 400 bytes: fine");
    assert_eq!(one(with("docId", json!("1".repeat(51)))), (401, "subject.identity_too_long", at("docId")));
    assert_eq!(one(with("docId", json!(format!("{} 1", "1".repeat(49))))).0, 200, "spaces removed before counting");
    for (field, max) in [("gender", 50), ("taxNumber", 50), ("healthNumber", 50), ("socialSecurityNumber", 50), ("height", 50),
        ("documentType", 50), ("documentDiscriminator", 50), ("placeOfBirth", 50), ("photo", 2000), ("mrzText", 2000)]
    {
        assert_eq!(one(with(field, json!("x".repeat(max)))).0, 200, "{field}");
        assert_eq!(one(with(field, json!("x".repeat(max + 1)))), (401, "subject.identity_too_long", at(field)), "{field}");
    }
    assert_eq!(one(with("birth", json!("1990-02-30"))), (401, "subject.identity_date", at("birth")));
    assert_eq!(one(with("birth", json!("01/02/1990"))), (401, "subject.identity_date", at("birth")));
    assert_eq!(one(with("birth", json!("2026-06-02"))), (401, "subject.identity_birth_future", at("birth")));
    assert_eq!(one(with("birth", json!("2026-06-01"))).0, 200, "born today is not in the future");
    assert_eq!(one(with("expiresAt", json!("2030-13-01"))), (401, "subject.identity_date", at("expiresAt")));
    assert_eq!(one(with("expiresAt", json!("2030-12-01"))).0, 200, "an expiry may be in the future");
    assert_eq!(one(with("issueDate", json!("yesterday"))), (401, "subject.identity_date", at("issueDate")));
    assert_eq!(one(with("fullDocId", json!("12345678"))), (401, "subject.identity_full_doc_id", at("fullDocId")));
    assert_eq!(one(with("fullDocId", json!("9123456789"))), (401, "subject.identity_full_doc_id", at("fullDocId")));
    assert_eq!(one(with("fullDocId", json!("12345678-9"))).0, 200);
    assert_eq!(one(with("extra", json!("{notes: 1}"))), (401, "subject.identity_extra_json", at("extra")));
    assert_eq!(one(with("extra", json!("[1,]"))), (401, "subject.identity_extra_json", at("extra")));
    assert_eq!(one(with("extra", json!("\"text\""))).0, 200);
    // A missing country is a missing required field (401), not a bad one.
    assert_eq!(one(with("countryAlpha3", json!(""))), (401, "subject.identity_missing", at("countryAlpha3")));
}

#[test]
fn status_402_invalid_country() {
    for bad in [json!("XYZ"), json!("PT"), json!("PORT"), json!("XKX"), json!(620)] {
        assert_eq!(one(with("countryAlpha3", bad.clone())), (402, "subject.country", "[0].identity.countryAlpha3".into()), "{bad}");
    }
    assert_eq!(one(with("countryAlpha3", json!("bra"))).0, 200);
}

#[test]
fn the_first_fault_in_specs_order() {
    // Bad contact and bad identity: 400.
    let mut s = with("birth", json!("nope"));
    s["contact"] = json!("nope");
    assert_eq!(one(s).0, 400);
    // Bad identity and bad country: 401, whatever the field order.
    let mut s = with("countryAlpha3", json!("XYZ"));
    s["identity"]["fullName"] = json!(null);
    assert_eq!(one(s).0, 401);
    // Bad internalId after a bad identity: 400 all the same.
    let mut s = with("birth", json!("nope"));
    s["internalId"] = json!(1);
    assert_eq!(one(s), (400, "subject.internal_id_not_a_string", "[0].internalId".into()));
    // A bad country on a repeated contact: 402, not 407.
    let v = judge(json!([{"contact": "ana@example.com"}, with("countryAlpha3", json!("XYZ"))]));
    assert_eq!(v[1].0, 402);
}

#[test]
fn status_407_and_408_for_later_repeats() {
    let doc = |contact: &str, doc: &str, country: &str| {
        json!({"contact": contact, "identity": {"fullName": "A", "birth": "1990-01-01", "docId": doc, "countryAlpha3": country}})
    };
    let v = judge(json!([
        {"contact": "Ana@Example.com"},
        {"contact": "ana@example.COM"},
        {"contact": "+56 9 6123 4567"},
        {"contact": "+56961234567"},
        {"contact": "+56 (9) 6123-4567"},
        doc("a@example.com", "12 345 678", "PRT"),
        doc("b@example.com", "12345678", "prt"),
        doc("c@example.com", "12345678", "ESP"),
        doc("ana@example.com", "12345678", "PRT"),
    ]));
    let statuses: Vec<u16> = v.iter().map(|v| v.0).collect();
    assert_eq!(statuses, [200, 407, 200, 407, 407, 200, 408, 200, 407]);
    assert_eq!(v[1].2, "[1].contact");
    assert_eq!(v[6].2, "[6].identity.docId");
    let verdicts = validate_subjects(&subjects(json!([{"contact": "x@example.com"}, {"contact": "X@example.com"}])), &options());
    assert_eq!(verdicts[1].param.as_deref(), Some("0"));
    assert_eq!(verdicts[1].message, "This contact is already in the batch (subject 0).");
    // The first occurrence counts even when it fails itself: the API sees it in the call.
    let v = judge(json!([with("birth", json!("x")), with("birth", json!("1990-01-01"))]));
    assert_eq!((v[0].0, v[1].0), (401, 407));
}

#[test]
fn check_digit_warnings_where_the_document_type_fits() {
    let doc = |doc: &str, country: &str| {
        json!({"contact": format!("{}@example.com", doc.replace(['.', ' ', '/'], "")), "identity": {"fullName": "A", "birth": "1990-01-01", "docId": doc, "countryAlpha3": country}})
    };
    let v = validate_subjects(
        &subjects(json!([
            doc("77123126-K", "CHL"),
            doc("17.604.011-4", "CHL"),
            doc("AB1234567", "CHL"),
            doc("390.533.447-06", "BRA"),
            doc("390.533.447-05", "BRA"),
            doc("12345678", "PRT"),
            doc("HEGG560427MVZRRL05", "MEX"),
        ])),
        &options(),
    );
    let warnings: Vec<Vec<(&str, Option<&str>)>> =
        v.iter().map(|v| v.warnings.iter().map(|w| (w.code, w.param.as_deref())).collect()).collect();
    assert!(v.iter().all(|v| v.status == 200), "warnings never fail a subject: {v:?}");
    assert_eq!(warnings[0], [("rut.check_digit", Some("8"))]);
    assert_eq!(v[0].warnings[0].path, "[0].identity.docId");
    assert_eq!(v[0].warnings[0].message, "The check digit is wrong: it should be 8.");
    assert_eq!(
        serde_json::Value::from(v[0].to_value())["warnings"],
        json!([{"code": "rut.check_digit", "param": "8", "path": "[0].identity.docId", "message": "The check digit is wrong: it should be 8."}])
    );
    assert!(warnings[1].is_empty() && warnings[2].is_empty(), "valid, or not a RUT at all");
    assert_eq!(warnings[3], [("cpf.check_digit", Some("05"))]);
    assert!(warnings[4].is_empty() && warnings[5].is_empty());
    assert_eq!(warnings[6], [("curp.check_digit", Some("4"))]);
    assert_eq!(summarize(&v, Locale::En).with_warnings, 3);
    // documentType narrows the types tried; no_document_warnings turns them off.
    // 11 digits are a valid old-style Peruvian CE too: no warning unless the type says RUC.
    assert!(document_warnings("20512333798", "PER", None).is_empty());
    assert_eq!(document_warnings("20512333798", "PER", Some("ruc")), [("ruc.check_digit", Some("7".to_string()))]);
    assert!(document_warnings("20512333798", "PER", Some("DNI")).is_empty());
    let quiet = validate_subjects(&subjects(json!([doc("77123126-K", "CHL")])), &Options { no_document_warnings: true, ..options() });
    assert!(quiet[0].warnings.is_empty());
}

#[test]
fn summary_counts_and_says_when_the_batch_is_split() {
    let mut list: Vec<serde_json::Value> = (0..150).map(|i| json!({"contact": format!("u{i}@example.com")})).collect();
    list.push(json!({"contact": "u1@example.com"}));
    list.push(json!({}));
    let v = validate_subjects(&subjects(json!(list)), &options());
    let s = summarize(&v, Locale::En);
    assert_eq!((s.total, s.ready, s.failing, s.requests, s.split), (152, 150, 2, 2, true));
    assert_eq!(s.by_status, [(200, 150), (400, 1), (407, 1)]);
    assert_eq!(s.by_code[0], ("subject.ready", 150));
    assert_eq!(s.message, "152 subjects: 150 ready, 2 will fail. The ready ones go in 2 requests of at most 100.");
    assert_eq!(
        serde_json::Value::from(s.to_value()),
        json!({"total": 152, "ready": 150, "failing": 2, "withWarnings": 0, "byStatus": {"200": 150, "400": 1, "407": 1},
            "byCode": {"subject.ready": 150, "subject.contact_missing": 1, "subject.repeated_contact": 1}, "split": true, "requests": 2,
            "message": s.message})
    );
    assert_eq!(
        serde_json::Value::from(v[150].to_value()),
        json!({"index": 150, "status": 407, "code": "subject.repeated_contact", "param": "1", "path": "[150].contact",
            "message": "This contact is already in the batch (subject 1).", "warnings": [], "contact": "u1@example.com"})
    );
    let s = summarize(&v[..100], Locale::Pt);
    assert!(!s.split && s.requests == 1);
    assert_eq!(s.message, "100 sujeitos: 100 prontos, 0 vão falhar.");
}

#[test]
fn every_code_has_three_distinct_messages_of_its_own() {
    for m in MESSAGES.iter() {
        // The crate's lookup falls back to a code's last segment (`not_an_object`); only an
        // exact code of its own would clash.
        let last = m.code.rsplit('.').next().unwrap();
        let crate_text = identity_kit::messages::template(m.code, Locale::En);
        assert!(crate_text.is_none() || crate_text == identity_kit::messages::template(last, Locale::En), "{} clashes with a crate code", m.code);
        assert!(m.en != m.es && m.en != m.pt && !m.es.is_empty() && !m.pt.is_empty(), "{}", m.code);
        for locale in [Locale::En, Locale::Es, Locale::Pt] {
            let text = message(m.code, Some("a|b|c|d"), locale);
            assert!(!text.contains('{'), "{} leaves a placeholder: {text}", m.code);
        }
    }
}

#[test]
fn dates() {
    assert_eq!(parse_date("2000-02-29"), Date::new(2000, 2, 29));
    assert_eq!(parse_date("1900-02-29"), None);
    for ok in ["1990-01-01T00:00", "1990-01-01T23:59:60.123Z", "1990-01-01 10:00:00+01:00", "1990-01-01T10:00:00-0300", "1990-01-01T10:00+05"] {
        assert!(parse_date(ok).is_some(), "{ok}");
    }
    for bad in ["", "1990", "1990-1-01", "1990-01-01T", "1990-01-01T24:00", "1990-01-01T10:00:00.Z", "1990-01-01x", "0000-01-01", "1990-01-01T10:00+5"] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
    assert_eq!(Date::from_unix_millis(0.0), Date::new(1970, 1, 1).unwrap());
    assert_eq!(Date::from_unix_millis(951_782_400_000.0), Date::new(2000, 2, 29).unwrap());
    assert_eq!(Date::from_unix_millis(-1.0), Date::new(1969, 12, 31).unwrap());
    assert_eq!(Date::from_unix_millis(1_798_761_599_999.0), Date::new(2026, 12, 31).unwrap());
}

#[test]
fn json_text() {
    for ok in ["{}", " [ ] ", "{\"a\":{\"b\":[true,false,null,-0.5e-3,\"\\u00e9\\n\"]}}", "1", "\"x\""] {
        assert!(is_json_text(ok), "{ok}");
    }
    for bad in ["", "{", "{\"a\"}", "{'a':1}", "[1,]", "01", "1.", "\"\\x\"", "\"a\nb\"", "nul", "{} {}", &"[".repeat(200)] {
        assert!(!is_json_text(bad), "{bad}");
    }
}

// --- CSV ---

fn csv(text: &str) -> Vec<(usize, Option<usize>, u16, &'static str, String)> {
    let (rows, _) = import_csv(text.as_bytes(), options()).unwrap();
    rows.into_iter().map(|r| (r.row, r.column, r.verdict.status, r.verdict.code, r.verdict.path)).collect()
}

#[test]
fn csv_columns_in_any_order_paths_and_ignored_columns() {
    let text = "Notes;identity.countryAlpha3;Full Name;CONTACT;identity.docId;birth;internal_id\n\
                vip;PRT;Ana;ana@example.com;12 345 678;1990-01-01;u-1\n\
                ;;;+351912345678;;;\n";
    let (rows, summary) = import_csv(text.as_bytes(), options()).unwrap();
    assert_eq!(summary.ready, 2);
    assert_eq!(
        serde_json::Value::from(rows[0].subject.clone()),
        json!({"contact": "ana@example.com", "internalId": "u-1", "identity": {"countryAlpha3": "PRT", "fullName": "Ana", "docId": "12 345 678", "birth": "1990-01-01"}})
    );
    assert_eq!(serde_json::Value::from(rows[1].subject.clone()), json!({"contact": "+351912345678"}));
    let mut import = CsvImport::new(options());
    import.feed(text.as_bytes()).unwrap();
    assert_eq!(import.ignored_columns(), ["Notes"]);
    assert_eq!(import.separator(), Some(';'));
}

#[test]
fn csv_rows_with_every_status_and_their_row_numbers() {
    let text = "\u{feff}contact,fullName,birth,docId,countryAlpha3\r\n\
                ana@example.com,\"Pérez, Ana\",1990-01-01,12345678,PRT\r\n\
                \r\n\
                not-a-contact,,,,\r\n\
                bo@example.com,Bo,1990-02-30,1,PRT\r\n\
                cy@example.com,Cy,1990-01-01,2,ZZZ\r\n\
                ANA@example.com,,,,\r\n\
                di@example.com,\"Di\r\nline two\",1990-01-01,12 345 678,PRT\r\n\
                ed@example.com,Ed,1990-01-01\r\n";
    assert_eq!(
        csv(text),
        [
            (2, None, 200, "subject.ready", "[0]".to_string()),
            (4, Some(1), 400, "subject.contact_invalid", "[1].contact".into()),
            (5, Some(3), 401, "subject.identity_date", "[2].identity.birth".into()),
            (6, Some(5), 402, "subject.country", "[3].identity.countryAlpha3".into()),
            (7, Some(1), 407, "subject.repeated_contact", "[4].contact".into()),
            (8, Some(4), 408, "subject.repeated_identity", "[5].identity.docId".into()),
            (9, None, 400, "subject.csv_fields", "[6]".into()),
        ]
    );
}

#[test]
fn csv_header_errors_point_to_row_and_column() {
    let err = |text: &str| import_csv(text.as_bytes(), options()).unwrap_err();
    assert_eq!(err("name,email\nAna,a@example.com\n"), ImportError::NoContactColumn);
    assert_eq!(err(""), ImportError::NoContactColumn);
    let e = err("contact,docId,doc_id\n");
    assert_eq!(e, ImportError::RepeatedColumn { column: 3, field: "doc_id".into() });
    assert_eq!(e.message(Locale::Es), "Fila 1, columna 3: doc_id ya es una columna.");
    let e = err("contact,fullName\na@example.com,\"Ana\n");
    assert_eq!((e.code(), e.position()), ("csv.unclosed_quote", (2, 2)));
    assert_eq!(e.message(Locale::En), "Row 2, column 2: a quote opens here and never closes.");
}

#[test]
fn csv_in_chunks_is_the_same_as_at_once() {
    let mut text = String::from("contact;fullName;birth;docId;countryAlpha3\n");
    for i in 0..500 {
        match i % 5 {
            0 => text.push_str(&format!("user{i}@example.com;\"Name; {i}\";1990-01-01;{i:08};PRT\n")),
            1 => text.push_str(&format!("+3519{:08};;;;\n", 10_000_000 + i)),
            2 => text.push_str(&format!("user{}@example.com;;;;\n", i - 2)),
            3 => text.push_str(&format!("bad{i};;;;\n")),
            _ => text.push_str(&format!("u{i}@example.com;\"Multi\nline\";1990-01-01;{:08};PRT\n", i - 4)),
        }
    }
    let (whole, summary) = import_csv(text.as_bytes(), options()).unwrap();
    assert_eq!(whole.len(), 500);
    assert_eq!(summary.by_status, [(200, 200), (400, 100), (407, 100), (408, 100)]);
    for chunk in [1, 7, 64, 4096] {
        let mut import = CsvImport::new(options());
        let mut rows = Vec::new();
        for part in text.as_bytes().chunks(chunk) {
            rows.extend(import.feed(part).unwrap());
        }
        rows.extend(import.finish().unwrap());
        assert_eq!(rows, whole, "chunks of {chunk}");
        assert_eq!(import.summary(Locale::En), summary);
        assert_eq!(import.bytes_read(), text.len() as u64);
    }
}

#[test]
fn the_small_sample_file_has_every_status_it_says() {
    let text = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/users-small.csv")).unwrap();
    let (rows, summary) = import_csv(&text, options()).unwrap();
    // The `notes` column says what each row should get; it is no field, so it is ignored.
    assert!(rows.iter().all(|r| r.subject.get("notes").is_none()));
    let statuses: Vec<u16> = rows.iter().map(|r| r.verdict.status).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 400, 400, 401, 401, 401, 402, 407, 408]);
    assert_eq!(rows[4].verdict.warnings[0].code, "rut.check_digit");
    assert_eq!(summary.with_warnings, 1);
    let (rerun, _) = import_csv(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/users-small-rerun.csv")).unwrap(), options()).unwrap();
    assert!(rerun.iter().all(|r| r.verdict.status == 200), "the re-run file is all ready locally: its 201/409/410 come from the server");
}
