//! National identity documents: one module per document type, every one with the same small
//! shape (python-stdnum's): `compact`, `validate`, `is_valid`, `format`, a check-digit
//! function, and the live verdict built from them.
//!
//! [`KINDS`] says which document types exist, for which country and which identity type.

use crate::identity::IdentityType;
use crate::text::MAX_INPUT_BYTES;
use crate::verdict::Verdict;

pub mod rut;
pub mod passport;

/// What is wrong with a complete document number: a stable code and a message parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    pub code: &'static str,
    pub param: Option<String>,
}

impl DocError {
    pub fn new(code: &'static str) -> Self {
        DocError { code, param: None }
    }
    pub fn with(code: &'static str, param: impl Into<String>) -> Self {
        DocError { code, param: Some(param.into()) }
    }
}

/// The shape every document module shares.
pub trait IdDocument {
    /// Code of the verdict while the number is a valid prefix, e.g. `rut.incomplete`.
    const INCOMPLETE: &'static str;
    /// Removes separators and upper-cases: the form the check is computed on.
    fn compact(input: &str) -> String;
    /// The normalised value to send, or the first thing wrong with it.
    fn validate(input: &str) -> Result<String, DocError>;
    /// Display form; also works on a partial value so a field can format as the person types.
    fn format(input: &str) -> String;
    /// Whether some continuation of `input` could still be valid.
    fn could_continue(input: &str) -> bool;

    fn is_valid(input: &str) -> bool {
        Self::validate(input).is_ok()
    }

    /// The verdict for a value as typed so far.
    fn live(input: &str) -> Verdict {
        default_live::<Self>(input)
    }
}

/// The verdict every document shares: empty, too long, valid, a prefix of a valid value, or
/// the first error.
pub fn default_live<D: IdDocument + ?Sized>(input: &str) -> Verdict {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Verdict::empty();
    }
    if trimmed.len() > MAX_INPUT_BYTES {
        return Verdict::invalid("too_long").with_param(MAX_INPUT_BYTES.to_string());
    }
    match D::validate(trimmed) {
        Ok(normalized) => {
            let formatted = D::format(&normalized);
            Verdict::valid(normalized).with_formatted(formatted)
        }
        Err(_) if D::could_continue(trimmed) => {
            Verdict::incomplete(D::INCOMPLETE).with_formatted(D::format(trimmed))
        }
        Err(e) => {
            let v = Verdict::invalid(e.code);
            match e.param {
                Some(p) => v.with_param(p),
                None => v,
            }
        }
    }
}

/// Every document type the API knows, plus Brazil's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocumentType {
    Passport,
    Rut,
    Curp,
    Rfc,
    CedCiu,
    CedExt,
    Nit,
    Dni,
    Ce,
    Ruc,
    Cuil,
    Cuit,
    Cpf,
    Cnpj,
}

impl DocumentType {
    pub const ALL: [DocumentType; 14] = [
        Self::Passport, Self::Rut, Self::Curp, Self::Rfc, Self::CedCiu, Self::CedExt, Self::Nit,
        Self::Dni, Self::Ce, Self::Ruc, Self::Cuil, Self::Cuit, Self::Cpf, Self::Cnpj,
    ];

    /// The API's spelling: `PASSPORT`, `RUT`, `CED_CIU`...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passport => "PASSPORT",
            Self::Rut => "RUT",
            Self::Curp => "CURP",
            Self::Rfc => "RFC",
            Self::CedCiu => "CED_CIU",
            Self::CedExt => "CED_EXT",
            Self::Nit => "NIT",
            Self::Dni => "DNI",
            Self::Ce => "CE",
            Self::Ruc => "RUC",
            Self::Cuil => "CUIL",
            Self::Cuit => "CUIT",
            Self::Cpf => "CPF",
            Self::Cnpj => "CNPJ",
        }
    }

    /// Parses the API's spelling exactly (upper case).
    pub fn parse(s: &str) -> Option<DocumentType> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// One document type as issued by one country (or by any, for passports).
pub struct Kind {
    pub document_type: DocumentType,
    /// ISO 3166-1 alpha-3; `None` for any country.
    pub country: Option<&'static str>,
    pub for_user: bool,
    pub for_organization: bool,
    /// English name shown in pickers.
    pub name: &'static str,
    /// An example of a valid number, as people write it.
    pub example: &'static str,
    pub live: fn(&str) -> Verdict,
    pub format: fn(&str) -> String,
}

macro_rules! kind {
    ($doc:ident, $country:expr, user: $u:expr, organization: $o:expr, $module:ident, $name:literal, $example:literal) => {
        Kind {
            document_type: DocumentType::$doc,
            country: $country,
            for_user: $u,
            for_organization: $o,
            name: $name,
            example: $example,
            live: <$module::Document as IdDocument>::live,
            format: <$module::Document as IdDocument>::format,
        }
    };
}

/// SPEC section 2: every (document type, country) pair and whom it applies to.
pub const KINDS: &[Kind] = &[
    kind!(Passport, None, user: true, organization: true, passport, "Passport", "AB1234567"),
    kind!(Rut, Some("CHL"), user: true, organization: true, rut, "RUT (Rol Único Tributario)", "12.345.678-5"),
];

/// The kind of `document_type` for `country`: its own entry or the any-country one.
pub fn kind(document_type: DocumentType, country: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .find(|k| k.document_type == document_type && k.country == Some(country))
        .or_else(|| KINDS.iter().find(|k| k.document_type == document_type && k.country.is_none()))
}

/// Whether `document_type` may be used for `country` and `identity_type`; the code of the
/// reason when not.
pub fn check_allowed(
    document_type: DocumentType,
    country: &str,
    identity_type: Option<IdentityType>,
) -> Result<&'static Kind, &'static str> {
    let kind = kind(document_type, country).ok_or("document.not_allowed_for_country")?;
    match identity_type {
        Some(IdentityType::User) if !kind.for_user => Err("document.not_allowed_for_type"),
        Some(IdentityType::Organization) if !kind.for_organization => Err("document.not_allowed_for_type"),
        _ => Ok(kind),
    }
}

/// The kinds usable for `country` (any when `None`) and `identity_type` (any when `None`).
pub fn kinds_for(country: Option<&str>, identity_type: Option<IdentityType>) -> Vec<&'static Kind> {
    KINDS
        .iter()
        .filter(|k| match (country, k.country) {
            (Some(c), Some(kc)) => c == kc,
            _ => true,
        })
        .filter(|k| match identity_type {
            Some(IdentityType::User) => k.for_user,
            Some(IdentityType::Organization) => k.for_organization,
            None => true,
        })
        .collect()
}

/// The live verdict for a document number of `document_type` issued by `country`.
pub fn validate_number(document_type: DocumentType, country: &str, input: &str) -> Verdict {
    match kind(document_type, country) {
        Some(kind) => (kind.live)(input),
        None if input.trim().is_empty() => Verdict::empty(),
        None => Verdict::invalid("document.not_allowed_for_country")
            .with_param(document_type.as_str()),
    }
}

pub const MESSAGES: &[crate::messages::Message] = crate::messages::messages! {
    "document.not_allowed_for_country" => "This document type is not issued for the chosen country.", "Este tipo de documento no corresponde al país elegido.", "Este tipo de documento não corresponde ao país escolhido.";
    "document.not_allowed_for_type" => "This document type cannot be used for this kind of identity.", "Este tipo de documento no se puede usar para este tipo de identidad.", "Este tipo de documento não pode ser usado para este tipo de identidade.";
    "document.unknown_type" => "Unknown document type.", "Tipo de documento desconocido.", "Tipo de documento desconhecido.";
    "rut.incomplete" => "Keep typing: a RUT has 7 or 8 digits and a check digit.", "Sigue escribiendo: un RUT tiene 7 u 8 dígitos y un dígito verificador.", "Continue digitando: um RUT tem 7 ou 8 dígitos e um dígito verificador.";
    "rut.length" => "A RUT has 7 or 8 digits and a check digit.", "Un RUT tiene 7 u 8 dígitos y un dígito verificador.", "Um RUT tem 7 ou 8 dígitos e um dígito verificador.";
    "rut.characters" => "A RUT has only digits, with K allowed as the check digit.", "Un RUT solo tiene dígitos, y K como dígito verificador.", "Um RUT só tem dígitos, com K permitido como dígito verificador.";
    "passport.incomplete" => "Keep typing: a passport number has 6 to 20 letters and digits.", "Sigue escribiendo: un pasaporte tiene de 6 a 20 letras y dígitos.", "Continue digitando: um passaporte tem de 6 a 20 letras e dígitos.";
    "passport.length" => "A passport number has 6 to 20 letters and digits.", "Un número de pasaporte tiene de 6 a 20 letras y dígitos.", "Um número de passaporte tem de 6 a 20 letras e dígitos.";
    "passport.characters" => "A passport number has only letters A-Z and digits.", "Un número de pasaporte solo tiene letras A-Z y dígitos.", "Um número de passaporte só tem letras A-Z e dígitos.";
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_type_has_a_kind() {
        for d in DocumentType::ALL {
            assert!(KINDS.iter().any(|k| k.document_type == d), "{} has no kind", d.as_str());
        }
    }

    #[test]
    fn every_example_is_valid() {
        for k in KINDS {
            let v = (k.live)(k.example);
            assert!(v.is_valid(), "{} example {} is {:?}", k.document_type.as_str(), k.example, v);
        }
    }

    #[test]
    fn names_round_trip() {
        for d in DocumentType::ALL {
            assert_eq!(DocumentType::parse(d.as_str()), Some(d));
        }
        assert_eq!(DocumentType::parse("rut"), None);
    }
}
