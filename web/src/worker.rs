//! The browser edge of key generation: one Web Worker, started from a Blob URL, that makes
//! keys ahead while the user fills in the form (see `stock.rs`) and makes the bundle when
//! Generate is pressed.
//!
//! The worker runs this same wasm module: the page hands it the compiled `WebAssembly.Module`,
//! and the worker's script is the wasm-bindgen glue (which the page's loader keeps as text)
//! followed by a short shim. So starting a worker makes no network request. The worker is a
//! classic one, the glue turned from a module into a plain script: from file:// (the single-file
//! page) a module worker from a Blob URL is refused, since the page's origin is opaque.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use portcullis_pki::{CA_KEY_SALT_LEN, KeyPair, Premade};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};
use yew::Callback;

use crate::generate::{Made, Reply, Request};
use crate::js_error::describe;
use crate::state::KeyMaker;
use crate::stock::{Level, Stock, Want};

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

/// Runs inside the worker: starts the wasm module, then hands each message on to the exported
/// `worker_want` and `worker_generate`, and posts what they make. Messages are handled in
/// order: each waits for the start.
const SHIM: &str = r#"
let started = null;
self.onmessage = async (event) => {
  const message = event.data;
  if (message.kind === "start") {
    // The glue's text, to start prime-search workers of its own.
    self.portcullisGlue = message.glue;
    started = __wbg_init({ module_or_path: message.module });
    return;
  }
  try {
    await started;
    if (message.kind === "want") {
      worker_want(message.keyType, message.maker, message.count);
      return;
    }
    if (message.kind === "primes") {
      // A prime-search worker: primes until it is terminated, a turn of the event loop apart.
      for (;;) {
        const prime = worker_prime(message.keyType);
        self.postMessage({ kind: "prime", prime }, [prime.buffer]);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    const result = await worker_generate(message.request, (done, total, doing) =>
      self.postMessage({ kind: "progress", done, total, doing }));
    self.postMessage({ kind: "done", reply: result.reply, zip: result.zip }, [result.zip.buffer]);
  } catch (error) {
    self.postMessage({ kind: "error", message: String((error && error.message) || error) });
  }
};
"#;

thread_local! {
    /// The page's one worker.
    static CURRENT: RefCell<Option<KeyWorker>> = const { RefCell::new(None) };
}

/// Tells the worker which keys to make ahead (`None`: none, and wipe what it holds), starting
/// it if need be; `on_stock` hears how many are ready.
pub fn want(want: Option<Want>, on_stock: &Callback<Level>) -> Result<(), String> {
    let message = match want {
        Some(want) => want_message(Some(want))?,
        // Nothing to wipe in a worker that is not there.
        None if !is_alive() => return Ok(()),
        None => want_message(None)?,
    };
    with_worker(on_stock, |worker| {
        worker.worker.post_message(&message).map_err(describe)
    })
}

/// Starts making the bundle for `request`, with whatever keys the worker made ahead; `on_event`
/// hears the run, `on_stock` the stock.
pub fn start(
    request: &Request,
    on_event: Callback<WorkerEvent>,
    on_stock: &Callback<Level>,
) -> Result<(), String> {
    let request = serde_json::to_string(request).map_err(|e| e.to_string())?;
    let message = js_sys::Object::new();
    set(&message, "kind", &"generate".into())?;
    set(&message, "request", &request.into())?;
    with_worker(on_stock, |worker| {
        worker.listener.replace(Some(on_event));
        worker.running.set(true);
        worker.worker.post_message(&message).map_err(describe)
    })
}

/// Stops a run the page no longer waits for (Cancel, or the input changed under it): the
/// worker is terminated, its stock with it, and the next [`want`] or [`start`] starts a new
/// one. An idle worker, or one whose run is over, is left alone. This may run inside the
/// worker's own message handler, whose closure must live on: the worker is only terminated
/// here and dropped when it is replaced.
pub fn stop() {
    CURRENT.with(|current| {
        if let Some(worker) = current.borrow().as_ref()
            && worker.running.get()
        {
            worker.worker.terminate();
            worker.dead.set(true);
            worker.running.set(false);
        }
    });
}

fn is_alive() -> bool {
    CURRENT.with(|current| {
        current
            .borrow()
            .as_ref()
            .is_some_and(|worker| !worker.dead.get())
    })
}

/// Runs `f` on the live worker, starting one (and dropping a dead one) first if need be.
fn with_worker(
    on_stock: &Callback<Level>,
    f: impl FnOnce(&KeyWorker) -> Result<(), String>,
) -> Result<(), String> {
    if !is_alive() {
        let worker = KeyWorker::start(on_stock.clone())?;
        let previous = CURRENT.with(|current| current.borrow_mut().replace(worker));
        drop(previous);
    }
    CURRENT.with(|current| match current.borrow().as_ref() {
        Some(worker) => f(worker),
        None => Err("the key generator could not start".to_owned()),
    })
}

fn want_message(want: Option<Want>) -> Result<js_sys::Object, String> {
    let message = js_sys::Object::new();
    set(&message, "kind", &"want".into())?;
    let (key_type, maker, count) = match want {
        Some(want) => (want.key_type.name(), want.maker.value(), want.count),
        None => ("", "", 0),
    };
    set(&message, "keyType", &key_type.into())?;
    set(&message, "maker", &maker.into())?;
    set(&message, "count", &JsValue::from_f64(count as f64))?;
    Ok(message)
}

fn set(object: &js_sys::Object, name: &str, value: &JsValue) -> Result<(), String> {
    js_sys::Reflect::set(object, &name.into(), value)
        .map(drop)
        .map_err(describe)
}

/// The running worker; dropping it stops the worker.
struct KeyWorker {
    worker: Worker,
    url: String,
    /// Who hears the run in progress.
    listener: Rc<RefCell<Option<Callback<WorkerEvent>>>>,
    /// Whether a run is in progress.
    running: Rc<Cell<bool>>,
    /// Terminated by [`stop`], or broken (its script failed): waiting to be replaced.
    dead: Rc<Cell<bool>>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl KeyWorker {
    /// Starts the worker; `on_stock` hears what it says of its stock.
    fn start(on_stock: Callback<Level>) -> Result<Self, String> {
        let glue = glue_source()?;
        let (worker, url) = new_worker(&glue)?;
        let listener: Rc<RefCell<Option<Callback<WorkerEvent>>>> = Rc::default();
        let running = Rc::new(Cell::new(false));

        let onmessage = {
            let (listener, running) = (Rc::clone(&listener), Rc::clone(&running));
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let event = match parse_message(&event.data()) {
                    Message::Stock(level) => return on_stock.emit(level),
                    Message::Run(event) => event,
                };
                if matches!(event, WorkerEvent::Finished(..) | WorkerEvent::Failed(_)) {
                    // Cleared before the page hears it: the run is over, not abandoned.
                    running.set(false);
                }
                let listener = listener.borrow().clone();
                if let Some(listener) = listener {
                    listener.emit(event);
                }
            })
        };
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // A script that fails to load raises a plain Event, with no message: read it as data.
        let dead = Rc::new(Cell::new(false));
        let onerror = {
            let (listener, running, dead) =
                (Rc::clone(&listener), Rc::clone(&running), Rc::clone(&dead));
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let message = js_sys::Reflect::get(&event, &"message".into())
                    .ok()
                    .and_then(|message| message.as_string())
                    .unwrap_or_else(|| "it could not start".to_owned());
                running.set(false);
                // Never asked again: the next wish or run starts a new worker.
                dead.set(true);
                let listener = listener.borrow().clone();
                if let Some(listener) = listener {
                    listener.emit(WorkerEvent::Failed(format!(
                        "the key generator stopped: {message}"
                    )));
                }
            })
        };
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));

        post_start(&worker, &glue)?;
        Ok(Self {
            worker,
            url,
            listener,
            running,
            dead,
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

/// A worker of this module, from a Blob of the glue (`glue`, the module's text) and the shim,
/// and the Blob's URL, to revoke when the worker is dropped.
fn new_worker(glue: &str) -> Result<(Worker, String), String> {
    let script = classic_script(glue)?;
    let parts = js_sys::Array::of2(&JsValue::from_str(&script), &JsValue::from_str(SHIM));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let worker = Worker::new(&url).map_err(|err| {
        let _ = Url::revoke_object_url(&url);
        describe(err)
    })?;
    Ok((worker, url))
}

/// The first message a worker gets: the compiled module, and the glue's text.
fn post_start(worker: &Worker, glue: &str) -> Result<(), String> {
    let message = js_sys::Object::new();
    set(&message, "kind", &"start".into())?;
    set(&message, "module", &wasm_bindgen::module())?;
    set(&message, "glue", &glue.into())?;
    worker.post_message(&message).map_err(describe)
}

/// The wasm-bindgen glue's source, which the page's loader keeps on `window.portcullisGlue`
/// (and a worker on its own global, from its start message).
fn glue_source() -> Result<String, String> {
    js_sys::Reflect::get(&js_sys::global(), &"portcullisGlue".into())
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| "the page did not finish loading; reload it and try again".to_owned())
}

/// A message from the worker: of its stock, or of the run.
enum Message {
    Stock(Level),
    Run(WorkerEvent),
}

fn parse_message(data: &JsValue) -> Message {
    let field = |name: &str| js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let count = |name: &str| field(name).as_f64().unwrap_or_default() as usize;
    Message::Run(match field("kind").as_string().as_deref() {
        Some("stock") => {
            return Message::Stock(Level {
                ready: count("ready"),
                wanted: count("wanted"),
            });
        }
        Some("progress") => WorkerEvent::Progress {
            done: count("done"),
            total: count("total"),
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
    })
}

thread_local! {
    /// Inside the worker: the keys made ahead.
    static STOCK: RefCell<Stock> = RefCell::new(Stock::default());
}

/// Why the keys are Portcullis' own although the user chose WebCrypto.
const NO_WEBCRYPTO: &str = "this page is not in a secure context (plain HTTP from another \
    address), so the browser offers no WebCrypto here: Portcullis' own Rust code made the keys";

/// Inside the worker, exported to the shim: the page wants these keys made ahead (`count` 0:
/// none, and what is held is wiped).
pub fn worker_want(key_type: String, maker: String, count: u32) {
    let want = key_type
        .parse()
        .ok()
        .filter(|_| count > 0)
        .map(|key_type| Want {
            key_type,
            maker: KeyMaker::from_value(&maker),
            count: count as usize,
        });
    STOCK.with(|stock| stock.borrow_mut().set_want(want));
    report_stock();
    top_up();
}

/// Starts making the keys the stock is missing: several at once by WebCrypto (the browser
/// spreads them over its threads); by the Rust code in a pool of prime-search workers (see
/// [`PrimePool`]), or, where a worker cannot start workers, one key at a time here (each
/// waits for a turn of the event loop, where a newer message may change the plan).
fn top_up() {
    let (want, epoch) = STOCK.with(|stock| {
        let stock = stock.borrow();
        (stock.want(), stock.epoch())
    });
    // A pool for another kind, or for a stock that wants nothing more, stops.
    let pool_epoch = POOL.with(|pool| pool.borrow().as_ref().map(|pool| pool.epoch));
    if pool_epoch.is_some_and(|pool_epoch| pool_epoch != epoch) {
        stop_pool();
    }
    let Some(want) = want else {
        return;
    };
    let subtle = match want.maker {
        KeyMaker::WebCrypto => crate::webcrypto::subtle(),
        KeyMaker::Rust => None,
    };
    if subtle.is_none() && can_start_workers() {
        let (_, epoch) = STOCK.with(|stock| stock.borrow_mut().start(usize::MAX));
        let in_flight = STOCK.with(|stock| stock.borrow().in_flight());
        if in_flight == 0 {
            stop_pool();
        } else if pool_epoch != Some(epoch)
            && let Err(why) = PrimePool::start(epoch, want.key_type)
        {
            // Started again on the next wish; the run that waits hears why.
            STOCK.with(|stock| stock.borrow_mut().arrived(epoch, Err(why)));
        }
        return;
    }
    let parallel = if subtle.is_some() { parallelism() } else { 1 };
    let (starting, epoch) = STOCK.with(|stock| stock.borrow_mut().start(parallel));
    for _ in 0..starting {
        let subtle = subtle.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let key = match subtle {
                Some(subtle) => crate::webcrypto::rsa_key(&subtle, want.key_type).await,
                None => {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
                    KeyPair::generate(want.key_type, &mut rng).map_err(|err| err.to_string())
                }
            };
            STOCK.with(|stock| stock.borrow_mut().arrived(epoch, key));
            report_stock();
            top_up();
        });
    }
}

/// Whether this context may start workers of its own (Chromium and Firefox workers may).
fn can_start_workers() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"Worker".into()).unwrap_or(false)
}

thread_local! {
    /// Inside the key worker: the prime-search workers, while the Rust code makes RSA keys.
    static POOL: RefCell<Option<PrimePool>> = const { RefCell::new(None) };
}

/// The RSA prime search of Portcullis' own code in parallel: one worker per core (up to 8),
/// each searching with randomness from its own `crypto.getRandomValues`, each posting every
/// prime it finds. The first two primes make a key, the next two the next key, and so on: p
/// and q are searched at once, and the first found win. Once the stock holds what is wanted,
/// the workers are terminated, mid-search. No memory is shared: primes travel as transferred
/// buffers, which are wiped once read.
struct PrimePool {
    /// The stock's epoch the keys are for.
    epoch: u64,
    key_type: portcullis_pki::KeyType,
    workers: Vec<(Worker, String)>,
    /// A prime waiting for its partner.
    pending: Option<portcullis_pki::RsaPrime>,
    _onmessage: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl PrimePool {
    fn start(epoch: u64, key_type: portcullis_pki::KeyType) -> Result<(), String> {
        stop_pool();
        let glue = glue_source()?;
        let mut pool = Self {
            epoch,
            key_type,
            workers: Vec::new(),
            pending: None,
            _onmessage: Vec::new(),
        };
        for _ in 0..parallelism() {
            let (worker, url) = new_worker(&glue)?;
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                prime_arrived(epoch, &event.data());
            });
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            post_start(&worker, &glue)?;
            let message = js_sys::Object::new();
            set(&message, "kind", &"primes".into())?;
            set(&message, "keyType", &key_type.name().into())?;
            worker.post_message(&message).map_err(describe)?;
            pool.workers.push((worker, url));
            pool._onmessage.push(onmessage);
        }
        POOL.with(|slot| slot.borrow_mut().replace(pool));
        Ok(())
    }
}

impl Drop for PrimePool {
    fn drop(&mut self) {
        for (worker, url) in &self.workers {
            worker.set_onmessage(None);
            worker.terminate();
            let _ = Url::revoke_object_url(url);
        }
    }
}

/// Stops the prime search: the workers are terminated now; the pool (whose closures may be
/// running this very call) is dropped after the current message is handled.
fn stop_pool() {
    let Some(pool) = POOL.with(|slot| slot.borrow_mut().take()) else {
        return;
    };
    for (worker, _) in &pool.workers {
        worker.terminate();
    }
    wasm_bindgen_futures::spawn_local(async move { drop(pool) });
}

/// A prime-search worker posted a prime for `epoch`: paired with the one waiting, it makes a
/// key for the stock.
fn prime_arrived(epoch: u64, data: &JsValue) {
    let view = js_sys::Reflect::get(data, &"prime".into())
        .ok()
        .filter(|prime| prime.is_instance_of::<js_sys::Uint8Array>())
        .map(js_sys::Uint8Array::from);
    let Some(view) = view else {
        return;
    };
    let bytes = zeroize::Zeroizing::new(view.to_vec());
    view.fill(0, 0, view.length());
    let key = POOL.with(|slot| {
        let mut slot = slot.borrow_mut();
        let pool = slot.as_mut().filter(|pool| pool.epoch == epoch)?;
        let prime = match portcullis_pki::RsaPrime::from_be_bytes(pool.key_type, &bytes) {
            Ok(prime) => prime,
            Err(err) => return Some(Err(err.to_string())),
        };
        match pool.pending.take() {
            None => {
                pool.pending = Some(prime);
                None
            }
            // Equal primes, or 65537 dividing p - 1 or q - 1: rare; both are dropped.
            Some(first) => KeyPair::rsa_from_primes(first, prime).ok().map(Ok),
        }
    });
    if let Some(key) = key {
        STOCK.with(|stock| stock.borrow_mut().arrived(epoch, key));
        report_stock();
        top_up();
    }
}

/// Inside a prime-search worker, exported to the shim: one prime for a key of `key_type`,
/// big-endian (the copy here is wiped; the receiver wipes the buffer it gets).
pub fn worker_prime(key_type: String) -> Result<js_sys::Uint8Array, JsValue> {
    let key_type: portcullis_pki::KeyType = key_type
        .parse()
        .map_err(|err: portcullis_pki::Error| JsValue::from_str(&err.to_string()))?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let prime = portcullis_pki::RsaPrime::generate(key_type, &mut rng)
        .map_err(|err| JsValue::from_str(&err.to_string()))?;
    Ok(js_sys::Uint8Array::from(prime.to_be_bytes().as_slice()))
}

/// `navigator.hardwareConcurrency`, within 2 to 8.
fn parallelism() -> usize {
    js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|cores| cores.as_f64())
        .map_or(2, |cores| (cores as usize).clamp(2, 8))
}

/// Tells the page how many keys are ready.
fn report_stock() {
    let level = STOCK.with(|stock| stock.borrow().level());
    let message = js_sys::Object::new();
    let posted = set(&message, "kind", &"stock".into())
        .and_then(|()| set(&message, "ready", &JsValue::from_f64(level.ready as f64)))
        .and_then(|()| set(&message, "wanted", &JsValue::from_f64(level.wanted as f64)))
        .and_then(|()| {
            let post =
                js_sys::Reflect::get(&js_sys::global(), &"postMessage".into()).map_err(describe)?;
            post.unchecked_into::<js_sys::Function>()
                .call1(&js_sys::global(), &message)
                .map(drop)
                .map_err(describe)
        });
    // The page only misses a count on its Generate step.
    drop(posted);
}

/// Inside the worker, exported to the shim: makes the bundle for `request` (JSON), calling
/// `progress(done, total, doing)` before each slow step. The RSA keys come from the stock,
/// which makes what it does not hold yet, by WebCrypto when the user chose it and this context
/// offers it; the CA key's PBKDF2 is WebCrypto's then too. Every other key is made here.
pub async fn worker_generate(
    request: String,
    progress: js_sys::Function,
) -> Result<js_sys::Object, JsValue> {
    let message = |text: String| JsValue::from_str(&text);
    let request: Request = serde_json::from_str(&request).map_err(|e| message(e.to_string()))?;
    let job = crate::generate::Job::prepare(&request).map_err(message)?;
    let report_step = |done: usize, total: usize, doing: &str| {
        let _ = progress.call3(
            &JsValue::NULL,
            &JsValue::from_f64(done as f64),
            &JsValue::from_f64(total as f64),
            &JsValue::from_str(doing),
        );
    };
    let subtle = crate::webcrypto::subtle();
    let mut made = Made::here();
    if let Some(want) = job.keys_wanted() {
        let by_webcrypto = want.maker == KeyMaker::WebCrypto && subtle.is_some();
        made.made_ahead = STOCK.with(|stock| stock.borrow().ready_for(want));
        STOCK.with(|stock| stock.borrow_mut().reserve(want));
        top_up();
        let who = if by_webcrypto {
            "RSA keys, by this browser's WebCrypto"
        } else if can_start_workers() {
            "RSA keys, by Portcullis' own Rust code in parallel workers"
        } else {
            "RSA keys, by Portcullis' own Rust code"
        };
        loop {
            let (level, failure) = STOCK.with(|stock| {
                let stock = stock.borrow();
                (stock.level(), stock.failure().map(str::to_owned))
            });
            if let Some(why) = failure {
                // Wiped, so that Generate pressed again starts afresh; a prime search stops.
                STOCK.with(|stock| stock.borrow_mut().set_want(None));
                top_up();
                return Err(message(format!("the {who} could not be made: {why}")));
            }
            if level.ready >= level.wanted {
                break;
            }
            report_step(level.ready, level.wanted, who);
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
        let keys = STOCK.with(|stock| stock.borrow_mut().take());
        // Never made here instead, unsaid: Review names who made each key.
        if keys.len() != want.count {
            return Err(message(format!(
                "the key generator holds {} of the {} keys it made for this run; press Generate again",
                keys.len(),
                want.count
            )));
        }
        made.premade = Premade::none().keys(keys);
        // The stock wants nothing more: a prime search still running stops.
        top_up();
        report_stock();
        made.keys_by_webcrypto = by_webcrypto;
        if want.maker == KeyMaker::WebCrypto && !by_webcrypto {
            made.fell_back = Some(NO_WEBCRYPTO.to_owned());
        }
    }
    if let Some(passphrase) = job.passphrase_for_webcrypto() {
        match &subtle {
            Some(subtle) => {
                report_step(0, 1, "CA key's encryption key, by WebCrypto's PBKDF2");
                let mut salt = [0u8; CA_KEY_SALT_LEN];
                let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
                rand_core::Rng::fill_bytes(&mut rng, &mut salt);
                let encryption = crate::webcrypto::ca_key_encryption(subtle, passphrase, salt)
                    .await
                    .map_err(|e| message(format!("WebCrypto could not derive the key: {e}")))?;
                made.premade = made.premade.ca_key_encryption(encryption);
                made.pbkdf2_by_webcrypto = true;
            }
            None => made.fell_back = Some(NO_WEBCRYPTO.to_owned()),
        }
    }
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut report = |p: portcullis_pki::Progress<'_>| report_step(p.done, p.total, p.next);
    let (reply, zip) = job.run(&mut rng, &mut report, made).map_err(message)?;
    let reply = serde_json::to_string(&reply).map_err(|e| message(e.to_string()))?;
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
