//! readnext: a local, offline paper recommender for a markdown reading list.
//!
//! Data flows one way: list file → [`corpus`] (papers, ids, passages) → [`embed`]
//! (texts in, vectors out) → [`index`] (vectors and manifest on disk) →
//! similarity ([`rank`]: fused scores and the relatedness graph built from them) →
//! answers ([`topics`], [`reading`], [`map`]) → [`output`] (table, JSON, markdown). The library
//! never prints; the `readnext` binary is a thin layer over it.

#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod column;
pub mod corpus;
pub mod embed;
pub mod error;
pub mod evaluate;
pub mod fsutil;
pub mod hash;
pub mod index;
pub mod lexical;
pub mod map;
pub mod model;
pub mod output;
pub mod pairs;
pub mod rank;
pub mod reading;
pub mod rng;
pub mod topics;

pub use error::{Error, Result};
