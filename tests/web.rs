//! The JavaScript surface, in headless Chromium: every export called with JS values as a page
//! would pass them, including the hostile ones (wrong types, huge strings, lone surrogates).
#![cfg(target_arch = "wasm32")]

use identity_kit::wasm::{calling_code, check_uniqueness, countries, document_types, format_field, validate_field, validate_identity};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn obj(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn get_str(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

fn verdict(field: &str, value: &str, ctx: &str) -> JsValue {
    validate_field(field.into(), value.into(), Some(obj(ctx))).unwrap()
}

fn is_type_error(e: &JsValue) -> bool {
    e.is_instance_of::<js_sys::TypeError>()
}

#[wasm_bindgen_test]
fn rut_states_from_the_issue() {
    let ctx = r#"{"documentType":"RUT","country":"CHL"}"#;
    let v = verdict("documentNumber", "17.604.011-4", ctx);
    assert_eq!(get_str(&v, "state").as_deref(), Some("valid"));
    assert_eq!(get_str(&v, "normalized").as_deref(), Some("17604011-4"));
    assert_eq!(get_str(&v, "formatted").as_deref(), Some("17.604.011-4"));
    let v = verdict("documentNumber", "77123126-K", ctx);
    assert_eq!(get_str(&v, "state").as_deref(), Some("invalid"));
    assert_eq!(get_str(&v, "code").as_deref(), Some("rut.check_digit"));
    assert_eq!(get_str(&v, "param").as_deref(), Some("8"));
    assert_eq!(get_str(&v, "message").as_deref(), Some("The check digit is wrong: it should be 8."));
    assert_eq!(get_str(&verdict("documentNumber", "17.604", ctx), "state").as_deref(), Some("incomplete"));
}

#[wasm_bindgen_test]
fn messages_follow_the_locale() {
    let es = verdict("documentNumber", "77123126-K", r#"{"documentType":"RUT","country":"CHL","locale":"es-CL"}"#);
    assert_eq!(get_str(&es, "message").as_deref(), Some("El dígito verificador es incorrecto: debería ser 8."));
    let pt = verdict("documentNumber", "77123126-K", r#"{"documentType":"RUT","country":"CHL","locale":"pt"}"#);
    assert_eq!(get_str(&pt, "message").as_deref(), Some("O dígito verificador está errado: deveria ser 8."));
}

#[wasm_bindgen_test]
fn phone_states_from_the_issue() {
    let v = verdict("phone", "+5692111111", r#"{"country":"CHL"}"#);
    assert_eq!(get_str(&v, "state").as_deref(), Some("incomplete"));
    assert_eq!(get_str(&v, "code").as_deref(), Some("phone.too_short"));
    let v = verdict("phone", "+56961234567", r#"{"country":"MEX"}"#);
    assert_eq!(get_str(&v, "state").as_deref(), Some("invalid"));
    assert_eq!(get_str(&v, "code").as_deref(), Some("phone.country_mismatch"));
    let v = verdict("phone", "+56 9 6123 4567", r#"{"country":"CHL"}"#);
    assert_eq!(get_str(&v, "normalized").as_deref(), Some("+56961234567"));
}

#[wasm_bindgen_test]
fn validate_identity_reports_paths_and_normalises() {
    let payload = r#"{"type":"USER","name":" Service Provider 1 ","nickname":"SP1","email":"serviceprovider1@Example.com",
        "phone":"+5692111111","documentType":"RUT","documentNumber":"17604011-4","idv":"iv-23124","country":"CHL",
        "securityOptions":{"twoFactorEnabled":false},"children":[]}"#;
    let report = validate_identity(obj(payload), None).unwrap();
    assert_eq!(get(&report, "ok").as_bool(), Some(false));
    let errors: Array = get(&report, "errors").unchecked_into();
    assert_eq!(errors.length(), 1);
    assert_eq!(get_str(&errors.get(0), "path").as_deref(), Some("phone"));
    assert_eq!(get_str(&errors.get(0), "code").as_deref(), Some("phone.too_short"));

    let fixed = payload.replace("+5692111111", "+56921111111");
    let report = validate_identity(obj(&fixed), Some(obj(r#"{"locale":"es"}"#))).unwrap();
    assert_eq!(get(&report, "ok").as_bool(), Some(true), "{:?}", JSON::stringify(&report));
    let value = get(&report, "value");
    assert_eq!(get_str(&value, "name").as_deref(), Some("Service Provider 1"));
    assert_eq!(get_str(&value, "email").as_deref(), Some("serviceprovider1@example.com"));
    assert_eq!(get(&get(&value, "securityOptions"), "twoFactorEnabled").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn uniqueness_reports_pairs() {
    let list = obj(r#"[{"type":"ORGANIZATION","documentNumber":"1-9","email":"a@x.com","phone":"+1"},
                       {"type":"ORGANIZATION","documentNumber":"1-9","email":"b@x.com","phone":"+2"},
                       {"type":"USER","documentNumber":"1-9","email":"a@x.com","phone":"+1"}]"#);
    let clashes: Array = check_uniqueness(list).unwrap().unchecked_into();
    assert_eq!(clashes.length(), 1);
    assert_eq!(get(&clashes.get(0), "second").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn catalogues() {
    let all: Array = countries(None).unwrap().unchecked_into();
    assert_eq!(all.length(), 249);
    // Names come from the browser's CLDR data, in the requested language.
    let name_of = |list: &Array, alpha3: &str| {
        list.iter().find(|c| get_str(c, "alpha3").as_deref() == Some(alpha3)).and_then(|c| get_str(&c, "name"))
    };
    assert_eq!(name_of(&all, "KOR").as_deref(), Some("South Korea"));
    let spanish: Array = countries(Some("es-CL".into())).unwrap().unchecked_into();
    assert_eq!(name_of(&spanish, "DEU").as_deref(), Some("Alemania"));
    let portuguese: Array = countries(Some("pt".into())).unwrap().unchecked_into();
    assert_eq!(name_of(&portuguese, "DEU").as_deref(), Some("Alemanha"));
    assert!(all.iter().all(|c| get_str(&c, "name").is_some_and(|n| !n.is_empty())));
    // A language without messages of its own (issue 16): names in it, messages in English.
    assert!(countries(Some("fr".into())).is_ok());
    assert!(countries(Some(JsValue::from_f64(1.0))).is_err());
    assert_eq!(calling_code("CHL".into()).unwrap(), Some(56));
    assert_eq!(calling_code("chl".into()).unwrap(), Some(56));
    let chile: Array = document_types(Some("CHL".into()), Some("USER".into())).unwrap().unchecked_into();
    let names: Vec<String> = chile.iter().filter_map(|d| get_str(&d, "type")).collect();
    assert_eq!(names, ["PASSPORT", "RUT"]);
    let mexico_orgs: Array = document_types(Some("MEX".into()), Some("ORGANIZATION".into())).unwrap().unchecked_into();
    assert!(mexico_orgs.iter().any(|d| get_str(&d, "type").as_deref() == Some("RFC")));
    assert!(!mexico_orgs.iter().any(|d| get_str(&d, "type").as_deref() == Some("CURP")));
}

#[wasm_bindgen_test]
fn format_as_typed() {
    let ctx = obj(r#"{"documentType":"RUT","country":"CHL"}"#);
    assert_eq!(format_field("documentNumber".into(), "123456785".into(), Some(ctx)).unwrap(), "12.345.678-5");
}

#[wasm_bindgen_test]
fn hostile_inputs_throw_type_errors_or_answer() {
    let ctx = || Some(obj(r#"{"country":"CHL"}"#));
    // Wrong types throw TypeError.
    for bad in [JsValue::from_f64(5.0), JsValue::TRUE, Object::new().into(), Array::new().into(), js_sys::Symbol::for_("x").into()] {
        let e = validate_field("email".into(), bad, ctx()).unwrap_err();
        assert!(is_type_error(&e));
    }
    assert!(is_type_error(&validate_field("colour".into(), "x".into(), ctx()).unwrap_err()));
    assert!(is_type_error(&validate_field(JsValue::from_f64(1.0), "x".into(), ctx()).unwrap_err()));
    assert!(is_type_error(&validate_field("email".into(), "x".into(), Some(JsValue::from_f64(3.0))).unwrap_err()));
    assert!(is_type_error(&validate_field("email".into(), "x".into(), Some(obj(r#"{"locale":7}"#))).unwrap_err()));
    // A language without messages of its own falls back to English (issue 16).
    let fr = validate_field("email".into(), "x".into(), Some(obj(r#"{"locale":"fr-FR"}"#))).unwrap();
    let en = validate_field("email".into(), "x".into(), None).unwrap();
    assert_eq!(get_str(&fr, "message"), get_str(&en, "message"));
    assert!(is_type_error(&validate_field("email".into(), "x".into(), Some(obj(r#"{"country":7}"#))).unwrap_err()));
    // Nothing typed.
    for empty in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from_str("")] {
        let v = validate_field("email".into(), empty, ctx()).unwrap();
        assert_eq!(get_str(&v, "state").as_deref(), Some("empty"));
    }
    // A 10 MB string is judged, not copied.
    let huge = JsValue::from_str(&"9".repeat(10 << 20));
    let v = validate_field("phone".into(), huge, ctx()).unwrap();
    assert_eq!(get_str(&v, "state").as_deref(), Some("invalid"));
    // Lone surrogates.
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let v = validate_field("name".into(), lone.into(), ctx()).unwrap();
    assert!(get_str(&v, "state").is_some());
    // Cycles and non-JSON payloads.
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert!(is_type_error(&validate_identity(cyclic.into(), None).unwrap_err()));
    assert!(is_type_error(&validate_identity(JsValue::from_str("{}"), None).unwrap_err()));
    assert!(is_type_error(&validate_identity(obj(r#"{"name":"x"}"#), Some(obj(r#"{"partial":"yes"}"#))).unwrap_err()));
    let with_bigint = obj(r#"{"name":"x"}"#);
    Reflect::set(&with_bigint, &"n".into(), &js_sys::BigInt::from(5u32).into()).unwrap();
    assert!(is_type_error(&validate_identity(with_bigint, None).unwrap_err()));
    // And the module still works afterwards.
    let v = verdict("documentNumber", "17.604.011-4", r#"{"documentType":"RUT","country":"CHL"}"#);
    assert_eq!(get_str(&v, "state").as_deref(), Some("valid"));
}
