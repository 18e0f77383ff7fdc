use super::examples::EXAMPLES;
use super::*;
use crate::verdict::State;
use proptest::prelude::*;

fn v(input: &str, country: Option<&str>) -> (State, &'static str, Option<String>) {
    let v = live(input, country);
    (v.state, v.code, v.param)
}

/// Every region, main regions first within a calling code.
fn regions() -> impl Iterator<Item = Region> {
    metadata::INDEX.iter().filter_map(Region::at)
}

/// The ISO alpha-3 country a phone region counts in (`None` for Kosovo).
fn country_of(alpha2: &str) -> Option<&'static str> {
    let a2 = PARTS.iter().find(|(p, _)| *p == alpha2).map_or(alpha2, |(_, w)| w);
    crate::country::by_alpha2(a2).map(|c| c.alpha3)
}

#[test]
fn metadata_is_whole_and_every_pattern_parses() {
    let all: Vec<Region> = regions().collect();
    assert_eq!(all.len(), 245);
    assert_eq!(metadata::REGIONS.lines().count(), 2 * 245);
    assert_eq!(metadata::EXAMPLES.lines().count(), 245);
    let mut patterns = 0;
    for r in &all {
        assert!(r.alpha2.len() == 2 && r.alpha2.bytes().all(|b| b.is_ascii_uppercase()), "{r:?}");
        assert!((1..1000).contains(&r.code.0), "{r:?}");
        assert!(r.lengths != 0 && r.lengths >> 18 == 0, "{r:?}");
        assert!(r.pattern.is_empty() || pattern::parses(r.pattern), "{} national pattern", r.alpha2);
        // The patterns line: the national pattern, then at most one field per type slot.
        let line = metadata::REGIONS.lines().nth(r.index).unwrap();
        assert!(line.split(' ').count() <= 1 + SLOTS.len(), "{} types", r.alpha2);
        let mut has_types = false;
        for i in 0..SLOTS.len() {
            if let Some((p, lengths)) = r.slot(i) {
                assert!(pattern::parses(p), "{} type {i}", r.alpha2);
                assert!(lengths != 0 && lengths & !r.lengths == 0, "{} type {i} lengths", r.alpha2);
                has_types = true;
                patterns += 1;
            }
        }
        assert!(has_types, "{} has no types", r.alpha2);
        // Each example number is of its slot's type (or fixed line or mobile).
        for (i, e) in r.examples().enumerate() {
            if e.is_empty() {
                continue;
            }
            let found = r.number_type(e.as_bytes());
            assert!(found.is_some_and(|f| accepts(&[SLOTS[i]], f)), "{} example {e} of slot {i}: {found:?}", r.alpha2);
        }
        // One grouping per possible length, each of digits 1-z.
        let mut lengths = 0u32;
        for g in r.groupings.split(',') {
            let sum: u32 = g.chars().map(|c| c.to_digit(36).filter(|&n| n > 0).unwrap()).sum();
            assert!(lengths & (1 << sum) == 0, "{} grouping {g}", r.alpha2);
            lengths |= 1 << sum;
        }
        assert_eq!(lengths, r.lengths, "{}", r.alpha2);
    }
    // Every type pattern of the max metadata.
    assert!(patterns > 1000, "{patterns}");
    // Calling codes are prefix-free, so the first code that starts a number is its code.
    for a in &all {
        for b in &all {
            if a.code != b.code {
                let (a, b) = (a.code.0.to_string(), b.code.0.to_string());
                assert!(!b.starts_with(&a), "{a} is a prefix of {b}");
            }
        }
    }
}

#[test]
fn the_country_table_and_the_phone_metadata_agree() {
    for c in crate::country::COUNTRIES {
        let codes: Vec<u16> =
            country_regions(c.alpha3).map(|list| list.iter().map(|r| r.code.0).collect()).unwrap_or_default();
        let mut unique = Vec::new();
        for code in codes {
            if !unique.contains(&code) {
                unique.push(code);
            }
        }
        assert_eq!(unique, c.calling_codes, "{}", c.alpha3);
        assert_eq!(calling_code(c.alpha3), c.calling_codes.first().copied(), "{}", c.alpha3);
    }
    // Every region is an ISO country, a part of one, or Kosovo.
    for r in regions() {
        assert!(country_of(r.alpha2).is_some() || r.alpha2 == "XK", "{}", r.alpha2);
    }
    assert_eq!(metadata::INDEX.len(), 245);
}

#[test]
fn region_verdicts_and_types_are_libphonenumber_js_ones() {
    // The fixture: example numbers and variants, with libphonenumber-js's region-level verdict.
    let mut valid = 0;
    for &(alpha2, e164, expected) in EXAMPLES {
        let got = live_for_region(e164, alpha2).unwrap();
        let name = got.phone_type.map_or("", |t| t.name());
        let theirs = match expected {
            "" => "",
            t => PhoneType::ALL[[
                "MOBILE", "FIXED_LINE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "VOIP",
                "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL",
            ]
            .iter()
            .position(|n| *n == t)
            .unwrap()]
            .name(),
        };
        assert_eq!((got.state == State::Valid, name), (!theirs.is_empty(), theirs), "{alpha2} {e164}: {got:?}");
        valid += usize::from(got.state == State::Valid);
    }
    assert!(EXAMPLES.len() > 4000 && valid > 1000, "{} {valid}", EXAMPLES.len());
}

#[test]
fn every_example_number_is_valid_for_its_own_country() {
    let mut checked = 0;
    for r in regions() {
        for nsn in r.examples().filter(|e| !e.is_empty()) {
            let e164 = format!("{}{nsn}", r.code.plus());
            checked += 1;
            let any = live(&e164, None);
            assert_eq!(any.state, State::Valid, "{} {e164} without a country: {any:?}", r.alpha2);
            assert_eq!(any.normalized.as_deref(), Some(e164.as_str()));
            if let Some(a3) = country_of(r.alpha2) {
                let own = live(&e164, Some(a3));
                assert_eq!(own.state, State::Valid, "{} {e164} for {a3}: {own:?}", r.alpha2);
                // Typed with the display grouping, it reads the same.
                let shown = own.formatted.clone().unwrap();
                assert_eq!(live(&shown, Some(a3)).normalized.as_deref(), Some(e164.as_str()), "{shown}");
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn a_number_only_another_region_has_is_a_mismatch() {
    let mut mismatches = 0;
    for &(alpha2, e164, expected) in EXAMPLES {
        let d = &e164.as_bytes()[1..];
        let code = code_of(d).unwrap();
        if expected.is_empty() || on_code(code).count() < 2 {
            continue;
        }
        for other in on_code(code).filter(|r| r.alpha2 != alpha2) {
            let Some(a3) = country_of(other.alpha2) else { continue };
            let mine = country_regions(a3).unwrap();
            let got = live(e164, Some(a3));
            let theirs = mine.iter().any(|m| live_for_region(e164, m.alpha2).unwrap().state == State::Valid);
            if theirs {
                assert_eq!(got.state, State::Valid, "{e164} for {a3}");
            } else {
                assert_eq!(got.code, "phone.country_mismatch", "{e164} for {a3} (it is {alpha2}'s): {got:?}");
                mismatches += 1;
            }
        }
    }
    assert!(mismatches > 300, "{mismatches}");
}

#[test]
fn every_prefix_of_a_valid_number_is_incomplete_or_valid() {
    for &(alpha2, e164, _) in EXAMPLES {
        let mut countries = vec![None];
        if let Some(a3) = country_of(alpha2) {
            countries.push(Some(a3));
        }
        for country in &countries {
            let whole = live(e164, *country);
            if whole.state != State::Valid {
                continue;
            }
            let only = whole.phone_type.map(|t| vec![t]);
            for k in 0..e164.len() {
                let prefix = &e164[..k];
                let expected = if k == 0 { State::Empty } else { State::Incomplete };
                // Also when only the number's own type is accepted.
                for got in [live(prefix, *country), live_of_types(prefix, *country, only.as_deref())] {
                    assert!(
                        got.state == expected || got.state == State::Valid,
                        "{prefix} (prefix of {e164}) for {country:?}: {got:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn phone_types_and_required_types() {
    let t = |s: &str, c: &str| live(s, Some(c)).phone_type;
    assert_eq!(t("+44 7400 123456", "GBR"), Some(PhoneType::Mobile));
    assert_eq!(t("+44 121 234 5678", "GBR"), Some(PhoneType::FixedLine));
    assert_eq!(t("+44 800 123 4567", "GBR"), Some(PhoneType::TollFree));
    assert_eq!(t("+1 201 555 0123", "USA"), Some(PhoneType::FixedLineOrMobile));
    assert_eq!(t("+56 9 6123 4567", "CHL"), Some(PhoneType::FixedLineOrMobile));
    assert_eq!(t("+54 9 11 2345 6789", "ARG"), Some(PhoneType::Mobile));
    assert_eq!(t("+52 55 1234 567", "MEX"), None);
    let mobile = Some(&[PhoneType::Mobile][..]);
    let only = |s: &str, c: &str, types| {
        let v = live_of_types(s, Some(c), types);
        (v.state, v.code, v.param)
    };
    assert_eq!(only("+44 7400 123456", "GBR", mobile).0, State::Valid);
    assert_eq!(only("+44 121 234 5678", "GBR", mobile), (State::Invalid, "phone.not_mobile", None));
    // As soon as no mobile number can start so: a British fixed line area code.
    assert_eq!(only("+44 121", "GBR", mobile), (State::Invalid, "phone.not_mobile", None));
    assert_eq!(only("+44 7", "GBR", mobile).0, State::Incomplete);
    // The US and Chile do not tell fixed lines and mobiles apart: both kinds are accepted.
    assert_eq!(only("+1 201 555 0123", "USA", mobile).0, State::Valid);
    assert_eq!(only("+56 2 2123 4567", "CHL", Some(&[PhoneType::FixedLine])).0, State::Valid);
    let free = Some(&[PhoneType::TollFree, PhoneType::Uan][..]);
    assert_eq!(only("+44 800 123 4567", "GBR", free).0, State::Valid);
    assert_eq!(
        only("+44 7400 123456", "GBR", free),
        (State::Invalid, "phone.type_not_allowed", Some("tollFree, uan".into()))
    );
    // No types, or an empty list: any type.
    assert_eq!(only("+44 121 234 5678", "GBR", Some(&[])).0, State::Valid);
    assert_eq!(only("+44 121 234 5678", "GBR", None).0, State::Valid);
    for t in PhoneType::ALL {
        assert_eq!(PhoneType::parse(t.name()), Some(t));
    }
    assert_eq!(PhoneType::parse("MOBILE"), None);
}

#[test]
fn example_numbers() {
    assert_eq!(example("CHL", None).as_deref(), Some("+56 2 2123 4567"));
    assert_eq!(example("GBR", None).as_deref(), Some("+44 7400 123456"));
    assert_eq!(example("GBR", Some(PhoneType::FixedLine)).as_deref(), Some("+44 1212 345678"));
    assert_eq!(example("USA", Some(PhoneType::Mobile)).as_deref(), Some("+1 201 555 0123"));
    assert_eq!(example("USA", Some(PhoneType::FixedLineOrMobile)).as_deref(), Some("+1 201 555 0123"));
    assert_eq!(example("USA", Some(PhoneType::TollFree)).as_deref(), Some("+1 800 234 5678"));
    assert_eq!(example("ATA", None), None);
    assert_eq!(example("XXX", None), None);
    // Every country's example, of every type it has, is valid for it and of that type.
    let mut seen = 0;
    for c in crate::country::COUNTRIES {
        for kind in PhoneType::ALL.into_iter().map(Some).chain([None]) {
            let Some(e) = example(c.alpha3, kind) else { continue };
            let v = live(&e, Some(c.alpha3));
            assert_eq!(v.state, State::Valid, "{} {kind:?}: {e} {v:?}", c.alpha3);
            assert_eq!(v.formatted.as_deref(), Some(e.as_str()));
            if let Some(k) = kind {
                assert!(accepts(&[k], v.phone_type.unwrap()), "{} {kind:?}: {e} {v:?}", c.alpha3);
            }
            seen += 1;
        }
    }
    assert!(seen > 1000, "{seen}");
}

#[test]
fn required_behaviours() {
    // Chile: 9 digits after +56.
    assert_eq!(v("+5692111111", Some("CHL")), (State::Incomplete, "phone.too_short", Some("9".into())));
    assert_eq!(v("+5693111111", Some("CHL")).1, "phone.too_short");
    let ok = live("+56961234567", Some("CHL"));
    assert_eq!(ok.state, State::Valid);
    assert_eq!(ok.normalized.as_deref(), Some("+56961234567"));
    assert_eq!(ok.formatted.as_deref(), Some("+56 9 6123 4567"));
    assert_eq!(live("+56 9 6123 4567", Some("CHL")).normalized.as_deref(), Some("+56961234567"));
    assert_eq!(live("(+56) 9-6123.4567", Some("chl")).normalized.as_deref(), Some("+56961234567"));
    assert_eq!(v("+56961234567", Some("MEX")), (State::Invalid, "phone.country_mismatch", Some("+56".into())));
    assert_eq!(v("+56 9 6123 4567 9", Some("CHL")).1, "phone.too_long");
    assert_eq!(v("+56 9 6123 4567 9", Some("CHL")).0, State::Invalid);
    // +1: Canada, the Dominican Republic, Puerto Rico.
    assert_eq!(v("+1 204 555 0123", Some("USA")), (State::Invalid, "phone.country_mismatch", Some("CAN".into())));
    assert_eq!(v("+1 204 555 0123", Some("CAN")).0, State::Valid);
    assert_eq!(v("+1 809 555 0123", Some("DOM")).0, State::Valid);
    assert_eq!(v("+1 829 555 0123", Some("DOM")).0, State::Valid);
    assert_eq!(v("+1 849 555 0123", Some("DOM")).0, State::Valid);
    assert_eq!(v("+1 809 555 0123", Some("USA")), (State::Invalid, "phone.country_mismatch", Some("DOM".into())));
    assert_eq!(v("+1 787 555 0123", Some("PRI")).0, State::Valid);
    assert_eq!(v("+1 939 555 0123", Some("PRI")).0, State::Valid);
    assert_eq!(v("+1 787 555 0123", Some("USA")), (State::Invalid, "phone.country_mismatch", Some("PRI".into())));
    assert_eq!(v("+1 212 555 0123", Some("USA")).0, State::Valid);
    assert_eq!(v("+1 212 555 0123", Some("CAN")), (State::Invalid, "phone.country_mismatch", Some("USA".into())));
    assert_eq!(v("+1 212 555 0123", Some("DOM")), (State::Invalid, "phone.country_mismatch", Some("USA".into())));
    // Toll-free numbers are shared by the US and Canada.
    assert_eq!(v("+1 800 555 0123", Some("USA")).0, State::Valid);
    assert_eq!(v("+1 800 555 0123", Some("CAN")).0, State::Valid);
    // Argentina and Mexico.
    assert_eq!(v("+54 9 11 2345 6789", Some("ARG")).0, State::Valid);
    assert_eq!(live("+54 9 11 2345 6789", Some("ARG")).formatted.as_deref(), Some("+54 9 11 2345 6789"));
    assert_eq!(v("+54 11 2345 6789", Some("ARG")).0, State::Valid);
    assert_eq!(v("+52 55 1234 5678", Some("MEX")).0, State::Valid);
    assert_eq!(live("+52 55 1234 5678", Some("MEX")).normalized.as_deref(), Some("+525512345678"));
    // No plus, other characters.
    assert_eq!(v("5691234", Some("CHL")), (State::Invalid, "phone.missing_plus", None));
    assert_eq!(v("56 9 6123 4567", None).1, "phone.missing_plus");
    assert_eq!(v("+56 9 1234 abcd", Some("CHL")).1, "phone.characters");
    assert_eq!(v("+56+91234", Some("CHL")).1, "phone.characters");
    assert_eq!(v("tel:+56961234567", Some("CHL")).1, "phone.characters");
}

#[test]
fn the_calling_code_as_it_is_typed() {
    for input in ["+", "+5"] {
        assert_eq!(
            v(input, Some("CHL")),
            (State::Incomplete, "phone.calling_code_expected", Some("+56".into())),
            "{input}"
        );
    }
    assert_eq!(v("+56", Some("CHL")), (State::Incomplete, "phone.too_short", Some("9-11".into())));
    assert_eq!(v("+56 9", Some("CHL")), (State::Incomplete, "phone.too_short", Some("9".into())));
    assert_eq!(v("+56 9 6123", Some("CHL")), (State::Incomplete, "phone.too_short", Some("9".into())));
    // No Chilean number starts with 9 12 (a mobile range not assigned): invalid at once.
    assert_eq!(v("+56 9 12", Some("CHL")), (State::Invalid, "phone.invalid_number", Some("+56".into())));
    // A complete code of another country, or one that can never become the country's.
    assert_eq!(v("+52", Some("CHL")), (State::Invalid, "phone.country_mismatch", Some("+52".into())));
    assert_eq!(v("+1", Some("CHL")), (State::Invalid, "phone.country_mismatch", Some("+1".into())));
    assert_eq!(v("+4", Some("CHL")), (State::Invalid, "phone.calling_code", Some("+56".into())));
    assert_eq!(v("+0", Some("CHL")), (State::Invalid, "phone.calling_code", Some("+56".into())));
    assert_eq!(v("+999", Some("CHL")), (State::Invalid, "phone.calling_code", Some("+56".into())));
    // Without a country.
    assert_eq!(v("+", None), (State::Incomplete, "phone.calling_code_incomplete", None));
    assert_eq!(v("+5", None), (State::Incomplete, "phone.calling_code_incomplete", None));
    assert_eq!(v("+59", None), (State::Incomplete, "phone.calling_code_incomplete", None));
    assert_eq!(v("+0", None), (State::Invalid, "phone.unknown_calling_code", None));
    assert_eq!(v("+999", None), (State::Invalid, "phone.unknown_calling_code", None));
    assert_eq!(v("+56961234567", None).0, State::Valid);
    assert_eq!(v("+12045550123", None).0, State::Valid);
    // Empty.
    assert_eq!(v("", Some("CHL")), (State::Empty, "empty", None));
    assert_eq!(v("   ", Some("CHL")), (State::Empty, "empty", None));
}

#[test]
fn impossible_numbers_are_told_apart_from_incomplete_ones() {
    // Chile: 12300..., 6 + 9-10 digits, or [2-9] + 8 digits.
    assert_eq!(v("+56 1", Some("CHL")).0, State::Incomplete);
    assert_eq!(v("+56 123", Some("CHL")).0, State::Incomplete);
    assert_eq!(v("+56 124", Some("CHL")), (State::Invalid, "phone.invalid_number", Some("+56".into())));
    assert_eq!(v("+56 0", Some("CHL")).1, "phone.invalid_number");
    // Mexico: 10 digits, not starting with 0 or 1.
    assert_eq!(v("+52 1", Some("MEX")).1, "phone.invalid_number");
    assert_eq!(v("+52 55 1234 567", Some("MEX")), (State::Incomplete, "phone.too_short", Some("10".into())));
    assert_eq!(v("+52 55 1234 5678 9", Some("MEX")), (State::Invalid, "phone.too_long", Some("10".into())));
    // Argentina: a 10-digit prefix of an 11-digit mobile number is incomplete, not invalid.
    assert_eq!(v("+54 9 11 2345 678", Some("ARG")), (State::Incomplete, "phone.too_short", Some("11".into())));
    assert_eq!(v("+54 11 2345 6789 0", Some("ARG")).1, "phone.too_long");
    // Far too long.
    assert_eq!(v(&format!("+56{}", "9".repeat(40)), Some("CHL")).1, "phone.too_long");
    assert_eq!(v(&format!("+{}", "9".repeat(400)), None).1, "phone.unknown_calling_code");
    assert_eq!(v(&format!("+1{}", "2".repeat(400)), None).1, "phone.too_long");
}

#[test]
fn shared_codes_are_recognised_early_by_leading_digits() {
    // +1 809 is already Dominican: the US has no 809 numbers.
    assert_eq!(v("+1 809", Some("USA")), (State::Invalid, "phone.country_mismatch", Some("DOM".into())));
    assert_eq!(v("+1 80", Some("USA")).0, State::Incomplete);
    assert_eq!(v("+1 809", Some("DOM")).0, State::Incomplete);
    // The Dominican Republic has no 2xx numbers, the USA has.
    assert_eq!(v("+1 2", Some("DOM")), (State::Invalid, "phone.country_mismatch", Some("USA".into())));
    // A US exchange cannot start with 1 (the example).
    assert_eq!(v("+1 201 110 4898", Some("USA")), (State::Invalid, "phone.invalid_number", Some("+1".into())));
    assert_eq!(v("+1 201 1", Some("USA")).1, "phone.invalid_number");
    // +7: Kazakhstan's numbers start with 7, Russia's with 3, 4, 8, 9.
    assert_eq!(v("+7 7", Some("RUS")), (State::Invalid, "phone.country_mismatch", Some("KAZ".into())));
    assert_eq!(v("+7 9", Some("KAZ")), (State::Invalid, "phone.country_mismatch", Some("RUS".into())));
    assert_eq!(v("+7 701 123 4567", Some("KAZ")).0, State::Valid);
    assert_eq!(v("+7 912 345 6789", Some("RUS")).0, State::Valid);
    // +44: Guernsey, Isle of Man and Jersey mobiles.
    let gg = live("+44 7781 123456", Some("GBR"));
    assert_eq!((gg.code, gg.param.as_deref()), ("phone.country_mismatch", Some("GGY")));
    assert_eq!(v("+44 7781 123456", Some("GGY")).0, State::Valid);
    assert_eq!(v("+44 7700 123456", Some("GBR")).0, State::Valid);
    assert_eq!(v("+44 7624 123456", Some("GBR")).2.as_deref(), Some("IMN"));
    assert_eq!(v("+44 7624 123456", Some("IMN")).0, State::Valid);
    assert_eq!(v("+44 7797 123456", Some("JEY")).0, State::Valid);
    // +47 79 is Svalbard, +358 18 is Åland, +599 9 Curaçao and 7 Bonaire.
    assert_eq!(v("+47 79", Some("NOR")).2.as_deref(), Some("SJM"));
    assert_eq!(v("+358 18", Some("FIN")).2.as_deref(), Some("ALA"));
    assert_eq!(v("+599 9 518 1234", Some("CUW")).0, State::Valid);
    assert_eq!(v("+599 7", Some("CUW")).2.as_deref(), Some("BES"));
    // Saint Helena takes Ascension's +247 and Tristan da Cunha's +290 8.
    assert_eq!(v("+290 8123", Some("SHN")).0, State::Valid);
    assert_eq!(v("+290 2123", Some("SHN")).0, State::Incomplete);
    assert_eq!(v("+290 22123", Some("SHN")).0, State::Valid);
    assert_eq!(v("+247 40123", Some("SHN")).0, State::Valid);
    assert_eq!(calling_code("SHN"), Some(290));
    assert_eq!(v("+2", Some("SHN")).0, State::Incomplete);
    assert_eq!(v("+24", Some("SHN")).0, State::Incomplete);
}

#[test]
fn countries_without_their_own_code_take_any_number() {
    for a3 in ["ATA", "BVT", "SGS", "HMD", "PCN", "ATF", "UMI", "XKX", "ZZZ", "", "chl?"] {
        assert_eq!(calling_code(a3), None, "{a3}");
        assert_eq!(v("+56961234567", Some(a3)).0, State::Valid, "{a3}");
        assert_eq!(v("+5", Some(a3)).1, "phone.calling_code_incomplete", "{a3}");
    }
    assert_eq!(v("+383 44 123 456", None).0, State::Valid); // Kosovo
    assert_eq!(v("+383 44 123 456", Some("SRB")), (State::Invalid, "phone.country_mismatch", Some("+383".into())));
}

#[test]
fn calling_codes() {
    assert_eq!(calling_code("CHL"), Some(56));
    assert_eq!(calling_code("chl"), Some(56));
    assert_eq!(calling_code(" MEX "), Some(52));
    assert_eq!(calling_code("USA"), Some(1));
    assert_eq!(calling_code("CAN"), Some(1));
    assert_eq!(calling_code("DOM"), Some(1));
    assert_eq!(calling_code("KAZ"), Some(7));
    assert_eq!(calling_code("ARG"), Some(54));
    assert_eq!(calling_code("BRA"), Some(55));
    assert_eq!(calling_code("VAT"), Some(39));
    assert_eq!(calling_code("ATA"), None);
    assert_eq!(calling_code("CL"), None);
}

#[test]
fn display_forms() {
    let f = |s: &str, c: Option<&str>| format(s, c);
    assert_eq!(f("+56961234567", Some("CHL")), "+56 9 6123 4567");
    assert_eq!(f("+56961", Some("CHL")), "+56 9 61");
    assert_eq!(f("+56", Some("CHL")), "+56");
    assert_eq!(f("+5", Some("CHL")), "+5");
    assert_eq!(f("+", None), "+");
    assert_eq!(f("+12045550123", None), "+1 204 555 0123");
    assert_eq!(f("+1204", Some("CAN")), "+1 204");
    assert_eq!(f("+549112345", Some("ARG")), "+54 9 11 2345");
    // One grouping per length: Mexico's is 3-3-4 (the 2-4-4 of Mexico City, Guadalajara and
    // Monterrey would need the formats' leading digits, 11 KB of patterns).
    assert_eq!(f("+525512345678", Some("MEX")), "+52 551 234 5678");
    assert_eq!(f("+34612345678", Some("ESP")), "+34 612 34 56 78");
    assert_eq!(f("(+56) 9-6123", Some("CHL")), "+56 9 6123");
    // Not a phone number: as typed.
    assert_eq!(f("hello", Some("CHL")), "hello");
    assert_eq!(f("56912", Some("CHL")), "56912");
    assert_eq!(f("", Some("CHL")), "");
    // A verdict carries the same display form.
    assert_eq!(live("+56961", Some("CHL")).formatted.as_deref(), Some("+56 9 61"));
    assert_eq!(live("+56 9 6123 4567 9", Some("CHL")).formatted.as_deref(), Some("+56 9 6123 4567 9"));
    // Where libphonenumber-js groups nothing: up to 5 digits together, then fours from the right.
    assert_eq!(f("+29022123", None), "+290 22123");
    assert_eq!(f("+247401", None), "+247 401");
    // Lengths in messages.
    assert_eq!(lengths_text(1 << 9), "9");
    assert_eq!(lengths_text((1 << 10) | (1 << 11)), "10, 11");
    assert_eq!(lengths_text(0b1_1110_0000), "5-8");
    assert_eq!(lengths_text(0b101_1100_0000), "6-8, 10");
}

#[test]
fn odd_input_does_not_panic() {
    let huge = "9".repeat(10 << 20);
    assert_eq!(live(&huge, Some("CHL")).state, State::Invalid);
    assert_eq!(format(&huge, Some("CHL")).len(), huge.len());
    for input in [
        "+",
        "++",
        "+\u{0}",
        "+٥٦٩",
        "+５６",
        "+56\u{200b}9",
        "+56 9 ☎",
        "\u{feff}+56",
        "+56\t9\n1",
        "-",
        "()",
        ".",
        "+-",
        "+()",
    ] {
        let got = live(input, Some("CHL"));
        let _ = live(input, None);
        let _ = format(input, Some("CHL"));
        assert_ne!(got.state, State::Valid, "{input:?}");
    }
    assert_eq!(live("+56\t9\n6123 4567", Some("CHL")).state, State::Valid);
}

#[test]
fn every_code_has_a_message() {
    for code in [
        "phone.missing_plus",
        "phone.characters",
        "phone.calling_code_incomplete",
        "phone.calling_code_expected",
        "phone.calling_code",
        "phone.unknown_calling_code",
        "phone.country_mismatch",
        "phone.too_short",
        "phone.too_long",
        "phone.invalid_length",
        "phone.invalid_number",
        "phone.not_mobile",
        "phone.type_not_allowed",
    ] {
        assert!(MESSAGES.iter().any(|m| m.code == code), "{code}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_input_gets_a_verdict(s in "\\PC{0,40}", country in prop::sample::select(vec!["CHL", "USA", "CAN", "GBR", "ATA", "XXX"])) {
        let got = live(&s, Some(country));
        let _ = live(&s, None);
        let _ = format(&s, Some(country));
        if got.state == State::Valid {
            let n = got.normalized.unwrap();
            prop_assert!(n.starts_with('+') && n[1..].bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn digit_strings_are_consistent(d in "[0-9]{0,20}", country in prop::sample::select(vec!["CHL", "MEX", "ARG", "USA", "CAN", "DOM", "GBR", "RUS", "KAZ", "FIN", "AUS"])) {
        let input = format!("+{d}");
        let got = live(&input, Some(country));
        // Whatever a number is, each of its prefixes is at least as open: if a prefix is
        // invalid, so is the number (unless the number is a mismatch found only at the end).
        if got.state == State::Valid {
            for k in 1..input.len() {
                let p = live(&input[..k], Some(country));
                prop_assert!(p.state == State::Incomplete || p.state == State::Valid, "{} of {}: {:?}", &input[..k], input, p);
            }
            prop_assert_eq!(got.normalized.as_deref(), Some(input.as_str()));
        }
        // The display form reads back to the same verdict.
        let shown = format(&input, Some(country));
        let again = live(&shown, Some(country));
        prop_assert_eq!((again.state, again.code), (got.state, got.code));
    }

    #[test]
    fn invalid_is_a_dead_end(
        d in "[0-9]{0,16}",
        more in "[0-9]{1,4}",
        country in prop::sample::select(vec![None, Some("CHL"), Some("MEX"), Some("USA"), Some("CAN"), Some("GBR"), Some("RUS"), Some("KAZ"), Some("FIN"), Some("ALA"), Some("SHN")]),
        mobile in any::<bool>(),
    ) {
        // No digit can rescue an invalid number, with or without a required type.
        let types = mobile.then_some(&[PhoneType::Mobile][..]);
        let before = live_of_types(&format!("+{d}"), country, types);
        if before.state == State::Invalid {
            let after = live_of_types(&format!("+{d}{more}"), country, types);
            prop_assert_eq!(after.state, State::Invalid, "+{} {:?} then {}: {:?}", d, before, more, after);
        }
    }
}
