//! The worker module: the heavy crypto of Portcullis, run only inside the page's Web Workers
//! (see `worker.rs`), never by the page itself, so that the page starts with a small module of
//! its own (`app.rs`). It exports what the workers' shim calls.

use wasm_bindgen::prelude::*;

fn main() {}

/// The key worker: which keys to make ahead (see `stock.rs`).
#[wasm_bindgen]
pub fn worker_want(key_type: String, maker: String, count: u32) {
    portcullis_web::in_worker::worker_want(key_type, maker, count);
}

/// The key worker: derive the CA key's encryption key ahead (see `ahead.rs`).
#[wasm_bindgen]
pub fn worker_encrypt_ahead(passphrase: String, maker: String) {
    portcullis_web::in_worker::worker_encrypt_ahead(passphrase, maker);
}

/// The key worker: makes the bundle; a Promise in JavaScript.
#[wasm_bindgen]
pub async fn worker_generate(
    request: js_sys::Uint8Array,
    progress: js_sys::Function,
) -> Result<js_sys::Object, JsValue> {
    portcullis_web::in_worker::worker_generate(request, progress).await
}

/// A prime-search worker: a slice of its RSA prime search, and the prime if it found one.
#[wasm_bindgen]
pub fn worker_prime(key_type: String) -> Result<Option<js_sys::Uint8Array>, JsValue> {
    portcullis_web::in_worker::worker_prime(key_type)
}

/// The key worker: the page says a prime-search worker failed.
#[wasm_bindgen]
pub fn worker_prime_failed(serial: f64, index: u32, said: JsValue) {
    portcullis_web::in_worker::worker_prime_failed(serial, index, &said);
}

/// The helper: the answer to one of the page's questions, wire bytes in and out.
#[wasm_bindgen]
pub fn worker_answer(ask: js_sys::Uint8Array) -> Result<js_sys::Uint8Array, JsValue> {
    portcullis_web::in_worker::worker_answer(ask)
}
