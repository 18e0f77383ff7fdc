//! The Create Identity payload's vocabulary that every layer shares: the identity types and
//! the free-text limits. Here, on the data layer, so that documents and fields can use them
//! without importing `identity`, which judges whole payloads on top of the fields.

use serde::{Deserialize, Serialize};

/// `USER` or `ORGANIZATION`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IdentityType {
    User,
    Organization,
}

impl IdentityType {
    pub fn parse(s: &str) -> Option<IdentityType> {
        match s {
            "USER" => Some(Self::User),
            "ORGANIZATION" => Some(Self::Organization),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Organization => "ORGANIZATION",
        }
    }
}

/// Longest text the free-text fields accept.
pub const MAX_TEXT: usize = 200;
/// Longest `idv`.
pub const MAX_IDV: usize = 100;
