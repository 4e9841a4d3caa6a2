//! The browser edge of files: saving one (a Blob, an object URL and a click on a download
//! link) and reading one the user picked.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::js_error::describe;

/// Offers `bytes` to the user as the file `file_name` of type `mime`.
pub fn save(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download has started reading the Blob; let go of it a moment later.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)
        .map_err(describe)?;
    Ok(())
}

/// Reads the first file picked in the file input `event` came from as text, then hands it (or
/// why it could not be read) to `done`. Nothing leaves the page: the browser reads the file.
pub fn read_picked_text(
    event: &web_sys::Event,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let Some(file) = picked_file(event) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        done(match text {
            Ok(text) => text
                .as_string()
                .ok_or_else(|| format!("{}: is not text", file.name())),
            Err(_) => Err(format!("{}: the browser could not read it", file.name())),
        });
    });
}

/// Reads the first file picked in the file input `event` came from as bytes, then hands them
/// (or why they could not be read) to `done`.
pub fn read_picked_bytes(
    event: &web_sys::Event,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) {
    let Some(file) = picked_file(event) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        done(match buffer {
            Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => Err(format!("{}: the browser could not read it", file.name())),
        });
    });
}

/// The first file picked in the file input `event` came from.
fn picked_file(event: &web_sys::Event) -> Option<web_sys::File> {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}
