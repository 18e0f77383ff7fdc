//! `createAndLink`: the create-and-link flow of SPEC section 4 (seed `000_…`). Validates the
//! organization and every user before the first request, creates the organization, then the
//! users in parallel, links them (PATCH with `children`, or POST `/children`) and reads the
//! organization back. Identities a previous run created are found and reused (also when a
//! create answers 409). A failure carries `created`: what this run created before it.
//!
//! The run's state lives in one [`Run`] shared by its steps, which keeps the async code (and
//! the wasm) small.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use crate::json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::errors::{Failure, NoAnswer};
use super::http::{get, Config, Req};
use super::task::wait;
use super::{function_prop, prop, run, signal_of, string_prop};
use crate::client_core as core;
use crate::wasm::{json, set};

const W: &str = "createAndLink";

#[wasm_bindgen(module = "/src/wasm/client.js")]
extern "C" {
    /// Waits for every task, then rejects with the first one's failure, if any.
    fn settle(tasks: &Array) -> Promise;
}

/// One run of the flow.
struct Run {
    cfg: Rc<Config>,
    signal: Option<AbortSignal>,
    progress: Option<Function>,
    by_patch: bool,
    /// The normalised payloads.
    organization: Value,
    users: Vec<Value>,
    /// What the API answered for the organization and each user, and whether it was reused.
    org: RefCell<Option<(JsValue, bool)>>,
    done: RefCell<Vec<Option<(JsValue, bool)>>>,
}

impl Run {
    /// Tells the caller's `onProgress`; what it throws is ignored (the flow goes on).
    fn emit(&self, step: &str, index: Option<usize>, identity: &JsValue, reused: Option<bool>) {
        let Some(f) = &self.progress else { return };
        let event = Object::new();
        set(&event, "step", step);
        if let Some(i) = index {
            set(&event, "index", i as u32);
        }
        if identity.is_object() {
            set(&event, "id", get(identity, "id"));
            set(&event, "identity", identity.clone());
        }
        if let Some(r) = reused {
            set(&event, "reused", r);
        }
        let _ = f.call1(&JsValue::UNDEFINED, &event);
    }

    /// `failure` as a JS error carrying `created: {organization?, users}`: what this run
    /// created (not reused) before it failed.
    fn attach(&self, failure: Failure) -> Failure {
        let error = failure.into_js();
        let created = Object::new();
        if let Some((o, false)) = &*self.org.borrow() {
            set(&created, "organization", o.clone());
        }
        let users = Array::new();
        // Plain loops over the slots here and in `steps`, not `flatten()`: smaller in the wasm.
        for slot in self.done.borrow().iter() {
            if let Some((user, false)) = slot {
                users.push(user);
            }
        }
        set(&created, "users", users);
        if error.is_object() {
            set(error.unchecked_ref(), "created", created);
        }
        Failure::Js(error)
    }

    /// The identity `payload` describes, reused if a previous run created it (looked up by
    /// type, document number and, for a user, email), created otherwise; `true` when reused.
    async fn find_or_create(&self, payload: &Value) -> Result<(JsValue, bool), Failure> {
        let lookup = Req { page: true, ..Req::new("GET", core::lookup_url(&self.cfg.base, payload), None, true) };
        let create = Req::new("POST", core::identity_url(&self.cfg.base, None, false), Some(payload), false);
        // Look up, create if not found; after a 409 (created meanwhile: another tab, or a run
        // that timed out after the API answered) look once more.
        let mut conflict = None;
        let mut looking = true;
        loop {
            let answer = self.cfg.send(if looking { &lookup } else { &create }, self.signal.as_ref()).await;
            if looking {
                let data: Array = get(&answer?, "data").unchecked_into();
                // Indexed, not `iter().find()`: smaller in the wasm.
                for i in 0..data.length() {
                    let item = data.get(i);
                    if core::same_identity(payload, &json::from_js(&item, W).unwrap_or(Value::Null)) {
                        return Ok((item, true));
                    }
                }
                if let Some(e) = conflict {
                    return Err(e);
                }
            } else {
                match answer {
                    Ok(identity) => return Ok((identity, false)),
                    Err(e) if e.status() == Some(409) => conflict = Some(e),
                    Err(e) => return Err(e),
                }
            }
            looking = !looking;
        }
    }

    async fn user(self: Rc<Self>, i: usize) -> Result<JsValue, Failure> {
        let Some(payload) = self.users.get(i) else { return Ok(JsValue::UNDEFINED) };
        let (user, reused) = self.find_or_create(payload).await?;
        self.emit("user", Some(i), &user, Some(reused));
        if let Some(slot) = self.done.borrow_mut().get_mut(i) {
            *slot = Some((user, reused));
        }
        Ok(JsValue::UNDEFINED)
    }

    async fn steps(self: Rc<Self>) -> Result<JsValue, Failure> {
        self.emit("validated", None, &JsValue::UNDEFINED, None);
        let (org, reused) = self.find_or_create(&self.organization).await?;
        *self.org.borrow_mut() = Some((org.clone(), reused));
        self.emit("organization", None, &org, Some(reused));
        let org_id = id_of(&org)?;

        // The users in parallel; each reports as it lands.
        let all = {
            let tasks = Array::new();
            for i in 0..self.users.len() {
                tasks.push(&run(Box::pin(self.clone().user(i))));
            }
            settle(&tasks)
        };
        wait(all).await.map_err(Failure::Js)?;
        // The users, in order (every one landed: `settle` rejected otherwise), gathered with
        // the link's body, which is in a block: its parts are not kept across the awaits.
        let users = Array::new();
        let req = {
            let mut ids = Vec::with_capacity(self.users.len());
            let mut refs = Vec::with_capacity(self.users.len());
            // Each slot with its payload by index, not zipped: smaller in the wasm.
            for (i, slot) in self.done.borrow().iter().enumerate() {
                let (Some((user, _)), Some(payload)) = (slot, self.users.get(i)) else { continue };
                users.push(user);
                ids.push(Value::String(id_of(user)?));
                if let Some(r) = core::child_ref(&json::from_js(user, W).unwrap_or(Value::Null), payload) {
                    refs.push(r);
                }
            }
            if self.by_patch {
                let current = json::from_js(&org, W).unwrap_or(Value::Null);
                let body = core::patch_children_body(current.get("children"), &refs);
                Req::new("PATCH", core::identity_url(&self.cfg.base, Some(&org_id), false), Some(&body), true)
            } else {
                Req::new("POST", core::identity_url(&self.cfg.base, Some(&org_id), true), Some(&core::children_body(ids)), true)
            }
        };
        let linked = self.cfg.send(&req, self.signal.as_ref()).await?;
        self.emit("linked", None, &linked, None);

        // Read back what the API now says the organization is.
        let read = Req::new("GET", core::identity_url(&self.cfg.base, Some(&org_id), false), None, true);
        let read = self.cfg.send(&read, self.signal.as_ref()).await?;
        self.emit("readBack", None, &read, None);

        let out = Object::new();
        set(&out, "organization", read);
        set(&out, "users", users);
        set(&out, "linkedWith", if self.by_patch { "patch" } else { "children" });
        Ok(out.into())
    }
}

fn id_of(identity: &JsValue) -> Result<String, Failure> {
    get(identity, "id")
        .as_string()
        .filter(|s| core::check_id(s).is_ok())
        .ok_or_else(|| Failure::Network(NoAnswer::NoId, identity.clone()))
}

/// Checks the arguments (their shape is a programming matter: `TypeError`) and validates the
/// payloads (their content is data: `ValidationError`, with paths).
fn prepare(cfg: Rc<Config>, input: &JsValue) -> Result<Run, Failure> {
    if !input.is_object() || Array::is_array(input) {
        return Err(Failure::bad_argument(W, ": pass {organization, users, link}"));
    }
    let organization = prop(input, "organization", W)?.filter(|o| o.is_object() && !Array::is_array(o));
    let users = prop(input, "users", W)?.and_then(|u| u.dyn_into::<Array>().ok()).filter(|u| (1..=100).contains(&u.length()));
    let (Some(organization), Some(users)) = (organization, users) else {
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
    let mut payloads = Vec::with_capacity(users.length() as usize);
    for i in 0..users.length() {
        payloads.push(json::from_js(&users.get(i), W).map_err(Failure::Js)?);
    }
    let (organization, users) = core::validate_flow(&organization, &payloads, &cfg.validate).map_err(Failure::validation)?;
    Ok(Run {
        cfg,
        signal,
        progress,
        by_patch,
        organization,
        // One empty slot per user (made, not cloned: cloning brings in the JS value's clone).
        done: RefCell::new(std::iter::repeat_with(|| None).take(users.len()).collect()),
        users,
        org: RefCell::new(None),
    })
}

pub(super) fn create_and_link(cfg: Rc<Config>, input: &JsValue) -> Promise {
    let flow = match prepare(cfg, input) {
        Ok(r) => Rc::new(r),
        Err(e) => {
            // A bad argument is a TypeError; only a payload that failed validation (a flow
            // failure: nothing was created yet) carries `created`.
            let validation = matches!(e, Failure::Validation(_));
            let error = e.into_js();
            if validation {
                let created = Object::new();
                set(&created, "users", Array::new());
                set(error.unchecked_ref(), "created", created);
            }
            return Promise::reject(&error);
        }
    };
    run(Box::pin(async move { flow.clone().steps().await.map_err(|e| flow.attach(e)) }))
}
