//! # portcullis-web
//!
//! The Portcullis wizard: a Yew app that walks a user through making the CA, the Docker
//! daemon's certificate and client certificates, entirely in the browser, then hands them the
//! same bundle the `portcullis` CLI makes.
//!
//! - [`state`]: the wizard as a pure `Reducible`, tested natively.
//! - [`generate`]: the worker's job as plain Rust (also tested natively).
//! - `components`: one component per file.
//! - `worker` and `download`: the only code that touches browser APIs beyond rendering.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod components;
mod download;
pub mod generate;
pub mod state;
mod worker;

pub use components::App;
pub use worker::worker_generate;
