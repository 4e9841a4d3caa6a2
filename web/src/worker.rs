//! The browser edge of key generation: a Web Worker started from a Blob URL.
//!
//! The worker runs this same wasm module: the page hands it the compiled `WebAssembly.Module`,
//! and the worker's script is the wasm-bindgen glue (which the page's loader keeps as text)
//! followed by a short shim. So starting a worker makes no network request. The worker is a
//! classic one, the glue turned from a module into a plain script: from file:// (the single-file
//! page) a module worker from a Blob URL is refused, since the page's origin is opaque.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};
use yew::Callback;

use crate::generate::{Reply, Request};
use crate::js_error::describe;

/// What the worker says.
#[derive(Debug)]
pub enum WorkerEvent {
    /// A step started.
    Progress {
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
        /// What it does now.
        doing: String,
    },
    /// The bundle is ready.
    Finished(Reply, Vec<u8>),
    /// Something failed; the message is for the user.
    Failed(String),
}

/// Runs inside the worker: calls the exported `worker_generate` and posts its results.
const SHIM: &str = r#"
self.onmessage = async (event) => {
  const { module, request } = event.data;
  try {
    await __wbg_init({ module_or_path: module });
    const result = await worker_generate(request, (done, total, doing) =>
      self.postMessage({ kind: "progress", done, total, doing }));
    self.postMessage({ kind: "done", reply: result.reply, zip: result.zip }, [result.zip.buffer]);
  } catch (error) {
    self.postMessage({ kind: "error", message: String((error && error.message) || error) });
  }
};
"#;

thread_local! {
    /// The one worker the page runs at a time.
    static CURRENT: std::cell::RefCell<Option<KeyWorker>> = const { std::cell::RefCell::new(None) };
}

/// Starts generating for `request` in a new worker, replacing (and so stopping) any earlier
/// one. Called from a click, never from a worker's own message handler, whose closures the
/// replacement frees.
pub fn start(request: &Request, on_event: Callback<WorkerEvent>) -> Result<(), String> {
    stop();
    let worker = KeyWorker::start(request, on_event)?;
    let previous = CURRENT.with(|current| current.borrow_mut().replace(worker));
    drop(previous);
    Ok(())
}

/// Stops the worker, if one runs (Cancel, or its run is over or abandoned). It only terminates
/// the worker: this may run inside the worker's own message handler, whose closure must live
/// on until the next [`start`].
pub fn stop() {
    CURRENT.with(|current| {
        if let Some(worker) = current.borrow().as_ref() {
            worker.worker.terminate();
        }
    });
}

/// A running worker; dropping it stops the worker.
struct KeyWorker {
    worker: Worker,
    url: String,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl KeyWorker {
    /// Starts a worker on `request`; `on_event` hears everything it says.
    fn start(request: &Request, on_event: Callback<WorkerEvent>) -> Result<Self, String> {
        let glue = classic_script(&glue_source()?)?;
        let request = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let parts = js_sys::Array::of2(&JsValue::from_str(&glue), &JsValue::from_str(SHIM));
        let options = BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
        let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
        let worker = Worker::new(&url).map_err(describe)?;

        let on_message = on_event.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_message.emit(parse_message(&event.data()));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // A script that fails to load raises a plain Event, with no message: read it as data.
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let message = js_sys::Reflect::get(&event, &"message".into())
                .ok()
                .and_then(|message| message.as_string())
                .unwrap_or_else(|| "it could not start".to_owned());
            on_event.emit(WorkerEvent::Failed(format!(
                "the key generator stopped: {message}"
            )));
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));

        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"module".into(), &wasm_bindgen::module())
            .map_err(describe)?;
        js_sys::Reflect::set(&message, &"request".into(), &request.into()).map_err(describe)?;
        worker.post_message(&message).map_err(describe)?;
        Ok(Self {
            worker,
            url,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }
}

impl Drop for KeyWorker {
    fn drop(&mut self) {
        // Detached first: a message already queued must not reach a freed closure.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        let _ = Url::revoke_object_url(&self.url);
    }
}

/// The wasm-bindgen glue (`--target web`, an ES module) as a classic script: its `export`s
/// become plain declarations (the shim calls `__wbg_init` and `worker_generate` by name) and
/// `import.meta.url`, which a classic script cannot even parse, becomes the worker's own
/// address (used only to find the wasm by name, which never happens: the worker is handed the
/// compiled module). Anything else of a module is refused rather than started broken.
fn classic_script(glue: &str) -> Result<String, String> {
    let mut script = String::with_capacity(glue.len());
    for line in glue.lines() {
        let line = line.replace("import.meta.url", "self.location.href");
        let declaration = line.strip_prefix("export ");
        match declaration {
            // `export { initSync, __wbg_init as default };`: the names exist without it.
            Some(names) if names.starts_with('{') => continue,
            Some(rest)
                if ["function ", "async function ", "class ", "const ", "let "]
                    .iter()
                    .any(|keyword| rest.starts_with(keyword)) =>
            {
                script.push_str(rest);
            }
            Some(_) => {
                return Err(format!(
                    "the wasm-bindgen glue has an export this page cannot start a worker from: `{line}`"
                ));
            }
            None if line.starts_with("import ") || line.contains("import.meta") => {
                return Err(format!(
                    "the wasm-bindgen glue imports (`{line}`): this page cannot start a worker from it"
                ));
            }
            None => script.push_str(&line),
        }
        script.push('\n');
    }
    Ok(script)
}

/// The wasm-bindgen glue's source, which the page's loader keeps on `window.portcullisGlue`.
fn glue_source() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    js_sys::Reflect::get(&window, &"portcullisGlue".into())
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| "the page did not finish loading; reload it and try again".to_owned())
}

fn parse_message(data: &JsValue) -> WorkerEvent {
    let field = |name: &str| js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED);
    match field("kind").as_string().as_deref() {
        Some("progress") => WorkerEvent::Progress {
            done: field("done").as_f64().unwrap_or_default() as usize,
            total: field("total").as_f64().unwrap_or_default() as usize,
            doing: field("doing").as_string().unwrap_or_default(),
        },
        Some("done") => {
            let reply = field("reply").as_string().unwrap_or_default();
            let zip = js_sys::Uint8Array::new(&field("zip")).to_vec();
            match serde_json::from_str::<Reply>(&reply) {
                Ok(reply) => WorkerEvent::Finished(reply, zip),
                Err(err) => {
                    WorkerEvent::Failed(format!("the key generator's answer was garbled: {err}"))
                }
            }
        }
        Some("error") => WorkerEvent::Failed(field("message").as_string().unwrap_or_default()),
        _ => WorkerEvent::Failed("the key generator sent an unknown message".to_owned()),
    }
}

/// The worker's entry point, exported to the shim: makes the bundle for `request` (JSON),
/// calling `progress(done, total, doing)` before each slow step. When the user chose WebCrypto
/// and this context offers it, the RSA keys and the CA key's PBKDF2 are made by the browser
/// first; otherwise (and for every other key) by Portcullis' own Rust code.
pub async fn worker_generate(
    request: String,
    progress: js_sys::Function,
) -> Result<js_sys::Object, JsValue> {
    let request: Request =
        serde_json::from_str(&request).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let job = crate::generate::Job::prepare(&request).map_err(|e| JsValue::from_str(&e))?;
    let report_step = |done: usize, total: usize, doing: &str| {
        let _ = progress.call3(
            &JsValue::NULL,
            &JsValue::from_f64(done as f64),
            &JsValue::from_f64(total as f64),
            &JsValue::from_str(doing),
        );
    };
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let made = match (job.ahead(), crate::webcrypto::subtle()) {
        (None, _) => crate::generate::Made::here(),
        (Some(_), None) => crate::generate::Made {
            fell_back: Some(
                "this page is not in a secure context (plain HTTP from another address), so the \
                 browser offers no WebCrypto here: Portcullis' own Rust code made the keys"
                    .to_owned(),
            ),
            ..crate::generate::Made::here()
        },
        (Some(ahead), Some(subtle)) => {
            report_step(0, 1, "keys with this browser's WebCrypto");
            let mut salt = [0u8; portcullis_pki::CA_KEY_SALT_LEN];
            rand_core::Rng::fill_bytes(&mut rng, &mut salt);
            let premade = crate::webcrypto::premake(
                &subtle,
                ahead.key_type,
                ahead.keys,
                ahead.ca_passphrase.as_ref(),
                salt,
            )
            .await
            .map_err(|e| JsValue::from_str(&format!("WebCrypto could not make the keys: {e}")))?;
            crate::generate::Made {
                premade,
                keys_by_webcrypto: ahead.keys > 0,
                pbkdf2_by_webcrypto: ahead.ca_passphrase.is_some(),
                fell_back: None,
            }
        }
    };
    let mut report = |p: portcullis_pki::Progress<'_>| report_step(p.done, p.total, p.next);
    let (reply, zip) = job
        .run(&mut rng, &mut report, made)
        .map_err(|e| JsValue::from_str(&e))?;
    let reply = serde_json::to_string(&reply).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let result = js_sys::Object::new();
    js_sys::Reflect::set(&result, &"reply".into(), &reply.into())?;
    js_sys::Reflect::set(
        &result,
        &"zip".into(),
        &js_sys::Uint8Array::from(zip.as_slice()),
    )?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of what wasm-bindgen 0.2 writes for `--target web`.
    const GLUE: &str = "let wasm;\n\
        export function worker_generate(request, progress) {\n    return wasm.worker_generate(request, progress);\n}\n\
        async function __wbg_init(module_or_path) {\n    if (typeof module_or_path === 'undefined') {\n        \
        module_or_path = new URL('portcullis-web_bg.wasm', import.meta.url);\n    }\n}\n\
        export { initSync, __wbg_init as default };\n";

    #[test]
    fn the_glue_becomes_a_classic_script_with_the_same_names() -> Result<(), String> {
        let script = classic_script(GLUE)?;
        assert_eq!(
            script,
            "let wasm;\nfunction worker_generate(request, progress) {\n    return wasm.worker_generate(request, progress);\n}\n\
             async function __wbg_init(module_or_path) {\n    if (typeof module_or_path === 'undefined') {\n        \
             module_or_path = new URL('portcullis-web_bg.wasm', self.location.href);\n    }\n}\n"
        );
        // The page's own addition to the glue (the single-file page's init) stays.
        let packed = format!("{GLUE}\nglobalThis.portcullisInit = __wbg_init;\n");
        assert!(classic_script(&packed)?.ends_with("\nglobalThis.portcullisInit = __wbg_init;\n"));
        Ok(())
    }

    #[test]
    fn a_glue_with_imports_or_unknown_exports_is_refused() {
        for (glue, expected) in [
            ("import { a } from './snippets/x.js';\n", "imports"),
            ("const u = import.meta.resolve('x');\n", "imports"),
            ("export * from './x.js';\n", "an export"),
            ("export default __wbg_init;\n", "an export"),
        ] {
            let refusal = classic_script(glue).err().unwrap_or_default();
            assert!(refusal.contains(expected), "{glue}: {refusal}");
        }
    }
}
