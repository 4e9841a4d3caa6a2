//! The browser edge of files: saving one (a Blob, an object URL and a click on a download
//! link) and reading one the user picked, on gloo-file.

use gloo_file::{Blob, ObjectUrl};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

use crate::js_error::describe;
use crate::trouble::Trouble;

/// Offers `bytes` to the user as the file `file_name` of type `mime`.
pub fn save(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let url = ObjectUrl::from(Blob::new_with_options(bytes, Some(mime)));
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download has started reading the Blob; the URL is revoked (dropped) a minute later.
    Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}

/// Reads the first file picked in the file input `event` came from as text, then hands it (or
/// why it could not be read) to `done`. Nothing leaves the page: the browser reads the file.
pub fn read_picked_text(
    event: &web_sys::Event,
    done: impl FnOnce(Result<String, Trouble>) + 'static,
) {
    let Some(file) = picked_file(event) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let text = gloo_file::futures::read_as_text(&file).await;
        done(text.map_err(|err| unreadable(&file, &err)));
    });
}

/// Reads the first file picked in the file input `event` came from as bytes, then hands them
/// (or why they could not be read) to `done`.
pub fn read_picked_bytes(
    event: &web_sys::Event,
    done: impl FnOnce(Result<Vec<u8>, Trouble>) + 'static,
) {
    let Some(file) = picked_file(event) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = gloo_file::futures::read_as_bytes(&file).await;
        done(bytes.map_err(|err| unreadable(&file, &err)));
    });
}

/// Why a picked file could not be read, naming it.
fn unreadable(file: &gloo_file::File, err: &gloo_file::FileReadError) -> Trouble {
    match err {
        gloo_file::FileReadError::AbortedEarly => Trouble::FileCutShort(file.name()),
        _ => Trouble::FileUnreadable(file.name()),
    }
}

/// The first file picked in the file input `event` came from.
fn picked_file(event: &web_sys::Event) -> Option<gloo_file::File> {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
        .map(gloo_file::File::from)
}
