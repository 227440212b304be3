//! One module per command.

pub mod add;
pub mod embed;
pub mod enrich;
pub mod eval;
pub mod index;
pub mod model;
pub mod papers;
pub mod query;
pub mod reading;
pub mod topics;
