//! Email addresses as forms accept them: the HTML `input type=email` rule (RFC 5322 dot-atom
//! local part, no quoted strings, no comments, no IP literals) with UTF-8 local parts and IDN
//! domains allowed, a domain with at least one dot and a top-level label of two or more
//! characters that is not all digits, at most 254 characters. The domain's ASCII letters are
//! lower-cased (IDN labels are kept as typed). Invisible and bidi-control characters
//! ([`crate::text::is_invisible`]) are refused anywhere in the address: `ana\u{200B}@x.com`
//! looks like `ana@x.com` and would be a second identity for the same mailbox
//! ([`crate::fields::validate_field`] answers `text.invisible_character` for them first).
//!
//! ```
//! use identity_kit::email::live;
//! use identity_kit::State;
//! assert_eq!(live("Ana@Example.COM").normalized.as_deref(), Some("Ana@example.com"));
//! assert_eq!(live("ana@exa").state, State::Incomplete); // no dot yet: keep typing
//! assert_eq!(live("ana@@example.com").state, State::Invalid);
//! ```

use crate::verdict::Verdict;

/// RFC 5321's limit on a whole address.
pub const MAX_LEN: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;

/// ASCII characters allowed in the local part besides letters and digits (HTML's rule).
const LOCAL_SPECIALS: &str = ".!#$%&'*+/=?^_`{|}~-";

fn local_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || crate::text::has_char(LOCAL_SPECIALS, c) || visible_non_ascii(c)
}

/// A non-ASCII character that shows: not whitespace, a control, or invisible
/// ([`crate::text::is_invisible`]: `ana\u{200B}@x.com` would be a second `ana@x.com`).
fn visible_non_ascii(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !crate::text::is_invisible(c)
}

/// Non-ASCII characters are allowed in IDN labels; which ones IDNA permits is the
/// registry's business, and checking it would ship Unicode tables to every form.
fn label_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || visible_non_ascii(c)
}

/// The live verdict for an email address as typed so far.
pub fn live(input: &str) -> Verdict {
    let value = crate::text::trim(input);
    if value.is_empty() {
        return Verdict::empty();
    }
    if value.len() > MAX_LEN {
        return Verdict::invalid("email.too_long").with_param(crate::text::decimal(MAX_LEN));
    }
    let (local, domain) = match crate::text::split_once(value, b'@') {
        Some(parts) => parts,
        None => {
            return match check_local(value, true) {
                Ok(()) => Verdict::incomplete("email.missing_at"),
                Err(code) => Verdict::invalid(code),
            }
        }
    };
    if let Err(code) = check_local(local, false) {
        return Verdict::invalid(code);
    }
    if crate::text::find_byte(domain, b'@').is_some() {
        return Verdict::invalid("email.several_at");
    }
    match check_domain(domain) {
        Ok(()) => Verdict::valid(crate::text::concat(&[local, "@", &domain.to_ascii_lowercase()])),
        Err((true, code)) => Verdict::incomplete(code),
        Err((false, code)) => Verdict::invalid(code),
    }
}

/// `typing`: the `@` has not been typed yet, so a trailing dot is still a prefix.
fn check_local(local: &str, typing: bool) -> Result<(), &'static str> {
    if !crate::text::all_chars(local, local_char_ok) {
        return Err("email.local_characters");
    }
    if local.starts_with('.') || crate::text::find(local, "..").is_some() {
        return Err("email.local_dots");
    }
    if local.len() > MAX_LOCAL {
        return Err("email.local_too_long");
    }
    if !typing && (local.is_empty() || local.ends_with('.')) {
        return Err(if local.is_empty() { "email.local_empty" } else { "email.local_dots" });
    }
    Ok(())
}

/// `Err((could_continue, code))`.
fn check_domain(domain: &str) -> Result<(), (bool, &'static str)> {
    if domain.is_empty() {
        return Err((true, "email.domain_missing"));
    }
    if !crate::text::all_chars(domain, |c| c == '.' || label_char_ok(c)) {
        return Err((false, "email.domain_characters"));
    }
    if domain.starts_with('.') || crate::text::find(domain, "..").is_some() {
        return Err((false, "email.domain_dots"));
    }
    // One pass, no Vec of labels: `tld` is the label before `label` until the loop ends.
    let mut labels = 0;
    let mut tld = "";
    for label in crate::text::split(domain, b'.') {
        // The last label may still be growing, so a trailing hyphen there is a prefix: the
        // previous label's is checked only now that another one follows.
        if labels > 0 && tld.ends_with('-') {
            return Err((false, "email.domain_hyphen"));
        }
        if label.chars().count() > MAX_LABEL {
            return Err((false, "email.domain_label_too_long"));
        }
        if label.starts_with('-') {
            return Err((false, "email.domain_hyphen"));
        }
        tld = label;
        labels += 1;
    }
    if labels < 2 {
        return Err((true, "email.domain_needs_dot"));
    }
    if tld.is_empty() || tld.chars().count() < 2 || tld.ends_with('-') {
        return Err((true, "email.tld_short"));
    }
    if crate::text::all_bytes(tld, |b| b.is_ascii_digit()) {
        return Err((false, "email.tld_digits"));
    }
    Ok(())
}

pub const MESSAGES: crate::messages::Messages = crate::messages::messages! {
    "email.too_long" => "An email address has at most {0} characters.", "Un correo tiene como máximo {0} caracteres.", "Um e-mail tem no máximo {0} caracteres.";
    "email.missing_at" => "Keep typing: an email address has an @ and a domain.", "Sigue escribiendo: un correo tiene una @ y un dominio.", "Continue digitando: um e-mail tem um @ e um domínio.";
    "email.several_at" => "An email address has only one @.", "Un correo tiene una sola @.", "Um e-mail tem apenas um @.";
    "email.local_characters" => "The part before the @ has a character that is not allowed.", "La parte antes de la @ tiene un carácter no permitido.", "A parte antes do @ tem um caractere não permitido.";
    "email.local_dots" => "The part before the @ cannot start or end with a dot or have two dots in a row.", "La parte antes de la @ no puede empezar ni terminar con punto ni tener dos puntos seguidos.", "A parte antes do @ não pode começar nem terminar com ponto nem ter dois pontos seguidos.";
    "email.local_too_long" => "The part before the @ has at most 64 characters.", "La parte antes de la @ tiene como máximo 64 caracteres.", "A parte antes do @ tem no máximo 64 caracteres.";
    "email.local_empty" => "Type the part before the @.", "Escribe la parte antes de la @.", "Digite a parte antes do @.";
    "email.domain_missing" => "Keep typing: add the domain after the @.", "Sigue escribiendo: agrega el dominio después de la @.", "Continue digitando: adicione o domínio depois do @.";
    "email.domain_characters" => "The domain has a character that is not allowed.", "El dominio tiene un carácter no permitido.", "O domínio tem um caractere não permitido.";
    "email.domain_dots" => "The domain cannot start with a dot or have two dots in a row.", "El dominio no puede empezar con punto ni tener dos puntos seguidos.", "O domínio não pode começar com ponto nem ter dois pontos seguidos.";
    "email.domain_label_too_long" => "A part of the domain has at most 63 characters.", "Una parte del dominio tiene como máximo 63 caracteres.", "Uma parte do domínio tem no máximo 63 caracteres.";
    "email.domain_hyphen" => "A part of the domain cannot start or end with a hyphen.", "Una parte del dominio no puede empezar ni terminar con guion.", "Uma parte do domínio não pode começar nem terminar com hífen.";
    "email.domain_needs_dot" => "Keep typing: the domain needs a dot, like example.com.", "Sigue escribiendo: el dominio necesita un punto, como example.com.", "Continue digitando: o domínio precisa de um ponto, como example.com.";
    "email.tld_short" => "Keep typing: the domain ending needs at least two letters.", "Sigue escribiendo: la terminación del dominio necesita al menos dos letras.", "Continue digitando: a terminação do domínio precisa de pelo menos duas letras.";
    "email.tld_digits" => "The domain ending cannot be only digits.", "La terminación del dominio no puede ser solo dígitos.", "A terminação do domínio não pode ser só dígitos.";
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::State;

    #[test]
    fn valid_addresses() {
        for (input, normalized) in [
            ("serviceprovider1@example.com", "serviceprovider1@example.com"),
            (" Ana.Perez+tag@Example.CL ", "Ana.Perez+tag@example.cl"),
            ("o'brien@example.co.uk", "o'brien@example.co.uk"),
            ("josé@example.com", "josé@example.com"),
            ("user@bücher.de", "user@bücher.de"),
            ("a@b.c.com", "a@b.c.com"),
            ("x=y!z@sub-domain.example.org", "x=y!z@sub-domain.example.org"),
        ] {
            let v = live(input);
            assert_eq!((v.state, v.normalized.as_deref()), (State::Valid, Some(normalized)), "{input}");
        }
    }

    #[test]
    fn incomplete_while_typing() {
        for input in ["a", "ana.", "ana@", "ana@exa", "ana@example.", "ana@example.c", "ana@ex-"] {
            assert_eq!(live(input).state, State::Incomplete, "{input}");
        }
    }

    #[test]
    fn invalid_addresses() {
        for (input, code) in [
            ("Simon <simon@example.com>", "email.local_characters"),
            ("\"a b\"@example.com", "email.local_characters"),
            ("a@[127.0.0.1]", "email.domain_characters"),
            ("ana@@example.com", "email.several_at"),
            (".ana@example.com", "email.local_dots"),
            ("ana..p@example.com", "email.local_dots"),
            ("ana.@example.com", "email.local_dots"),
            ("@example.com", "email.local_empty"),
            ("ana@example..com", "email.domain_dots"),
            ("ana@-example.com", "email.domain_hyphen"),
            ("ana@example-.com", "email.domain_hyphen"),
            ("ana@example.123", "email.tld_digits"),
            ("ana@exa mple.com", "email.domain_characters"),
            ("ana\u{200B}@example.com", "email.local_characters"),
            ("ana@exa\u{200D}mple.com", "email.domain_characters"),
            ("\u{202E}moc.elpmaxe@ana", "email.local_characters"),
        ] {
            let v = live(input);
            assert_eq!((v.state, v.code), (State::Invalid, code), "{input}");
        }
        assert_eq!(live(&format!("{}@example.com", "a".repeat(65))).code, "email.local_too_long");
        assert_eq!(live(&format!("a@{}.com", "b".repeat(250))).code, "email.too_long");
    }
}
