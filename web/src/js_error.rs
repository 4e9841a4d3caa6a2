//! What a JavaScript exception or rejection says, as one line for the page.

use wasm_bindgen::{JsCast, JsValue};

/// An `Error`'s message, a thrown string as it is, anything else as debugged.
pub(crate) fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
