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
        // Bytes: `-` and `_` never occur inside a multi-byte character, and comparing without
        // case needs no lower-cased copy.
        let lang = tag.as_bytes().split(|&b| b == b'-' || b == b'_').next().unwrap_or_default();
        [Locale::En, Locale::Es, Locale::Pt].into_iter().find(|l| lang.eq_ignore_ascii_case(l.tag().as_bytes()))
    }
}

/// One code's message in each language.
pub struct Message {
    pub code: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
}

/// A table of messages, packed: one string of every field, each ended by `\u{1}` (code, en,
/// es, pt per message), and where each message starts, computed at compile time. Two pointers
/// and 2 bytes of offsets a message instead of four pointers (32 bytes) in the wasm's data. A
/// lookup compares the code with the start of each message and splits only the one it finds,
/// which is as fast as an offset per field and ships a quarter of the offsets.
pub struct Messages {
    text: &'static str,
    /// Start of each message, then the text's length.
    starts: &'static [u16],
}

/// How many messages a packed text has (four fields each).
#[doc(hidden)]
pub const fn count(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut n, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == 1 {
            n += 1;
        }
        i += 1;
    }
    assert!(n % 4 == 0, "every message has a code and three texts");
    n / 4
}

/// Where each message of a packed text starts, then its length (`M` is `count(text) + 1`).
#[doc(hidden)]
pub const fn starts<const M: usize>(text: &str) -> [u16; M] {
    let b = text.as_bytes();
    assert!(b.len() < u16::MAX as usize, "a message table is too long for u16 offsets");
    let mut out = [0u16; M];
    let (mut fields, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == 1 {
            fields += 1;
            if fields % 4 == 0 {
                out[fields / 4] = (i + 1) as u16;
            }
        }
        i += 1;
    }
    out
}

impl Messages {
    #[doc(hidden)]
    pub const fn packed(text: &'static str, starts: &'static [u16]) -> Messages {
        Messages { text, starts }
    }

    /// The `i`-th message: its code, en, es and pt fields, each ended by `\u{1}`.
    fn record(&self, i: usize) -> &'static str {
        let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        self.text.get(a..b).unwrap_or("")
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The message for `code` in this table, if it has one.
    fn find(&self, code: &str, locale: Locale) -> Option<&'static str> {
        (0..self.len()).find_map(|i| {
            let texts = self.record(i).strip_prefix(code)?.strip_prefix("\u{1}")?;
            // A closure, not the char pattern: this splits one short message, and the char
            // pattern's memchr search costs more code in the wasm than it saves here.
            #[allow(clippy::manual_pattern_char_comparison)]
            texts.split(|c| c == '\u{1}').nth(locale as usize)
        })
    }

    /// Every message of the table, in order.
    pub fn iter(&self) -> impl Iterator<Item = Message> + '_ {
        (0..self.len()).map(|i| {
            let mut f = self.record(i).split('\u{1}');
            let mut next = || f.next().unwrap_or("");
            Message { code: next(), en: next(), es: next(), pt: next() }
        })
    }
}

macro_rules! messages {
    ($($code:literal => $en:literal, $es:literal, $pt:literal;)*) => {{
        const TEXT: &str = concat!($($code, "\u{1}", $en, "\u{1}", $es, "\u{1}", $pt, "\u{1}",)*);
        const STARTS: [u16; $crate::messages::count(TEXT) + 1] = $crate::messages::starts(TEXT);
        $crate::messages::Messages::packed(TEXT, &STARTS)
    }};
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
fn tables() -> [&'static Messages; 8] {
    [
        &crate::documents::MESSAGES,
        &crate::phone::MESSAGES,
        &crate::email::MESSAGES,
        &crate::country::MESSAGES,
        &crate::identity::MESSAGES,
        &crate::fields::MESSAGES,
        &crate::currency::MESSAGES,
        &GENERIC,
    ]
}

/// The message text for `code`, without filling in the parameter; `None` if unknown.
pub fn template(code: &str, locale: Locale) -> Option<&'static str> {
    let find = |code: &str| {
        tables().into_iter().find_map(|t| t.find(code, locale))
    };
    find(code).or_else(|| code.rsplit('.').next().and_then(find))
}

/// The message for `code` in `locale`, with `{0}` replaced by `param`.
pub fn message(code: &str, param: Option<&str>, locale: Locale) -> String {
    let text = template(code, locale).unwrap_or(match locale {
        Locale::En => "This value is not valid.",
        Locale::Es => "Este valor no es válido.",
        Locale::Pt => "Este valor não é válido.",
    });
    text.replace("{0}", param.unwrap_or(""))
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
    fn every_message_is_translated_and_codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for m in tables().into_iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(m.code), "duplicate message code {}", m.code);
            for text in [m.en, m.es, m.pt] {
                assert!(!text.trim().is_empty(), "{} has an empty message", m.code);
            }
            assert!(m.en != m.es && m.en != m.pt, "{} is not translated", m.code);
        }
    }
}

