//! The browser edge of the page's workers, and how any worker is started.
//!
//! The heavy crypto lives in a module of its own, the worker module (`src/bin/worker.rs`),
//! which the page never runs: the page's loader keeps its wasm-bindgen glue as text and
//! compiles it after the page first showed (`window.portcullisWorker`: `glue`, and `module`, a
//! Promise of the compiled `WebAssembly.Module`). A worker's script is that glue (wasm-bindgen's
//! `no-modules` output, a classic script: from file:// a module worker from a Blob URL is
//! refused, the page's origin being opaque) followed by [`SHIM`], started from a Blob URL and
//! handed the compiled module, so that starting one makes no request.
//!
//! The page has two workers, and starts a third kind for one of them:
//! - the key worker, from the CA step on: it makes the RSA keys the plan will need ahead
//!   (`stock.rs`) and makes the bundle when Generate is pressed; Cancel terminates it, and the
//!   next wish or run starts a new one;
//! - its prime-search workers ([`PrimeWorkers`]), while the Rust code makes RSA keys: the key
//!   worker asks for them and the page starts them, each with a channel to the key worker;
//! - the helper, from the first question: it answers what only the crypto can tell
//!   ([`Ask`]: an existing CA, CSRs, old bundles, plan files, signing, CRLs), in order.
//!
//! What each runs inside is `in_worker.rs`.

use gloo_file::ObjectUrl;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::ask::{Answer, Ask, Secret};
use crate::generate::{Failure, Reply, Request};
use crate::js_error::describe;
use crate::state::KeyMaker;
use crate::stock::{Level, Want};
use crate::trouble::{Doing, Trouble};

/// What the key worker says of a run.
#[derive(Debug)]
pub enum WorkerEvent {
    /// A step started.
    Progress {
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
        /// What it does now.
        doing: Doing,
    },
    /// The bundle is ready.
    Finished(Reply, Vec<u8>),
    /// Something failed: the core's error as data, or the browser's words.
    Failed(Failure),
}

/// Runs inside every worker, after the worker module's glue: starts the module once the start
/// message brings it, then hands each message on to the module's exports and posts what they
/// make. Messages are handled in order: each waits for the start, which may come after them.
const SHIM: &str = r#"
let begin;
const started = new Promise((resolve) => (begin = resolve));
self.onmessage = async (event) => {
  const message = event.data;
  if (message.kind === "start") {
    begin(wasm_bindgen({ module_or_path: message.module }));
    return;
  }
  try {
    await started;
    if (message.kind === "want") {
      wasm_bindgen.worker_want(message.keyType, message.maker, message.count);
      return;
    }
    if (message.kind === "encrypt") {
      wasm_bindgen.worker_encrypt_ahead(message.passphrase, message.maker);
      return;
    }
    if (message.kind === "primeFailed") {
      wasm_bindgen.worker_prime_failed(message.serial, message.index, message);
      return;
    }
    if (message.kind === "ask") {
      const answer = wasm_bindgen.worker_answer(message.ask);
      self.postMessage({ kind: "answer", id: message.id, answer }, [answer.buffer]);
      return;
    }
    if (message.kind === "primes") {
      // A prime-search worker: primes, to the key worker over the port it was given, until
      // it is terminated, searched in slices of some 20 ms, a turn of the event loop apart,
      // so that terminate() ends it at once. The turn is a message to itself, which no
      // timer's 4 ms clamp delays.
      const turn = new MessageChannel();
      for (;;) {
        const prime = wasm_bindgen.worker_prime(message.keyType);
        if (prime) message.port.postMessage({ kind: "prime", prime }, [prime.buffer]);
        await new Promise((resolve) => {
          turn.port1.onmessage = resolve;
          turn.port2.postMessage(null);
        });
      }
    }
    const result = await wasm_bindgen.worker_generate(message.request, (done, total, doing) =>
      self.postMessage({ kind: "progress", done, total, doing }));
    self.postMessage({ kind: "done", reply: result.reply, zip: result.zip }, [result.reply.buffer, result.zip.buffer]);
  } catch (error) {
    // The module's failure is wire bytes (data); anything else, the browser's words.
    if (error instanceof Uint8Array) self.postMessage({ kind: "error", id: message.id, failure: error }, [error.buffer]);
    else self.postMessage({ kind: "error", id: message.id, message: String((error && error.message) || error) });
  }
};
"#;

/// The worker module as the page's loader keeps it: its glue's text, and a Promise of the
/// compiled module.
fn worker_module() -> Result<(String, js_sys::Promise), Trouble> {
    let not_loaded = || Trouble::NotLoaded;
    let code = js_sys::Reflect::get(&js_sys::global(), &"portcullisWorker".into())
        .ok()
        .filter(JsValue::is_object)
        .ok_or_else(not_loaded)?;
    let field = |name: &str| js_sys::Reflect::get(&code, &name.into()).unwrap_or_default();
    let glue = field("glue").as_string().ok_or_else(not_loaded)?;
    let module = field("module")
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| not_loaded())?;
    Ok((glue, module))
}

/// A worker running the worker module: its script is the module's glue and the shim, from a
/// Blob URL (revoked when the worker goes); the module follows in its start message once
/// compiled, and `on_failure` hears if it never can. Returns the worker and its URL, which is
/// revoked when dropped: keep it as long as the worker.
pub(crate) fn new_worker(
    on_failure: impl FnOnce(Trouble) + 'static,
) -> Result<(Worker, ObjectUrl), Trouble> {
    let (glue, module) = worker_module()?;
    let script = format!("{glue}{SHIM}");
    let url = ObjectUrl::from(gloo_file::Blob::new_with_options(
        script.as_str(),
        Some("text/javascript"),
    ));
    let worker = Worker::new(&url).map_err(Trouble::from)?;
    let starting = worker.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let started = match JsFuture::from(module).await {
            Ok(module) => post_start(&starting, &module),
            Err(err) => Err(Trouble::NotCompiled(describe(err))),
        };
        if let Err(why) = started {
            on_failure(why);
        }
    });
    Ok((worker, url))
}

/// The first message a worker gets: the compiled module.
fn post_start(worker: &Worker, module: &JsValue) -> Result<(), Trouble> {
    let message = js_sys::Object::new();
    set(&message, "kind", &"start".into())?;
    set(&message, "module", module)?;
    worker.post_message(&message).map_err(Trouble::from)
}

pub(crate) fn set(object: &js_sys::Object, name: &str, value: &JsValue) -> Result<(), Trouble> {
    js_sys::Reflect::set(object, &name.into(), value)
        .map(drop)
        .map_err(Trouble::from)
}

/// A field of a message from a worker (undefined if missing).
pub(crate) fn field(data: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A worker's "error" message: its module's failure as wire bytes (data), or, where the glue
/// wrote a message itself, the browser's words.
fn failure_of(data: &JsValue) -> Failure {
    match field(data, "message").as_string() {
        Some(message) => Failure::Browser(Trouble::Said(message)),
        None => crate::wire::from_js(&field(data, "failure")).unwrap_or_else(Failure::Browser),
    }
}

/// What the helper said when it could not answer, as a trouble of the question.
fn helper_failure(data: &JsValue) -> Trouble {
    trouble_of(failure_of(data))
}

/// A failure as a trouble of its own: the core's, or the browser's.
fn trouble_of(failure: Failure) -> Trouble {
    match failure {
        Failure::Browser(trouble) => trouble,
        Failure::Core(err) => Trouble::Core(err),
    }
}

/// What a worker said in a `message` field, else that it could not start: its script's failure
/// (an error event, a plain Event, read as data), or a prime-search worker's "error" message.
pub(crate) fn worker_said(event: &JsValue) -> Trouble {
    field(event, "message")
        .as_string()
        .map_or(Trouble::NotStarted, Trouble::Said)
}

thread_local! {
    /// The page's key worker.
    static CURRENT: RefCell<Option<KeyWorker>> = const { RefCell::new(None) };
}

/// Tells the key worker which keys to make ahead (`None`: none, and wipe what it holds),
/// starting it if need be; `on_stock` hears how many are ready.
pub fn want(want: Option<Want>, on_stock: &Callback<Level>) -> Result<(), Trouble> {
    let message = match want {
        Some(want) => want_message(Some(want))?,
        // Nothing to wipe in a worker that is not there.
        None if !is_alive() => return Ok(()),
        None => want_message(None)?,
    };
    with_worker(on_stock, |worker| {
        worker.worker.post_message(&message).map_err(Trouble::from)
    })
}

/// Tells the key worker to derive the CA key's encryption key ahead from this passphrase, by
/// this maker (`None`: nothing, and wipe what it holds), starting it if need be; `on_stock`
/// hears when it is ready.
pub fn encrypt_ahead(
    wish: Option<(Secret, KeyMaker)>,
    on_stock: &Callback<Level>,
) -> Result<(), Trouble> {
    if wish.is_none() && !is_alive() {
        return Ok(());
    }
    let message = js_sys::Object::new();
    set(&message, "kind", &"encrypt".into())?;
    let (passphrase, maker) = match &wish {
        Some((passphrase, maker)) => (passphrase.expose(), maker.value()),
        None => ("", ""),
    };
    set(&message, "passphrase", &passphrase.into())?;
    set(&message, "maker", &maker.into())?;
    with_worker(on_stock, |worker| {
        worker.worker.post_message(&message).map_err(Trouble::from)
    })
}

/// Starts making the bundle for `request`, with whatever keys the worker made ahead; `on_event`
/// hears the run, `on_stock` the stock.
pub fn start(
    request: &Request,
    on_event: Callback<WorkerEvent>,
    on_stock: &Callback<Level>,
) -> Result<(), Trouble> {
    // Transferred: the page keeps no copy of the bytes, which hold the CA's passphrase.
    let request = crate::wire::to_js(request)?;
    let message = js_sys::Object::new();
    set(&message, "kind", &"generate".into())?;
    set(&message, "request", &request)?;
    with_worker(on_stock, |worker| {
        worker.listener.replace(Some(on_event));
        worker.running.set(true);
        worker
            .worker
            .post_message_with_transfer(&message, &js_sys::Array::of1(&request.buffer()))
            .map_err(Trouble::from)
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
            stop_primes(&worker.primes);
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

/// Runs `f` on the live key worker, starting one (and dropping a dead one) first if need be.
fn with_worker(
    on_stock: &Callback<Level>,
    f: impl FnOnce(&KeyWorker) -> Result<(), Trouble>,
) -> Result<(), Trouble> {
    if !is_alive() {
        let worker = KeyWorker::start(on_stock.clone())?;
        let previous = CURRENT.with(|current| current.borrow_mut().replace(worker));
        drop(previous);
    }
    CURRENT.with(|current| match current.borrow().as_ref() {
        Some(worker) => f(worker),
        None => Err(Trouble::GeneratorNotStarted),
    })
}

fn want_message(want: Option<Want>) -> Result<js_sys::Object, Trouble> {
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

/// The running key worker; dropping it stops the worker.
struct KeyWorker {
    worker: Worker,
    /// The worker's script, revoked after the worker is terminated (fields drop after `drop`).
    _url: ObjectUrl,
    /// Who hears the run in progress.
    listener: Rc<RefCell<Option<Callback<WorkerEvent>>>>,
    /// Whether a run is in progress.
    running: Rc<Cell<bool>>,
    /// Terminated by [`stop`], or broken (its script failed): waiting to be replaced.
    dead: Rc<Cell<bool>>,
    /// Its prime-search workers, while it asks for them.
    primes: Primes,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl KeyWorker {
    /// Starts the worker; `on_stock` hears what it says of its stock.
    fn start(on_stock: Callback<Level>) -> Result<Self, Trouble> {
        let listener: Rc<RefCell<Option<Callback<WorkerEvent>>>> = Rc::default();
        let running = Rc::new(Cell::new(false));
        let dead = Rc::new(Cell::new(false));
        let primes = Primes::default();
        // Never asked again once broken: the next wish or run starts a new worker.
        let failed = {
            let (listener, running, dead, primes) = (
                Rc::clone(&listener),
                Rc::clone(&running),
                Rc::clone(&dead),
                Rc::clone(&primes),
            );
            move |why: Trouble| {
                running.set(false);
                dead.set(true);
                stop_primes(&primes);
                let listener = listener.borrow().clone();
                if let Some(listener) = listener {
                    listener.emit(WorkerEvent::Failed(Failure::Browser(
                        Trouble::GeneratorStopped(Box::new(why)),
                    )));
                }
            }
        };
        let (worker, url) = new_worker(failed.clone())?;
        let onmessage = {
            let (listener, running, dead, primes) = (
                Rc::clone(&listener),
                Rc::clone(&running),
                Rc::clone(&dead),
                Rc::clone(&primes),
            );
            let key_worker = worker.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let event = match parse_message(&event.data()) {
                    Message::Stock(level) => return on_stock.emit(level),
                    // Not for a worker already terminated, whose message came late.
                    Message::StartPrimes(_) if dead.get() => return,
                    Message::StartPrimes(data) => {
                        stop_primes(&primes);
                        let started = PrimeWorkers::start(&key_worker, &data);
                        primes.borrow_mut().replace(started);
                        return;
                    }
                    Message::StopPrimes => return stop_primes(&primes),
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
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            failed(worker_said(&event));
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _url: url,
            listener,
            running,
            dead,
            primes,
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
    }
}

/// A message from the key worker: of its stock, of its prime-search workers, or of the run.
enum Message {
    Stock(Level),
    /// Start prime-search workers: the message says for which key type, and brings one end of
    /// a channel to the key worker for each.
    StartPrimes(JsValue),
    StopPrimes,
    Run(WorkerEvent),
}

fn parse_message(data: &JsValue) -> Message {
    let count = |name: &str| field(data, name).as_f64().unwrap_or_default() as usize;
    Message::Run(match field(data, "kind").as_string().as_deref() {
        Some("stock") => {
            return Message::Stock(Level {
                ready: count("ready"),
                wanted: count("wanted"),
                encryption_ready: field(data, "encryptionReady").as_bool().unwrap_or_default(),
                // As a run's failure (garbled, it is said as such: a failure is never lost).
                failed: (!field(data, "failure").is_undefined())
                    .then(|| trouble_of(failure_of(data))),
            });
        }
        Some("primes") => return Message::StartPrimes(data.clone()),
        Some("stopPrimes") => return Message::StopPrimes,
        Some("progress") => WorkerEvent::Progress {
            done: count("done"),
            total: count("total"),
            doing: crate::wire::from_js(&field(data, "doing")).unwrap_or(Doing::Starting),
        },
        Some("done") => {
            let zip = js_sys::Uint8Array::new(&field(data, "zip")).to_vec();
            match crate::wire::from_js::<Reply>(&field(data, "reply")) {
                Ok(reply) => WorkerEvent::Finished(reply, zip),
                Err(garbled) => WorkerEvent::Failed(Failure::Browser(garbled)),
            }
        }
        Some("error") => WorkerEvent::Failed(failure_of(data)),
        _ => WorkerEvent::Failed(Failure::Browser(Trouble::UnknownMessage)),
    })
}

/// A key worker's prime-search workers, if it asked for them.
type Primes = Rc<RefCell<Option<PrimeWorkers>>>;

/// Terminates a key worker's prime-search workers now; they are dropped once the message being
/// handled is.
fn stop_primes(primes: &Primes) {
    let Some(stopped) = primes.borrow_mut().take() else {
        return;
    };
    for (worker, _) in &stopped.workers {
        worker.terminate();
    }
    wasm_bindgen_futures::spawn_local(async move { drop(stopped) });
}

/// The prime-search workers the page starts for the key worker (its `PrimePool` says why the
/// page starts them): each is handed one end of a channel the key worker made and searches
/// until terminated, posting its primes over the channel. A worker that fails (its module
/// never arrives or cannot start, its search throws, its script dies) is terminated, and the
/// key worker hears why (`primeFailed`), to search on with the rest or give up.
struct PrimeWorkers {
    workers: Vec<(Worker, ObjectUrl)>,
    _onmessage: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _onerror: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl PrimeWorkers {
    /// Starts one worker for each port of the key worker's `primes` message.
    fn start(key_worker: &Worker, request: &JsValue) -> Self {
        let mut started = Self {
            workers: Vec::new(),
            _onmessage: Vec::new(),
            _onerror: Vec::new(),
        };
        let serial = field(request, "serial");
        let key_type = field(request, "keyType");
        let ports = field(request, "ports")
            .dyn_into::<js_sys::Array>()
            .unwrap_or_default();
        for (index, port) in ports.iter().enumerate() {
            let failed = {
                let (key_worker, serial) = (key_worker.clone(), serial.clone());
                move |why: Trouble| prime_failed(&key_worker, &serial, index, why)
            };
            if let Err(why) = started.start_one(&key_type, &port, failed.clone()) {
                failed(why);
            }
        }
        started
    }

    /// Starts a worker that searches primes of `key_type` and posts them to `port`; `failed`
    /// hears if it fails.
    fn start_one(
        &mut self,
        key_type: &JsValue,
        port: &JsValue,
        failed: impl Fn(Trouble) + Clone + 'static,
    ) -> Result<(), Trouble> {
        let (worker, url) = new_worker(failed.clone())?;
        self.workers.push((worker.clone(), url));
        let onmessage = {
            let (worker, failed) = (worker.clone(), failed.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                // The browser's words where the glue wrote them (the module could not start,
                // or the search threw). A failure as data is only `worker_prime`'s refusal of
                // a key type, which the key worker never sends.
                let data = event.data();
                if field(&data, "kind").as_string().as_deref() == Some("error") {
                    worker.terminate();
                    failed(worker_said(&data));
                }
            })
        };
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        self._onmessage.push(onmessage);
        let onerror = {
            let worker = worker.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                // Handled here: not passed on to the page's own error handler.
                event.prevent_default();
                worker.terminate();
                failed(worker_said(&event));
            })
        };
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        self._onerror.push(onerror);
        let message = js_sys::Object::new();
        set(&message, "kind", &"primes".into())?;
        set(&message, "keyType", key_type)?;
        set(&message, "port", port)?;
        worker
            .post_message_with_transfer(&message, &js_sys::Array::of1(port))
            .map_err(Trouble::from)
    }
}

impl Drop for PrimeWorkers {
    fn drop(&mut self) {
        // Each worker's script URL is revoked as the list drops, after this.
        for (worker, _) in &self.workers {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
    }
}

/// Tells the key worker that its prime-search worker `index` of pool `serial` failed, and why:
/// the browser's words as they came, or, for the page's own troubles (a module that never
/// compiled), what the page says of them now. Text, not the trouble as data: reading troubles
/// would link the core's error reader into the worker module (some 10 KB).
fn prime_failed(key_worker: &Worker, serial: &JsValue, index: usize, why: Trouble) {
    let words = match why {
        Trouble::Said(words) => Some(words),
        Trouble::NotStarted => None,
        other => Some(other.said(crate::i18n::spoken())),
    };
    let message = js_sys::Object::new();
    let told = set(&message, "kind", &"primeFailed".into())
        .and_then(|()| set(&message, "serial", serial))
        .and_then(|()| set(&message, "index", &JsValue::from_f64(index as f64)))
        .and_then(|()| set(&message, "message", &words.into()))
        .and_then(|()| key_worker.post_message(&message).map_err(Trouble::from));
    // Not heard only if the key worker is gone, and its pool with it.
    drop(told);
}

thread_local! {
    /// The page's helper worker.
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
}

/// The questions asked and not answered yet, by id.
type Pending = Rc<RefCell<BTreeMap<u32, (Ask, Callback<Answer>)>>>;

/// Asks the helper worker `ask`, starting it if need be; `answered` hears the answer (a
/// failure of the worker itself comes as an answer of the same kind that says so). An ask
/// already waiting for its answer is not sent again: only the first asker hears it.
pub fn ask(ask: Ask, answered: Callback<Answer>) {
    let sent = HELPER.with(|helper| {
        let mut helper = helper.borrow_mut();
        if helper.as_ref().is_none_or(|helper| helper.dead.get()) {
            *helper = Some(Helper::start()?);
        }
        match helper.as_ref() {
            Some(helper) => helper.send(ask.clone(), answered.clone()),
            None => Err(Trouble::HelperNotStarted),
        }
    });
    if let Err(why) = sent {
        answered.emit(Answer::failure(&ask, &why));
    }
}

/// The worker that answers the page's questions.
struct Helper {
    worker: Worker,
    /// The worker's script, revoked after the worker is terminated.
    _url: ObjectUrl,
    pending: Pending,
    next_id: Cell<u32>,
    /// Broken (its script failed): replaced on the next question.
    dead: Rc<Cell<bool>>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl Helper {
    fn start() -> Result<Self, Trouble> {
        let pending: Pending = Rc::default();
        let dead = Rc::new(Cell::new(false));
        // Every question waiting hears why, and the next question starts a new worker.
        let failed = {
            let (pending, dead) = (Rc::clone(&pending), Rc::clone(&dead));
            move |why: Trouble| {
                dead.set(true);
                let waiting = std::mem::take(&mut *pending.borrow_mut());
                for (ask, answered) in waiting.into_values() {
                    answered.emit(Answer::failure(&ask, &why));
                }
            }
        };
        let (worker, url) = new_worker(failed.clone())?;
        let onmessage = {
            let pending = Rc::clone(&pending);
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                let id = field(&data, "id").as_f64().unwrap_or(-1.0) as u32;
                let Some((ask, answered)) = pending.borrow_mut().remove(&id) else {
                    return;
                };
                let answer = match field(&data, "kind").as_string().as_deref() {
                    Some("answer") => crate::wire::from_js::<Answer>(&field(&data, "answer"))
                        .unwrap_or_else(|_| Answer::failure(&ask, &Trouble::HelperGarbled)),
                    _ => Answer::failure(&ask, &helper_failure(&data)),
                };
                answered.emit(answer);
            })
        };
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            failed(worker_said(&event));
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _url: url,
            pending,
            next_id: Cell::new(0),
            dead,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    fn send(&self, ask: Ask, answered: Callback<Answer>) -> Result<(), Trouble> {
        if self
            .pending
            .borrow()
            .values()
            .any(|(asked, _)| *asked == ask)
        {
            return Ok(());
        }
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        // Transferred: the page keeps no copy of the bytes, which may hold a key.
        let bytes = crate::wire::to_js(&ask)?;
        let message = js_sys::Object::new();
        set(&message, "kind", &"ask".into())?;
        set(&message, "id", &JsValue::from_f64(f64::from(id)))?;
        set(&message, "ask", &bytes)?;
        self.pending.borrow_mut().insert(id, (ask, answered));
        let transfer = js_sys::Array::of1(&bytes.buffer());
        self.worker
            .post_message_with_transfer(&message, &transfer)
            .map_err(|err| {
                self.pending.borrow_mut().remove(&id);
                Trouble::from(err)
            })
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
