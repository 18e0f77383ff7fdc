//! Messages for every verdict code, in English, Spanish and Portuguese.
//!
//! Codes are stable; messages may be reworded. A code such as `rut.check_digit` is looked up
//! as is first, then by its last segment (`check_digit`) in the generic table, so document
//! modules only add messages that say more than the generic one. `{0}` in a message is
//! replaced by the verdict's `param`.

/// The language of the messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    Es,
    Pt,
}

impl Locale {
    /// The language's BCP 47 tag: `"en"`, `"es"` or `"pt"`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Pt => "pt",
        }
    }

    /// Reads a BCP 47 tag (`es`, `es-CL`, `pt-BR`, `EN`); anything else is `None`.
    pub fn parse(tag: &str) -> Option<Locale> {
        // Bytes, compared without case: no lower-cased copy. The tags are two ASCII letters, so
        // the language subtag is one only when a `-` or `_` (or the end) follows at byte 2.
        let mut lang = tag.as_bytes();
        if matches!(lang.get(2), Some(b'-' | b'_')) {
            lang = &lang[..2];
        }
        // A loop by reference: the array's by-value iterator costs more code.
        for l in &[Locale::En, Locale::Es, Locale::Pt] {
            if lang.eq_ignore_ascii_case(l.tag().as_bytes()) {
                return Some(*l);
            }
        }
        None
    }
}

/// One code's message in each language.
pub struct Message {
    pub code: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
}

/// A table of messages, stored by column: the codes, then every English text, every Spanish
/// text and every Portuguese text, each column one string of fields ended by `\u{1}`. No
/// pointers or offsets per message; each language's texts lie together, which compresses better
/// than a message's four fields together. A lookup finds the code's position in the codes and
/// takes the text at that position in the language's column.
pub struct Messages {
    /// Codes, en, es, pt.
    columns: [&'static str; 4],
}

impl Messages {
    #[doc(hidden)]
    pub const fn packed(columns: [&'static str; 4]) -> Messages {
        Messages { columns }
    }

    /// The fields of column `c`.
    fn column(&self, c: usize) -> impl Iterator<Item = &'static str> {
        // text::split_terminator, not std's: std's searcher costs more code in the wasm than it
        // saves on these short texts.
        crate::text::split_terminator(self.columns[c], 1)
    }

    /// The message for `code` in this table, if it has one.
    fn find(&self, code: &str, locale: Locale) -> Option<&'static str> {
        // The code's row first, then its text: walking the texts in step with the codes would
        // also walk the whole (long) text column of every table that lacks the code, and a
        // lookup tries several tables (measured: error verdicts 35% slower in Node).
        let mut row = 0;
        for c in self.column(0) {
            if c == code {
                return self.column(1 + locale as usize).nth(row);
            }
            row += 1;
        }
        None
    }

    /// Every message of the table, in order.
    pub fn iter(&self) -> impl Iterator<Item = Message> + '_ {
        let (mut codes, mut en, mut es, mut pt) = (self.column(0), self.column(1), self.column(2), self.column(3));
        std::iter::from_fn(move || {
            let code = codes.next()?;
            Some(Message { code, en: en.next().unwrap_or(""), es: es.next().unwrap_or(""), pt: pt.next().unwrap_or("") })
        })
    }
}

macro_rules! messages {
    ($($code:literal => $en:literal, $es:literal, $pt:literal;)*) => {
        $crate::messages::Messages::packed([
            concat!($($code, "\u{1}",)*),
            concat!($($en, "\u{1}",)*),
            concat!($($es, "\u{1}",)*),
            concat!($($pt, "\u{1}",)*),
        ])
    };
}
pub(crate) use messages;

/// Messages shared by every field; document codes fall back to these by their last segment.
pub const GENERIC: Messages = messages! {
    "ok" => "Looks good.", "Se ve bien.", "Parece correto.";
    "empty" => "This field is required.", "Este campo es obligatorio.", "Este campo é obrigatório.";
    "required" => "This field is required.", "Este campo es obligatorio.", "Este campo é obrigatório.";
    "incomplete" => "Keep typing: this is not complete yet.", "Sigue escribiendo: aún no está completo.", "Continue digitando: ainda não está completo.";
    "too_long" => "This is too long (at most {0} characters).", "Es demasiado largo (máximo {0} caracteres).", "É longo demais (no máximo {0} caracteres).";
    "length" => "This number has the wrong length ({0}).", "Este número tiene un largo incorrecto ({0}).", "Este número tem o comprimento errado ({0}).";
    "format" => "This is not in the expected format ({0}).", "No tiene el formato esperado ({0}).", "Não está no formato esperado ({0}).";
    "characters" => "This contains characters that are not allowed here.", "Contiene caracteres no permitidos.", "Contém caracteres não permitidos.";
    "text.invisible_character" => "This contains an invisible or text-direction character ({0}): delete it and type the text again.", "Contiene un carácter invisible o de dirección del texto ({0}): bórralo y vuelve a escribir el texto.", "Contém um caractere invisível ou de direção do texto ({0}): apague-o e digite o texto de novo.";
    "check_digit" => "The check digit is wrong: it should be {0}.", "El dígito verificador es incorrecto: debería ser {0}.", "O dígito verificador está errado: deveria ser {0}.";
    "prefix" => "This number cannot start like this ({0}).", "Este número no puede comenzar así ({0}).", "Este número não pode começar assim ({0}).";
    "date" => "The date inside this number is not a real date.", "La fecha dentro de este número no es válida.", "A data dentro deste número não é válida.";
    "blank" => "This field cannot be blank.", "Este campo no puede estar en blanco.", "Este campo não pode ficar em branco.";
    "not_a_string" => "Expected text here.", "Se esperaba texto aquí.", "Era esperado texto aqui.";
    "not_a_boolean" => "Expected true or false here.", "Se esperaba verdadero o falso.", "Era esperado verdadeiro ou falso.";
    "not_an_object" => "Expected an object here.", "Se esperaba un objeto aquí.", "Era esperado um objeto aqui.";
    "not_an_array" => "Expected a list here.", "Se esperaba una lista aquí.", "Era esperada uma lista aqui.";
    "unknown_field" => "This field is not part of an identity.", "Este campo no es parte de una identidad.", "Este campo não faz parte de uma identidade.";
    "missing" => "This field is required.", "Este campo es obligatorio.", "Este campo é obrigatório.";
    "one_of" => "Choose one of: {0}.", "Elige una de estas opciones: {0}.", "Escolha uma destas opções: {0}.";
    "needs_country" => "Choose a country first.", "Elige primero un país.", "Escolha primeiro um país.";
    "needs_document_type" => "Choose a document type first.", "Elige primero un tipo de documento.", "Escolha primeiro um tipo de documento.";
};

/// Every table, searched in order. Modules with codes of their own list theirs here.
/// Codes are unique across tables (tested), so the order changes no answer, only the time: the
/// small generic table comes first because its codes (`ok`, `incomplete`, `empty`...) are the
/// ones nearly every verdict asks for, and a lookup walks a table's columns from the start.
static TABLES: [&Messages; 8] = [
    &GENERIC,
    &crate::documents::MESSAGES,
    &crate::phone::MESSAGES,
    &crate::email::MESSAGES,
    &crate::country::MESSAGES,
    &crate::identity::MESSAGES,
    &crate::fields::MESSAGES,
    &crate::currency::MESSAGES,
];

/// Every code the field and identity validators answer, with its messages, table by table.
/// `docs/codes.md` is generated from it (tests/codes.rs checks it is complete).
pub fn all() -> impl Iterator<Item = Message> {
    TABLES.into_iter().flat_map(|t| t.iter())
}

/// The message text for `code`, without filling in the parameter; `None` if unknown.
pub fn template(code: &str, locale: Locale) -> Option<&'static str> {
    // A loop over the tables by reference: the array's by-value iterator costs more code.
    let find = |code: &str| {
        for t in &TABLES {
            if let Some(text) = t.find(code, locale) {
                return Some(text);
            }
        }
        None
    };
    find(code).or_else(|| find(crate::text::rsplit_once(code, b'.').map_or(code, |(_, last)| last)))
}

/// The message text for `code`, or the generic one for a code with no message of its own.
pub fn template_or_default(code: &str, locale: Locale) -> &'static str {
    template(code, locale).unwrap_or(match locale {
        Locale::En => "This value is not valid.",
        Locale::Es => "Este valor no es válido.",
        Locale::Pt => "Este valor não é válido.",
    })
}

/// The message for `code` in `locale`, with `{0}` replaced by `param`.
pub fn message(code: &str, param: Option<&str>, locale: Locale) -> String {
    template_or_default(code, locale).replace("{0}", param.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_tags() {
        assert_eq!(Locale::parse("es-CL"), Some(Locale::Es));
        assert_eq!(Locale::parse("pt_BR"), Some(Locale::Pt));
        assert_eq!(Locale::parse("EN"), Some(Locale::En));
        assert_eq!(Locale::parse("fr"), None);
    }

    #[test]
    fn falls_back_to_the_generic_suffix() {
        assert_eq!(
            message("nit.check_digit", Some("7"), Locale::Es),
            "El dígito verificador es incorrecto: debería ser 7."
        );
    }

    #[test]
    fn unknown_and_empty_codes_have_the_default_message() {
        for code in ["", ".", "rut.", "nope", "ok.x.nope"] {
            assert_eq!(template(code, Locale::En), None, "{code:?}");
            assert_eq!(message(code, None, Locale::Pt), "Este valor não é válido.");
        }
        assert_eq!(template("rut.ok", Locale::Es), Some("Se ve bien."));
        assert_eq!(template("needs_document_type", Locale::Pt), Some("Escolha primeiro um tipo de documento."));
    }

    #[test]
    fn every_message_is_translated_and_codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for m in TABLES.into_iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(m.code), "duplicate message code {}", m.code);
            for text in [m.en, m.es, m.pt] {
                assert!(!text.trim().is_empty(), "{} has an empty message", m.code);
            }
            assert!(m.en != m.es && m.en != m.pt, "{} is not translated", m.code);
        }
    }
}

