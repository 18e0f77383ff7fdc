//! `docs/codes.md`, the published list of every verdict code with its parameter and its
//! messages, is generated from the message tables: this test fails when the list is not what
//! the tables say (a code added, removed or reworded). `UPDATE_CODES=1 cargo test --test codes`
//! writes it anew.

use identity_kit::messages::{self, Message};

fn row(m: &Message) -> String {
    let param = if [m.en, m.es, m.pt].iter().any(|t| t.contains("{0}")) { "yes" } else { "" };
    let cell = |t: &str| t.replace('|', "\\|");
    format!("| `{}` | {} | {} | {} | {} |\n", m.code, param, cell(m.en), cell(m.es), cell(m.pt))
}

fn generated() -> String {
    let mut out = String::from(
        "# Verdict codes\n\n\
         Every `code` a verdict, a warning or a report error can carry, with its messages in English, \
         Spanish and Portuguese. `{0}` stands for the verdict's `param` (the column says which codes \
         have one). A document's code such as `rut.check_digit` that is not listed here takes the \
         message of its last segment (`check_digit`). Generated from the crate's message tables by \
         `UPDATE_CODES=1 cargo test --test codes`; the test fails when this file is out of date.\n\n\
         ## Fields and identities\n\n\
         | code | param | en | es | pt |\n|---|---|---|---|---|\n",
    );
    for m in messages::all() {
        out.push_str(&row(&m));
    }
    out.push_str("\n## Bulk import (Humanos subjects)\n\n| code | param | en | es | pt |\n|---|---|---|---|---|\n");
    for m in identity_kit::humanos::MESSAGES.iter() {
        out.push_str(&row(&m));
    }
    out
}

#[test]
fn the_published_code_list_is_complete() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes.md");
    let want = generated();
    if std::env::var_os("UPDATE_CODES").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/codes.md is out of date: run UPDATE_CODES=1 cargo test --test codes");
}
