//! The identities API client for the browser (being written).
