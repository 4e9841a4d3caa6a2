//! The wizard's entry point: mounts the app in a page; does nothing inside the key-generation
//! worker, which loads this same module only to call `worker_want`, `worker_generate` and
//! `worker_prime`.

use wasm_bindgen::prelude::*;

fn main() {
    if web_sys::window().is_some() {
        yew::Renderer::<portcullis_web::App>::new().render();
    }
}

/// Exported for the worker's shim (see `worker.rs`); a Promise in JavaScript.
#[wasm_bindgen]
pub async fn worker_generate(
    request: String,
    progress: js_sys::Function,
) -> Result<js_sys::Object, JsValue> {
    portcullis_web::worker_generate(request, progress).await
}

/// Exported for the worker's shim: which keys to make ahead (see `stock.rs`).
#[wasm_bindgen]
pub fn worker_want(key_type: String, maker: String, count: u32) {
    portcullis_web::worker_want(key_type, maker, count);
}

/// Exported for a prime-search worker's shim: one RSA prime (see `worker.rs`).
#[wasm_bindgen]
pub fn worker_prime(key_type: String) -> Result<js_sys::Uint8Array, JsValue> {
    portcullis_web::worker_prime(key_type)
}
