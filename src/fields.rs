//! PLACEHOLDER
use crate::verdict::Verdict;
#[derive(Default)]
pub struct FieldContext { pub country: Option<String>, pub document_type: Option<String> }
pub struct UnknownField;
pub fn validate_field(_f: &str, v: &str, c: &FieldContext) -> Result<Verdict, UnknownField> {
    let d = crate::documents::DocumentType::parse(c.document_type.as_deref().unwrap_or("")).ok_or(UnknownField)?;
    Ok(crate::documents::validate_number(d, c.country.as_deref().unwrap_or(""), v))
}
pub fn format_field() {}
