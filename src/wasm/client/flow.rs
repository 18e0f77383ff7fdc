//! `createAndLink`: the create-and-link flow of SPEC section 4 (seed `000_…`). Validates the
//! organization and every user before the first request, creates the organization, then the
//! users in parallel, links them (PATCH with `children`, or POST `/children`) and reads the
//! organization back. Identities a previous run created are found and reused (also when a
//! create answers 409). A failure carries `created`: what this run created before it.
//!
//! The steps are `createAndLink` in `client.js`: they await the client's own calls (`listPage`,
//! `create`, `get`) and report progress, which JS does in a few hundred bytes where the wasm
//! kept a state machine per step. Every decision is here, through three methods that only
//! `client.js` calls: the input's checks and the payloads' validation, with the filters that
//! find each payload's identity again (`_flowPlan`); which identity of a page is the one a
//! payload describes (`_findExisting`); and the link's request (`_link`).

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

use super::errors::{Failure, NoAnswer};
use super::http::{get, Req};
use super::{function_prop, prop, signal_of, string_prop, IdentityClient};
use crate::client_core as core;
use crate::json::Value;
use crate::wasm::{json, read};

const W: &str = "createAndLink";

#[wasm_bindgen(module = "/src/wasm/client.js")]
extern "C" {
    /// The flow's steps, over `client`'s calls (see `client.js`).
    #[wasm_bindgen(js_name = createAndLink)]
    fn steps(client: JsValue, input: &JsValue) -> Promise;
}

pub(super) fn create_and_link(client: IdentityClient, input: &JsValue) -> Promise {
    steps(client.into(), input)
}

/// An identity's id, as the API must answer it.
fn id_of(identity: &JsValue) -> Result<String, Failure> {
    get(identity, "id")
        .as_string()
        .filter(|s| core::check_id(s).is_ok())
        .ok_or_else(|| Failure::Network(NoAnswer::NoId, identity.clone()))
}

/// A JS value as JSON data; what cannot be read is `null` (the API's answers are JSON).
fn data(value: &JsValue) -> Value {
    json::from_js(value, W).unwrap_or(Value::Null)
}

#[wasm_bindgen]
impl IdentityClient {
    /// Checks `createAndLink`'s input (its shape is a programming matter: `TypeError`) and
    /// validates the payloads (their content is data: `ValidationError`, with paths). Gives
    /// `[organization, users, byPatch, onProgress, signal, lookups]`: the payloads normalised,
    /// and the `listPage` filters that find each (the organization's first) again.
    #[wasm_bindgen(js_name = "_flowPlan", skip_typescript)]
    pub fn flow_plan(&self, input: JsValue) -> Result<Array, JsValue> {
        self.plan(&input).map_err(Failure::into_js)
    }

    /// The index in `page` (identities the API answered) of the one `payload` (normalised)
    /// describes, or -1.
    #[wasm_bindgen(js_name = "_findExisting", skip_typescript)]
    pub fn find_existing(&self, payload: JsValue, page: Array) -> i32 {
        let payload = data(&payload);
        for i in 0..page.length() {
            if core::same_identity(&payload, &data(&page.get(i))) {
                return i as i32;
            }
        }
        -1
    }

    /// Links `users` (the API's answers, in order, with the normalised `payloads` they came
    /// from) to `organization`: PATCH with its whole `children` list (the ones it has kept,
    /// first), or POST `/children` with the users' ids.
    #[wasm_bindgen(js_name = "_link", skip_typescript)]
    pub fn link(&self, organization: JsValue, users: Array, payloads: Array, by_patch: bool, options: JsValue) -> Promise {
        let req = (|| {
            let org_id = id_of(&organization)?;
            let mut ids = Vec::with_capacity(users.length() as usize);
            let mut refs = Vec::with_capacity(users.length() as usize);
            for i in 0..users.length() {
                let user = users.get(i);
                ids.push(Value::String(id_of(&user)?));
                if let Some(r) = core::child_ref(&data(&user), &data(&payloads.get(i))) {
                    refs.push(r);
                }
            }
            Ok(if by_patch {
                let body = core::patch_children_body(data(&organization).get("children"), &refs);
                Req::new("PATCH", core::identity_url(&self.cfg.base, Some(&org_id), false), Some(&body), true)
            } else {
                Req::new("POST", core::identity_url(&self.cfg.base, Some(&org_id), true), Some(&core::children_body(ids)), true)
            })
        })();
        self.call(req, options, W)
    }
}

impl IdentityClient {
    fn plan(&self, input: &JsValue) -> Result<Array, Failure> {
        if !input.is_object() || read::is_array_or_not(input) {
            return Err(Failure::bad_argument(W, ": pass {organization, users, link}"));
        }
        let unreadable = |_| Failure::bad_argument(W, ": users could not be read");
        let organization = prop(input, "organization", W)?.filter(|o| o.is_object() && !read::is_array_or_not(o));
        let users = prop(input, "users", W)?.filter(read::is_array_or_not);
        let users = match users {
            Some(u) => Some((read::length(&u).map_err(unreadable)?, u)).filter(|(n, _)| (1..=100).contains(n)),
            None => None,
        };
        let (Some(organization), Some((user_count, users))) = (organization, users) else {
            return Err(Failure::bad_argument(W, ": organization must be a payload object, users an array of 1 to 100"));
        };
        let by_patch = match string_prop(input, "link", W, 16)?.as_deref() {
            None | Some("patch") => true,
            Some("children") => false,
            Some(_) => return Err(Failure::bad_argument(W, ": link must be \"patch\" or \"children\"")),
        };
        let progress = function_prop(input, "onProgress", W)?;
        let signal = signal_of(input, W)?;
        let organization = json::from_js(&organization, W).map_err(Failure::Js)?;
        let mut payloads = Vec::with_capacity(user_count as usize);
        for i in 0..user_count {
            payloads.push(json::from_js(&read::item(&users, i).map_err(unreadable)?, W).map_err(Failure::Js)?);
        }
        let (organization, users) = core::validate_flow(&organization, &payloads, &self.cfg.validate).map_err(Failure::validation)?;
        let normalised = Array::new();
        let lookups = Array::new();
        lookups.push(&json::to_js(&core::lookup_filters(&organization)));
        for user in &users {
            normalised.push(&json::to_js(user));
            lookups.push(&json::to_js(&core::lookup_filters(user)));
        }
        let plan = Array::new();
        plan.push(&json::to_js(&organization));
        plan.push(&normalised);
        plan.push(&by_patch.into());
        plan.push(&progress.map(JsValue::from).unwrap_or_default());
        plan.push(&signal.map(JsValue::from).unwrap_or_default());
        plan.push(&lookups);
        Ok(plan)
    }
}
