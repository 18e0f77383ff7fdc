//! identity-kit: validators for the fields of an identity onboarding form, and the models of
//! the identities API.
//!
//! Everything in this crate outside `wasm` is plain Rust with no WebAssembly types: it is
//! tested natively with `cargo test` and shared with the sandbox server, so the server and the
//! form can never disagree. The `wasm` module is the thin binding layer that converts values
//! to and from JavaScript.
//!
//! ```
//! use identity_kit::{validate_field, FieldContext, State};
//! let ctx = FieldContext { document_type: Some("RUT".into()), country: Some("CHL".into()), ..Default::default() };
//! let verdict = validate_field("documentNumber", "17.604.011-4", &ctx).unwrap();
//! assert_eq!(verdict.state, State::Valid);
//! assert_eq!(verdict.normalized.as_deref(), Some("17604011-4"));
//! ```

pub mod api;
pub mod client_core;
pub mod country;
pub mod csv;
pub mod currency;
pub mod documents;
pub mod email;
pub mod fields;
pub mod humanos;
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzzing;
pub mod identity;
pub mod json;
pub mod messages;
pub mod payload;
pub mod phone;
pub mod text;
pub mod verdict;

pub use fields::{format_field, validate_field, FieldContext, UnknownField};
pub use identity::{check_uniqueness, validate_identity, FieldError, IdentityReport, ValidateOptions};
pub use messages::Locale;
pub use verdict::{State, Verdict, Warning};

/// The JavaScript binding layer (only in wasm builds).
#[cfg(target_arch = "wasm32")]
pub mod wasm;
