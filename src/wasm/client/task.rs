//! The client's async runtime, in place of wasm-bindgen-futures (whose executor, task queue
//! and per-promise closures cost several KB of wasm). The client's futures await nothing but
//! JS promises, one at a time per task, so a task needs no queue and no real waker: it is one
//! closure that `client.js` (`spawn`) calls again each time the promise it waits on settles.
//!
//! How a task waits: [`wait`] hands its promise over through `AWAITED` and returns `Pending`;
//! the step (in [`run`]) takes it and gives it to `spawn`, which calls the step back with the
//! outcome; the step puts that in `SETTLED` and polls again, and the resumed `wait` (the first
//! code a resumed poll reaches) takes it. Steps never nest (`spawn` calls them only from a
//! microtask or a promise callback, never from inside a poll, even when JS code a poll calls
//! starts another task), so one slot of each suffices. Nothing here panics: a panic would trap
//! and poison the module.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

use super::errors::Failure;

#[wasm_bindgen(module = "/src/wasm/client.js")]
extern "C" {
    /// Runs a task's step (see `client.js`) as a Promise.
    fn spawn(step: Closure<dyn FnMut(bool, JsValue) -> JsValue>) -> Promise;
}

/// A call's future, boxed so that the runtime exists once.
pub(crate) type Task = Pin<Box<dyn Future<Output = Result<JsValue, Failure>>>>;

/// A slot of the runtime: a plain static rather than a `thread_local!`, whose every access
/// goes through an accessor and a lazy-state check in the wasm.
struct Slot<T>(Cell<Option<T>>);

// SAFETY: the module is built for wasm32 without threads (as `alloc.rs` assumes too): there
// is one thread, so no slot is ever shared between threads.
unsafe impl<T> Sync for Slot<T> {}

impl<T> Slot<T> {
    fn set(&self, value: T) {
        self.0.set(Some(value));
    }
    fn take(&self) -> Option<T> {
        self.0.take()
    }
}

/// The promise the task being polled now waits on.
static AWAITED: Slot<Promise> = Slot(Cell::new(None));
/// What the promise a task waited on gave (`Err`: its rejection), for its resumed `wait`.
static SETTLED: Slot<Result<JsValue, JsValue>> = Slot(Cell::new(None));

/// A JS promise awaited by a task of [`run`] (and nothing else: it relies on [`run`]'s step).
pub(crate) struct Wait(Option<Promise>);

/// Awaits `promise`: its value, or its rejection as `Err`.
pub(crate) fn wait(promise: Promise) -> Wait {
    Wait(Some(promise))
}

impl Future for Wait {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        match self.0.take() {
            Some(promise) => {
                AWAITED.set(promise);
                Poll::Pending
            }
            None => Poll::Ready(SETTLED.take().unwrap_or(Ok(JsValue::UNDEFINED))),
        }
    }
}

/// Runs a call as a Promise; its failure becomes the matching JS error. Its first step runs in
/// a microtask (`spawn`), as wasm-bindgen-futures did: nothing of the call runs before the
/// method that started it has returned.
pub(crate) fn run(task: Task) -> Promise {
    let mut task = Some(task);
    let step = move |ok: bool, value: JsValue| -> JsValue {
        let Some(future) = task.as_mut() else {
            return JsValue::UNDEFINED;
        };
        SETTLED.set(if ok { Ok(value) } else { Err(value) });
        // A waker that does nothing: a task is polled again when its promise settles, not woken.
        match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Pending => AWAITED.take().map(JsValue::from).unwrap_or_default(),
            Poll::Ready(result) => {
                // Dropped now, not when JS collects the step: the call's state goes at once.
                task = None;
                // `[ok, value]`: `spawn` settles the task's promise with it.
                let (ok, value) = match result {
                    Ok(v) => (true, v),
                    Err(f) => (false, f.into_js()),
                };
                let settled = Array::new();
                settled.push(&ok.into());
                settled.push(&value);
                settled.into()
            }
        }
    };
    spawn(Closure::own_aborting(step))
}
