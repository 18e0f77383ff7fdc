//! The identities client (`IdentityClient`) in headless Chromium against the real sandbox
//! server: the create-and-link flow both ways and its re-run, every typed error, retries,
//! paging over 250 identities, the credentials opt-in.
//!
//! Run with `bash tests/run-browser-client.sh`: it starts `identity-sandbox` (free port,
//! temporary SQLite file, CORS for this page's origin) and sets `IDENTITY_SANDBOX_URL` (read
//! here at compile time). Without it every test prints why it is skipped and passes.
//!
//! The tests use the sandbox's API routes with its dev credentials (`x-api-key: sandbox-key`
//! and a token from its `POST /auth`), hence `dangerouslyAllowBrowserCredentials: true`: the
//! page here is a test page on another origin, which `/demo-api` rightly refuses.
#![cfg(all(target_arch = "wasm32", feature = "client"))]

use identity_kit::wasm::client::IdentityClient;
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BASE: Option<&str> = option_env!("IDENTITY_SANDBOX_URL");
/// A loopback URL nothing listens on.
const CLOSED: Option<&str> = option_env!("IDENTITY_CLOSED_URL");

#[wasm_bindgen(module = "/src/wasm/errors.js")]
extern "C" {
    type IdentityClientError;
    type ValidationError;
    type ApiError;
    type NetworkError;
    type TimeoutError;
    type AbortError;
}

#[wasm_bindgen(inline_js = r#"
export async function authToken(base) {
  const r = await fetch(base + "/auth", {
    method: "POST",
    headers: { "x-api-key": "sandbox-key", "content-type": "application/json", "conomyhq-api-version": "24-04-2025" },
    body: JSON.stringify({ clientId: "sandbox-client", clientSecret: "sandbox-secret" }),
  });
  if (!r.ok) throw new Error("POST /auth answered " + r.status);
  return (await r.json()).accessToken;
}
export function constant(v) { return () => v; }
export async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}
/** A fetch that counts calls and methods; the first `fail` calls answer `status` (with
 *  `retryAfter` if given) or, with status 0, never settle; the rest go to the real fetch. */
export function recorder(fail, status, retryAfter) {
  const s = { calls: 0, methods: [] };
  s.fetch = (req) => {
    s.calls++;
    s.methods.push(req.method);
    if (s.calls <= fail) {
      if (status === 0) return new Promise(() => {});
      const headers = retryAfter == null ? {} : { "retry-after": retryAfter };
      return Promise.resolve(new Response('{"statusCode":' + status + ',"error":"Busy","message":"try later"}', { status, headers }));
    }
    return fetch(req);
  };
  return s;
}
export function abortAfter(ms) {
  const c = new AbortController();
  setTimeout(() => c.abort(new Error("user left")), ms);
  return c.signal;
}
export function alreadyAborted() {
  const c = new AbortController();
  c.abort();
  return c.signal;
}
export function progress() {
  const s = { events: [] };
  s.fn = (e) => { s.events.push(e); throw new Error("a throwing onProgress must not break the flow"); };
  return s;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = authToken, catch)]
    async fn auth_token(base: &str) -> Result<JsValue, JsValue>;
    fn constant(v: &JsValue) -> Function;
    #[wasm_bindgen(catch)]
    async fn collect(iterable: &JsValue) -> Result<JsValue, JsValue>;
    fn recorder(fail: u32, status: u16, retry_after: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = alreadyAborted)]
    fn already_aborted() -> JsValue;
    fn progress() -> JsValue;
}

// ---- helpers ---------------------------------------------------------------------------------

fn base() -> Option<&'static str> {
    if BASE.is_none() {
        web_sys::console::log_1(&"client_web: IDENTITY_SANDBOX_URL was not set at compile time: skipped (run tests/run-browser-client.sh)".into());
    }
    BASE
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn s(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn n(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(f64::NAN)
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

async fn wait(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// Options for the sandbox's API routes with its dev credentials.
async fn options(base: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let token = auth_token(base).await.expect("a token from the sandbox's POST /auth");
    let o = obj(&[
        ("baseUrl", base.into()),
        ("apiKey", "sandbox-key".into()),
        ("getAccessToken", constant(&token).into()),
        ("dangerouslyAllowBrowserCredentials", true.into()),
    ]);
    for (k, v) in extra {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o
}

async fn client(base: &str, extra: &[(&str, JsValue)]) -> IdentityClient {
    IdentityClient::new(options(base, extra).await).expect("client options")
}

fn random(below: u64) -> u64 {
    (js_sys::Math::random() * below as f64) as u64
}

/// A fresh valid Chilean RUT, `12345678-5`.
fn rut() -> String {
    let body = 10_000_000 + random(15_000_000);
    let (mut sum, mut factor, mut rest) = (0, 2, body);
    while rest > 0 {
        sum += (rest % 10) * factor;
        rest /= 10;
        factor = if factor == 7 { 2 } else { factor + 1 };
    }
    let dv = match 11 - sum % 11 {
        11 => "0".to_string(),
        10 => "K".to_string(),
        d => d.to_string(),
    };
    format!("{body}-{dv}")
}

/// A fresh Chilean mobile, `+5694XXXXXXX` (a range the numbering plan allocates whole; no
/// mobile starts +56 9 1).
fn phone() -> String {
    format!("+5694{:07}", random(10_000_000))
}

fn tag() -> String {
    format!("t{}{}", js_sys::Date::now() as u64, random(1000))
}

fn org_payload(tag: &str) -> String {
    format!(
        r#"{{"type":"ORGANIZATION","name":"Operator {tag}","email":"ops-{tag}@example.com","phone":"{}","country":"CHL","documentType":"RUT","documentNumber":"{}","idv":"iv-{tag}"}}"#,
        phone(),
        rut()
    )
}

fn user_payload(tag: &str, i: u32, doc: &str) -> String {
    format!(
        r#"{{"type":"USER","name":"Service Provider {i}","nickname":"SP{i}","email":"sp{i}-{tag}@Example.COM","phone":"{}","country":"CHL","documentType":"RUT","documentNumber":"{doc}","idv":"iv-{i}","securityOptions":{{"twoFactorEnabled":false}}}}"#,
        phone()
    )
}

fn flow_input(org: &str, users: &[String], link: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let users: Array = users.iter().map(|u| json(u)).collect();
    let mut pairs = vec![("organization", json(org)), ("users", users.into()), ("link", link.into())];
    pairs.extend(extra.iter().cloned());
    obj(&pairs)
}

fn ids(list: &JsValue) -> Vec<String> {
    Array::from(list).iter().map(|x| s(&x, "id")).collect()
}

// ---- the create-and-link flow ------------------------------------------------------------

async fn flow_both_runs(link: &str) {
    let Some(base) = base() else { return };
    let c = client(base, &[]).await;
    let t = tag();
    let org = org_payload(&t);
    let users = [user_payload(&t, 1, &rut()), user_payload(&t, 2, &rut())];

    let p = progress();
    let first = wait(c.create_and_link(flow_input(&org, &users, link, &[("onProgress", get(&p, "fn"))]))).await.expect("first run");
    assert_eq!(s(&first, "linkedWith"), link);
    let organization = get(&first, "organization");
    let user_ids = ids(&get(&first, "users"));
    assert_eq!(user_ids.len(), 2);
    assert!(user_ids.iter().all(|id| !id.is_empty()));
    assert_eq!(ids(&get(&organization, "children")), user_ids, "the organization read back lists both users");
    assert_eq!(s(&Array::from(&get(&first, "users")).get(0), "email"), format!("sp1-{t}@example.com"), "normalised email sent");
    let org_id = s(&organization, "id");

    let events = Array::from(&get(&p, "events"));
    let steps: Vec<String> = events.iter().map(|e| s(&e, "step")).collect();
    assert_eq!(steps.first().map(String::as_str), Some("validated"));
    assert_eq!(&steps[1], "organization");
    assert_eq!(steps.iter().filter(|x| *x == "user").count(), 2);
    assert_eq!(&steps[4..], ["linked", "readBack"]);
    assert_eq!(s(&events.get(1), "id"), org_id);
    assert_eq!(get(&events.get(1), "reused").as_bool(), Some(false));
    let mut indexes: Vec<f64> = events.iter().filter(|e| s(e, "step") == "user").map(|e| n(&e, "index")).collect();
    indexes.sort_by(f64::total_cmp);
    assert_eq!(indexes, [0.0, 1.0]);

    // Again, same input: everything is found and reused, nothing duplicated.
    let p = progress();
    let second = wait(c.create_and_link(flow_input(&org, &users, link, &[("onProgress", get(&p, "fn"))]))).await.expect("second run");
    assert_eq!(s(&get(&second, "organization"), "id"), org_id);
    assert_eq!(ids(&get(&second, "users")), user_ids);
    assert_eq!(ids(&get(&get(&second, "organization"), "children")), user_ids, "linking again is a no-op");
    let reused: Vec<Option<bool>> = Array::from(&get(&p, "events"))
        .iter()
        .filter(|e| matches!(s(e, "step").as_str(), "organization" | "user"))
        .map(|e| get(&e, "reused").as_bool())
        .collect();
    assert_eq!(reused, [Some(true); 3]);
    let doc = s(&json(&org), "documentNumber");
    let same = wait(c.list_page(obj(&[("documentNumber", doc.into()), ("type", "ORGANIZATION".into())]), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(n(&get(&same, "pagination"), "total"), 1.0, "one organization with that number");
}

#[wasm_bindgen_test]
async fn flow_links_with_patch_and_a_rerun_reuses_everything() {
    flow_both_runs("patch").await;
}

#[wasm_bindgen_test]
async fn flow_links_with_the_children_endpoint_and_a_rerun_reuses_everything() {
    flow_both_runs("children").await;
}

#[wasm_bindgen_test]
async fn flow_reuses_what_a_failed_run_created_and_reports_it() {
    let Some(base) = base() else { return };
    let t = tag();
    let org = org_payload(&t);
    let users = [user_payload(&t, 1, &rut()), user_payload(&t, 2, &rut())];
    // The run is aborted once both users exist (the caller left the page, say): the error
    // says what was created, and a re-run picks it all up.
    let c = client(base, &[]).await;
    let bad_link = flow_input(&org, &users, "children", &[]);
    let controller = web_sys::AbortController::new().unwrap();
    let users_seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let on_progress = {
        let (controller, users_seen) = (controller.clone(), users_seen.clone());
        Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
            if s(&e, "step") == "user" {
                users_seen.set(users_seen.get() + 1);
                if users_seen.get() == 2 {
                    controller.abort();
                }
            }
        })
    };
    Reflect::set(&bad_link, &"onProgress".into(), on_progress.as_ref()).unwrap();
    Reflect::set(&bad_link, &"signal".into(), &controller.signal()).unwrap();
    let err = wait(c.create_and_link(bad_link)).await.expect_err("aborted after the users");
    assert!(err.is_instance_of::<AbortError>(), "{err:?}");
    let created = get(&err, "created");
    assert!(!s(&get(&created, "organization"), "id").is_empty());
    assert_eq!(ids(&get(&created, "users")).len(), 2);
    drop(on_progress);

    // The re-run reuses all three and completes.
    let c = client(base, &[]).await;
    let done = wait(c.create_and_link(flow_input(&org, &users, "children", &[]))).await.expect("re-run");
    assert_eq!(s(&get(&done, "organization"), "id"), s(&get(&created, "organization"), "id"));
    assert_eq!(ids(&get(&done, "users")), ids(&get(&created, "users")));
}

#[wasm_bindgen_test]
async fn flow_validates_everything_before_sending_anything() {
    let Some(base) = base() else { return };
    let r = recorder(0, 0, None);
    let c = client(base, &[("fetch", get(&r, "fetch"))]).await;
    let t = tag();
    let doc = rut();
    let mut bad_user: serde_json::Value = serde_json::from_str(&user_payload(&t, 2, &rut())).unwrap();
    bad_user["phone"] = "+5692111111".into(); // 8 digits after +56 9: too short
    let users = [user_payload(&t, 1, &doc), bad_user.to_string()];
    let mut org: serde_json::Value = serde_json::from_str(&org_payload(&t)).unwrap();
    org["documentNumber"] = "77123126-K".into(); // check digit should be 8
    let err = wait(c.create_and_link(flow_input(&org.to_string(), &users, "patch", &[]))).await.expect_err("invalid");
    assert!(err.is_instance_of::<ValidationError>() && err.is_instance_of::<IdentityClientError>() && err.is_instance_of::<js_sys::Error>());
    assert_eq!(s(&err, "name"), "ValidationError");
    let errors = Array::from(&get(&err, "errors"));
    let paths: Vec<String> = errors.iter().map(|e| s(&e, "path")).collect();
    assert_eq!(paths, ["organization.documentNumber", "users[1].phone"]);
    assert_eq!(s(&errors.get(0), "code"), "rut.check_digit");
    assert!(!s(&errors.get(1), "message").is_empty());
    assert_eq!(Array::from(&get(&get(&err, "created"), "users")).length(), 0);

    // The same person twice breaks the uniqueness rule.
    let same = user_payload(&t, 1, &doc);
    let twice = [same.clone(), same.replace("\"nickname\":\"SP1\"", "\"nickname\":\"Again\"")];
    let err = wait(c.create_and_link(flow_input(&org_payload(&t), &twice, "patch", &[]))).await.expect_err("duplicate");
    let errors = Array::from(&get(&err, "errors"));
    assert!(errors.iter().any(|e| s(&e, "path") == "users[1].documentNumber" && s(&e, "code") == "identity.duplicate_user"), "{err:?}");

    // A misplaced type.
    let err = wait(c.create_and_link(flow_input(&user_payload(&t, 3, &rut()), &[org_payload(&t)], "patch", &[]))).await.expect_err("types");
    let paths: Vec<String> = Array::from(&get(&err, "errors")).iter().map(|e| s(&e, "path")).collect();
    assert!(paths.contains(&"organization.type".to_string()) && paths.contains(&"users[0].type".to_string()), "{paths:?}");

    assert_eq!(n(&r, "calls"), 0.0, "nothing went over the wire");

    // Bad arguments are TypeErrors.
    for bad in [JsValue::NULL, json(r#"{"organization":{},"users":[]}"#), json(r#"{"organization":{},"users":[{}],"link":"put"}"#)] {
        let err = wait(c.create_and_link(bad)).await.expect_err("bad arguments");
        assert!(err.is_instance_of::<js_sys::TypeError>(), "{err:?}");
    }
}

// ---- the methods and their errors ----------------------------------------------------------

#[wasm_bindgen_test]
async fn crud_round_trip() {
    let Some(base) = base() else { return };
    let c = client(base, &[]).await;
    let t = tag();
    let parent = wait(c.create(json(&org_payload(&t)), JsValue::UNDEFINED)).await.expect("create org");
    let child = wait(c.create(json(&user_payload(&t, 1, &rut())), JsValue::UNDEFINED)).await.expect("create user");
    let (pid, cid) = (s(&parent, "id"), s(&child, "id"));
    assert_eq!(s(&child, "email"), format!("sp1-{t}@example.com"), "the normalised value is sent");

    let got = wait(c.get(pid.clone().into(), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(s(&got, "name"), format!("Operator {t}"));
    let updated = wait(c.update(pid.clone().into(), json(r#"{"nickname":"Op"}"#), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(s(&updated, "nickname"), "Op");
    let linked = wait(c.add_children(pid.clone().into(), Array::of1(&cid.clone().into()).into(), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(ids(&get(&linked, "children")), std::slice::from_ref(&cid));
    let again = wait(c.add_children(pid.clone().into(), Array::of1(&cid.clone().into()).into(), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(ids(&get(&again, "children")), std::slice::from_ref(&cid), "adding a present child is a no-op");
    let unlinked = wait(c.remove_children(pid.clone().into(), Array::of1(&cid.clone().into()).into(), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(ids(&get(&unlinked, "children")).len(), 0);
    assert!(wait(c.remove(cid.clone().into(), JsValue::UNDEFINED)).await.unwrap().is_undefined(), "204: undefined");
    let err = wait(c.get(cid.into(), JsValue::UNDEFINED)).await.expect_err("gone");
    assert_eq!(n(&err, "status"), 404.0);

    // A bad patch is a ValidationError (nothing sent); bad ids and arguments are TypeErrors.
    let err = wait(c.update(pid.clone().into(), json(r#"{"email":"nope"}"#), JsValue::UNDEFINED)).await.expect_err("bad patch");
    assert!(err.is_instance_of::<ValidationError>());
    assert_eq!(s(&Array::from(&get(&err, "errors")).get(0), "path"), "email");
    let err = wait(c.add_children(pid.clone().into(), json(r#"["ok", 5]"#), JsValue::UNDEFINED)).await.expect_err("bad child id");
    assert_eq!(s(&Array::from(&get(&err, "errors")).get(0), "path"), "children[1]");
    for bad in [JsValue::from(42), "".into(), "..".into()] {
        let err = wait(c.get(bad, JsValue::UNDEFINED)).await.expect_err("bad id");
        assert!(err.is_instance_of::<js_sys::TypeError>(), "{err:?}");
    }
    let err = wait(c.create(json("[1]"), JsValue::UNDEFINED)).await.expect_err("not an object");
    assert!(err.is_instance_of::<js_sys::TypeError>());
    let err = wait(c.get(pid.into(), json(r#"{"signal":"no"}"#))).await.expect_err("bad signal");
    assert!(err.is_instance_of::<js_sys::TypeError>());
}

#[wasm_bindgen_test]
async fn ids_are_path_encoded() {
    let Some(base) = base() else { return };
    let c = client(base, &[]).await;
    // Would be /identities/x/children (a different route) without encoding.
    let err = wait(c.get("x/children".into(), JsValue::UNDEFINED)).await.expect_err("unknown id");
    assert_eq!(n(&err, "status"), 404.0);
    assert_eq!(s(&err, "type"), "notFound");
}

#[wasm_bindgen_test]
async fn create_rejects_an_invalid_payload_without_sending_it() {
    let Some(base) = base() else { return };
    let r = recorder(0, 0, None);
    let c = client(base, &[("fetch", get(&r, "fetch")), ("locale", "es".into())]).await;
    let mut payload: serde_json::Value = serde_json::from_str(&user_payload(&tag(), 1, &rut())).unwrap();
    payload["documentNumber"] = "18604011-4".into(); // should end in 2
    let err = wait(c.create(json(&payload.to_string()), JsValue::UNDEFINED)).await.expect_err("invalid");
    assert!(err.is_instance_of::<ValidationError>());
    let first = Array::from(&get(&err, "errors")).get(0);
    assert_eq!((s(&first, "path"), s(&first, "code")), ("documentNumber".to_string(), "rut.check_digit".to_string()));
    assert!(s(&first, "message").contains("dígito"), "messages in the client's locale");
    assert_eq!(n(&r, "calls"), 0.0);
    // The locale also goes to the API as Accept-Language.
    let err = wait(c.get("000000000000000000000000".into(), JsValue::UNDEFINED)).await.expect_err("404");
    assert!(s(&err, "detail").starts_with("Ninguna identidad"), "{err:?}");
}

#[wasm_bindgen_test]
async fn api_errors_409_404_401_carry_the_api_fields() {
    let Some(base) = base() else { return };
    let c = client(base, &[]).await;
    let user = json(&user_payload(&tag(), 1, &rut()));
    wait(c.create(user.clone(), JsValue::UNDEFINED)).await.expect("first create");
    let err = wait(c.create(user, JsValue::UNDEFINED)).await.expect_err("duplicate");
    assert!(err.is_instance_of::<ApiError>() && err.is_instance_of::<IdentityClientError>());
    assert_eq!(s(&err, "name"), "ApiError");
    assert_eq!((n(&err, "status"), s(&err, "code"), s(&err, "type")), (409.0, "13".to_string(), "alreadyExist".to_string()));
    assert!(!s(&err, "detail").is_empty() && s(&err, "message") == s(&err, "detail"));
    assert!(!s(&err, "traceId").is_empty());
    assert_eq!(s(&Array::from(&get(&err, "errors")).get(0), "path"), "documentNumber");

    let err = wait(c.get("000000000000000000000000".into(), JsValue::UNDEFINED)).await.expect_err("404");
    assert_eq!((n(&err, "status"), s(&err, "code"), s(&err, "type")), (404.0, "31".to_string(), "notFound".to_string()));

    let bad_token = IdentityClient::new(options(base, &[("getAccessToken", constant(&"not-a-token".into()).into())]).await).unwrap();
    let err = wait(bad_token.get("x".into(), JsValue::UNDEFINED)).await.expect_err("401");
    assert!(err.is_instance_of::<ApiError>());
    assert_eq!((n(&err, "status"), s(&err, "code"), s(&err, "type")), (401.0, "41".to_string(), "unauthorized".to_string()));

    // Another of the documented shapes, from a custom fetch: {statusCode, error, message}.
    let r = recorder(1, 418, None);
    let c = client(base, &[("fetch", get(&r, "fetch"))]).await;
    let err = wait(c.get("x".into(), JsValue::UNDEFINED)).await.expect_err("418");
    assert_eq!((n(&err, "status"), s(&err, "type"), s(&err, "detail")), (418.0, "Busy".to_string(), "try later".to_string()));
}

#[wasm_bindgen_test]
async fn network_error_against_a_closed_port() {
    let (Some(_), Some(closed)) = (base(), CLOSED) else { return };
    let c = IdentityClient::new(obj(&[("baseUrl", closed.into()), ("retries", 1.into())])).unwrap();
    let err = wait(c.get("x".into(), JsValue::UNDEFINED)).await.expect_err("nothing listens");
    assert!(err.is_instance_of::<NetworkError>() && err.is_instance_of::<IdentityClientError>(), "{err:?}");
    assert_eq!(s(&err, "name"), "NetworkError");
    assert!(get(&err, "cause").is_object(), "the fetch failure is the cause");
}

#[wasm_bindgen_test]
async fn timeout_error_when_fetch_never_answers() {
    let Some(base) = base() else { return };
    let r = recorder(100, 0, None);
    let c = client(base, &[("fetch", get(&r, "fetch")), ("timeoutMs", 300.into())]).await;
    let started = js_sys::Date::now();
    let err = wait(c.get("x".into(), JsValue::UNDEFINED)).await.expect_err("timeout");
    let took = js_sys::Date::now() - started;
    assert!(err.is_instance_of::<TimeoutError>(), "{err:?}");
    assert_eq!(s(&err, "name"), "TimeoutError");
    assert_eq!(n(&err, "timeoutMs"), 300.0);
    assert!((250.0..3000.0).contains(&took), "{took} ms");
    assert_eq!(n(&r, "calls"), 1.0, "a timeout ends the call: no retry");
}

#[wasm_bindgen_test]
async fn abort_error_from_the_callers_signal() {
    let Some(base) = base() else { return };
    let r = recorder(100, 0, None);
    let c = client(base, &[("fetch", get(&r, "fetch"))]).await;
    let err = wait(c.get("x".into(), obj(&[("signal", abort_after(50))]))).await.expect_err("aborted");
    assert!(err.is_instance_of::<AbortError>(), "{err:?}");
    assert_eq!(s(&err, "name"), "AbortError");
    assert_eq!(s(&get(&err, "cause"), "message"), "user left", "the signal's reason is the cause");
    let err = wait(c.create(json(&user_payload(&tag(), 1, &rut())), obj(&[("signal", already_aborted())]))).await.expect_err("pre-aborted");
    assert!(err.is_instance_of::<AbortError>());
    assert_eq!(n(&r, "calls"), 1.0, "an already aborted call sends nothing");
}

#[wasm_bindgen_test]
async fn retries_idempotent_calls_but_never_a_create() {
    let Some(base) = base() else { return };
    // GET: two 503s (Retry-After: 0), then the real answer.
    let r = recorder(2, 503, Some("0".into()));
    let c = client(base, &[("fetch", get(&r, "fetch"))]).await;
    let err = wait(c.get("000000000000000000000000".into(), JsValue::UNDEFINED)).await.expect_err("404 in the end");
    assert_eq!(n(&err, "status"), 404.0);
    assert_eq!(n(&r, "calls"), 3.0);
    // Backoff without Retry-After (429s): still retried.
    let r = recorder(1, 429, None);
    let c = client(base, &[("fetch", get(&r, "fetch"))]).await;
    assert!(wait(c.list_page(JsValue::UNDEFINED, obj(&[("limit", 1.into())]))).await.is_ok());
    assert_eq!(n(&r, "calls"), 2.0);
    // `retries: 0`: the first 503 is the answer.
    let r = recorder(5, 503, Some("0".into()));
    let c = client(base, &[("fetch", get(&r, "fetch")), ("retries", 0.into())]).await;
    let err = wait(c.get("x".into(), JsValue::UNDEFINED)).await.expect_err("503");
    assert!(err.is_instance_of::<ApiError>());
    assert_eq!((n(&err, "status"), n(&r, "calls")), (503.0, 1.0));
    // A create is never retried.
    let r = recorder(5, 503, Some("0".into()));
    let c = client(base, &[("fetch", get(&r, "fetch"))]).await;
    let err = wait(c.create(json(&user_payload(&tag(), 1, &rut())), JsValue::UNDEFINED)).await.expect_err("503");
    assert_eq!((n(&err, "status"), n(&r, "calls")), (503.0, 1.0));
    // A Retry-After longer than the call's time limit is not waited for.
    let r = recorder(5, 503, Some("20".into()));
    let c = client(base, &[("fetch", get(&r, "fetch")), ("timeoutMs", 2000.into())]).await;
    let err = wait(c.get("x".into(), JsValue::UNDEFINED)).await.expect_err("503");
    assert_eq!((n(&err, "status"), n(&r, "calls")), (503.0, 1.0));
}

// ---- listing -------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn lists_250_identities_across_pages() {
    let Some(base) = base() else { return };
    let c = client(base, &[]).await;
    // 250 users sharing one document number (allowed: their emails differ), so the filter
    // selects exactly them.
    let t = tag();
    let doc = rut();
    for batch in 0..5 {
        let creates: Array = (0..50)
            .map(|i| {
                let n = batch * 50 + i;
                JsValue::from(c.create(json(&user_payload(&t, n, &doc)), JsValue::UNDEFINED))
            })
            .collect();
        wait(Promise::all(&creates)).await.expect("250 creates");
    }
    let filters = || obj(&[("documentNumber", doc.clone().into()), ("type", "USER".into())]);

    let mut next: Option<String> = None;
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    loop {
        let mut o = vec![("limit", JsValue::from(100))];
        if let Some(cursor) = &next {
            o.push(("next", cursor.clone().into()));
        }
        let page = wait(c.list_page(filters(), obj(&o))).await.expect("page");
        let pagination = get(&page, "pagination");
        assert_eq!(n(&pagination, "total"), 250.0);
        let data = ids(&get(&page, "data"));
        sizes.push(data.len());
        seen.extend(data);
        assert_eq!(n(&pagination, "count"), seen.len() as f64);
        next = get(&pagination, "next").as_string();
        if next.is_none() {
            assert!(get(&pagination, "next").is_null());
            break;
        }
    }
    assert_eq!(sizes, [100, 100, 50]);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 250);

    // The async iterator walks the same 250, in the same order.
    let iterable = c.list(filters(), obj(&[("limit", 100.into())])).expect("iterable");
    assert!(get(&iterable, "next").is_undefined(), "an iterable, not an iterator");
    let all = collect(&iterable).await.expect("for await");
    assert_eq!(ids(&all), seen);
    // The default page size (20) too.
    let all = collect(&c.list(filters(), JsValue::UNDEFINED).unwrap()).await.unwrap();
    assert_eq!(Array::from(&all).length(), 250);

    // Bad filters or options throw at once.
    for (f, o) in [(json(r#"{"name":"x"}"#), JsValue::UNDEFINED), (JsValue::UNDEFINED, json(r#"{"limit":0}"#)), (JsValue::UNDEFINED, json(r#"{"limit":101}"#))] {
        let err = c.list(f, o).expect_err("bad list arguments");
        assert!(err.is_instance_of::<js_sys::TypeError>(), "{err:?}");
    }
}

// ---- construction ------------------------------------------------------------------------

#[wasm_bindgen_test]
fn credentials_need_the_explicit_opt_in_in_a_browser() {
    let Some(base) = base() else { return };
    let type_error = |o: JsValue| match IdentityClient::new(o) {
        Err(e) => e.is_instance_of::<js_sys::TypeError>(),
        Ok(_) => false,
    };
    let token = constant(&"t".into());
    assert!(type_error(obj(&[("baseUrl", base.into()), ("apiKey", "sandbox-key".into())])), "apiKey");
    assert!(type_error(obj(&[("baseUrl", base.into()), ("headers", json(r#"{"X-API-Key":"k"}"#))])), "x-api-key header");
    assert!(type_error(obj(&[("baseUrl", base.into()), ("headers", json(r#"{"Authorization":"Bearer t"}"#))])), "authorization header");
    assert!(type_error(obj(&[("baseUrl", base.into()), ("clientSecret", "s".into()), ("dangerouslyAllowBrowserCredentials", true.into())])), "a client secret is never an option");
    let err = IdentityClient::new(obj(&[("baseUrl", base.into()), ("apiKey", "k".into())])).err().unwrap();
    assert!(s(&err, "message").contains("dangerouslyAllowBrowserCredentials"), "the message names the opt-in");
    // With the opt-in, or with only a token function (the app's own session), it is fine.
    assert!(IdentityClient::new(obj(&[("baseUrl", base.into()), ("apiKey", "k".into()), ("dangerouslyAllowBrowserCredentials", true.into())])).is_ok());
    assert!(IdentityClient::new(obj(&[("baseUrl", base.into()), ("getAccessToken", token.into())])).is_ok());
    assert!(IdentityClient::new(obj(&[("baseUrl", "/api".into()), ("headers", json(r#"{"accept-language":"es"}"#))])).is_ok());
    // Other bad options.
    for bad in [
        JsValue::UNDEFINED,
        json("{}"),
        json(r#"{"baseUrl":"ftp://x"}"#),
        json(r#"{"baseUrl":"https://x?y"}"#),
        obj(&[("baseUrl", base.into()), ("timeoutMs", 0.into())]),
        obj(&[("baseUrl", base.into()), ("retries", 1.5.into())]),
        obj(&[("baseUrl", base.into()), ("fetch", "no".into())]),
        obj(&[("baseUrl", base.into()), ("headers", json(r#"{"bad name":"x"}"#))]),
        obj(&[("baseUrl", base.into()), ("locale", 1.into())]),
    ] {
        assert!(type_error(bad.clone()), "{bad:?}");
    }
}
