//! PLACEHOLDER being written: Create Identity models and whole-identity validation.
use serde::{Deserialize, Serialize};
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IdentityType { User, Organization }
pub struct FieldError;
pub struct IdentityReport;
pub struct ValidateOptions;
pub fn validate_identity() {}
pub fn check_uniqueness() {}
pub const MESSAGES: &[crate::messages::Message] = &[];
