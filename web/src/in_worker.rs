//! The workers' side of `worker.rs`: what runs inside the key worker, its prime-search
//! workers and the helper, exported to the shim by the worker module (`src/bin/worker.rs`).

use std::cell::RefCell;

use portcullis_pki::{CA_KEY_SALT_LEN, CaKeyEncryption, KeyPair, Passphrase, Premade};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::ahead::{Ahead, Found};
use crate::ask::Ask;
use crate::generate::{Failure, Made, Request};
use crate::state::KeyMaker;
use crate::stock::{Stock, Want};
use crate::trouble::{Doing, KeysBy, Trouble};
use crate::worker::set;

thread_local! {
    /// Inside the worker: the keys made ahead.
    static STOCK: RefCell<Stock> = RefCell::new(Stock::default());
    /// Inside the worker: the CA key's encryption key derived ahead.
    static AHEAD: RefCell<Ahead> = RefCell::new(Ahead::default());
}

/// A fresh salt for the CA key's PBKDF2.
fn salt() -> [u8; CA_KEY_SALT_LEN] {
    let mut salt = [0u8; CA_KEY_SALT_LEN];
    rand_core::Rng::fill_bytes(&mut rand_core::UnwrapErr(getrandom::SysRng), &mut salt);
    salt
}

/// Inside the key worker, exported to the shim: derive the CA key's encryption key ahead from
/// `passphrase` (empty: nothing, and wipe what is held), by `maker`'s PBKDF2.
pub fn worker_encrypt_ahead(passphrase: String, maker: String) {
    let maker = KeyMaker::from_value(&maker);
    let wish = Passphrase::new(passphrase)
        .ok()
        .map(|passphrase| (passphrase, maker));
    let started = AHEAD.with(|ahead| ahead.borrow_mut().wish(wish.clone()));
    report_stock();
    let (Some(epoch), Some((passphrase, maker))) = (started, wish) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let subtle = match maker {
            KeyMaker::WebCrypto => crate::webcrypto::subtle(),
            KeyMaker::Rust => None,
        };
        let derived = match subtle {
            Some(subtle) => crate::webcrypto::ca_key_encryption(&subtle, &passphrase, salt())
                .await
                .map(|encryption| (encryption, true)),
            None => {
                // A turn of the event loop first, where a newer wish may come.
                gloo_timers::future::TimeoutFuture::new(0).await;
                Ok((CaKeyEncryption::derive(&passphrase, salt()), false))
            }
        };
        AHEAD.with(|ahead| ahead.borrow_mut().arrived(epoch, derived));
        report_stock();
    });
}

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

/// Starts making the keys the stock is missing. By WebCrypto, one at a time while the user fills
/// in the form, and several at once when a run waits for them (see [`webcrypto_at_once`]); by
/// the Rust code in a pool of prime-search workers (see [`PrimePool`]), or, where this worker
/// cannot reach them, one key at a time here (each waits for a turn of the event loop, where
/// a newer message may change the plan).
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
    if subtle.is_none() && can_reach_prime_workers() {
        let (_, epoch) = STOCK.with(|stock| stock.borrow_mut().start(usize::MAX));
        let (in_flight, failed) = STOCK.with(|stock| {
            let stock = stock.borrow();
            (stock.in_flight(), stock.failure().is_some())
        });
        // A stock that failed makes no more until the kind changes or a run wipes it: a pool
        // whose every worker failed is not started again here, to fail again.
        if in_flight == 0 || failed {
            stop_pool();
        } else if pool_epoch != Some(epoch)
            && let Err(why) = PrimePool::start(epoch, want.key_type)
        {
            // Started again on the next wish; the run that waits hears why, and the page too.
            STOCK.with(|stock| stock.borrow_mut().arrived(epoch, Err(why)));
            report_stock();
        }
        return;
    }
    let parallel = if subtle.is_some() {
        webcrypto_at_once(STOCK.with(|stock| stock.borrow().run_waits()))
    } else {
        1
    };
    let (starting, epoch) = STOCK.with(|stock| stock.borrow_mut().start(parallel));
    for _ in 0..starting {
        let subtle = subtle.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let key = match subtle {
                Some(subtle) => crate::webcrypto::rsa_key(&subtle, want.key_type).await,
                None => {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
                    KeyPair::generate(want.key_type, &mut rng).map_err(Trouble::Core)
                }
            };
            STOCK.with(|stock| stock.borrow_mut().arrived(epoch, key));
            report_stock();
            top_up();
        });
    }
}

/// Whether this worker can reach prime-search workers: the page starts them, and each talks
/// to this worker over a `MessageChannel` of its own.
fn can_reach_prime_workers() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"MessageChannel".into()).unwrap_or(false)
}

/// Posts `message` to the page, handing over what `transfer` lists.
fn post_to_page(message: &js_sys::Object, transfer: &js_sys::Array) -> Result<(), Trouble> {
    let post = js_sys::Reflect::get(&js_sys::global(), &"postMessage".into())?;
    post.unchecked_into::<js_sys::Function>()
        .call2(&js_sys::global(), message, transfer)
        .map(drop)
        .map_err(Trouble::from)
}

thread_local! {
    /// Inside the key worker: the prime search, while the Rust code makes RSA keys.
    static POOL: RefCell<Option<PrimePool>> = const { RefCell::new(None) };
    /// The last pool's serial.
    static POOL_SERIAL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The RSA prime search of Portcullis' own code in parallel: one worker per core (up to 8),
/// each searching with randomness from its own `crypto.getRandomValues`, each posting every
/// prime it finds. The first two primes make a key, the next two the next key, and so on: p
/// and q are searched at once, and the first found win. Once the stock holds what is wanted,
/// the workers are stopped, mid-search.
///
/// The page starts the workers (`worker.rs`, `PrimeWorkers`), not this worker: Firefox (153)
/// now and then never returns from a `new Worker` called inside a worker, which froze this one
/// for good. This worker makes one `MessageChannel` per prime-search worker, keeps one end and
/// hands the page the other, which the page passes on to the worker it starts: primes still go
/// straight from worker to worker, and the page only starts and stops. No memory is shared:
/// primes travel as transferred buffers, which are wiped once read. A worker that fails (its
/// module never arrives or cannot start, its search throws, its script dies) is terminated by
/// the page, which says so here ([`worker_prime_failed`]), and the others search on; once
/// every one has failed, the stock fails with the first one's trouble, so that the run waiting
/// for keys says why instead of waiting for ever.
struct PrimePool {
    /// The stock's epoch the keys are for.
    epoch: u64,
    /// Which pool this is: a failure heard late, from a pool already stopped, is not this one's.
    serial: u64,
    key_type: portcullis_pki::KeyType,
    /// This worker's end of each prime-search worker's channel.
    ports: Vec<web_sys::MessagePort>,
    /// Which of the workers have failed.
    failed: Vec<bool>,
    /// The first failure, which the stock hears once every worker has failed.
    first_failure: Option<Trouble>,
    /// A prime waiting for its partner.
    pending: Option<portcullis_pki::RsaPrime>,
    _onmessage: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl PrimePool {
    fn start(epoch: u64, key_type: portcullis_pki::KeyType) -> Result<(), Trouble> {
        stop_pool();
        let serial = POOL_SERIAL.with(|last| {
            last.set(last.get() + 1);
            last.get()
        });
        let mut pool = Self {
            epoch,
            serial,
            key_type,
            ports: Vec::new(),
            failed: Vec::new(),
            first_failure: None,
            pending: None,
            _onmessage: Vec::new(),
        };
        let theirs = js_sys::Array::new();
        for _ in 0..parallelism() {
            let channel = web_sys::MessageChannel::new().map_err(Trouble::from)?;
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                prime_arrived(epoch, &event.data());
            });
            let ours = channel.port1();
            ours.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            theirs.push(&channel.port2());
            pool.ports.push(ours);
            pool.failed.push(false);
            pool._onmessage.push(onmessage);
        }
        let message = js_sys::Object::new();
        set(&message, "kind", &"primes".into())?;
        set(&message, "serial", &JsValue::from_f64(serial as f64))?;
        set(&message, "keyType", &key_type.name().into())?;
        set(&message, "ports", &theirs)?;
        post_to_page(&message, &theirs)?;
        POOL.with(|slot| slot.borrow_mut().replace(pool));
        Ok(())
    }
}

impl Drop for PrimePool {
    fn drop(&mut self) {
        for port in &self.ports {
            port.set_onmessage(None);
            port.close();
        }
    }
}

/// Stops the prime search: this worker hears no more primes from now on, and the page
/// terminates the workers; the pool (whose closures may be running this very call) is dropped
/// after the current message is handled.
fn stop_pool() {
    let Some(pool) = POOL.with(|slot| slot.borrow_mut().take()) else {
        return;
    };
    for port in &pool.ports {
        port.close();
    }
    let message = js_sys::Object::new();
    let stopped = set(&message, "kind", &"stopPrimes".into())
        .and_then(|()| post_to_page(&message, &js_sys::Array::new()));
    // Not heard only if the page itself is gone, and its workers with it.
    drop(stopped);
    wasm_bindgen_futures::spawn_local(async move { drop(pool) });
}

/// Inside the key worker, exported to the shim: the page says that prime-search worker `index`
/// of pool `serial` failed, and has terminated it; `said` is its message, whose `message`
/// field holds why (none: it stopped and nobody said why).
pub fn worker_prime_failed(serial: f64, index: u32, said: &JsValue) {
    let why = crate::worker::worker_said(said);
    prime_worker_failed(serial as u64, index as usize, why);
}

/// Prime-search worker `index` of pool `serial` failed: once every worker of the pool has
/// failed, the pool stops and the stock fails with the first failure.
fn prime_worker_failed(serial: u64, index: usize, why: Trouble) {
    let all_failed = POOL.with(|slot| {
        let mut slot = slot.borrow_mut();
        let pool = slot.as_mut().filter(|pool| pool.serial == serial)?;
        if !std::mem::replace(pool.failed.get_mut(index)?, true) {
            pool.first_failure.get_or_insert(why);
        }
        if pool.failed.iter().all(|failed| *failed) {
            Some((pool.epoch, pool.first_failure.take()?))
        } else {
            None
        }
    });
    if let Some((epoch, why)) = all_failed {
        stop_pool();
        STOCK.with(|stock| stock.borrow_mut().arrived(epoch, Err(why)));
        report_stock();
    }
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
    let bytes = crate::wire::take(&view);
    let key = POOL.with(|slot| {
        let mut slot = slot.borrow_mut();
        let pool = slot.as_mut().filter(|pool| pool.epoch == epoch)?;
        let prime = match portcullis_pki::RsaPrime::from_be_bytes(pool.key_type, &bytes) {
            Ok(prime) => prime,
            Err(err) => return Some(Err(Trouble::Core(err))),
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

/// How long a prime-search worker searches before it gives its event loop a turn, in ms: a
/// worker ends at once when terminated only if it yields (Chromium kills one that does not
/// after 2 s), and a prime of an RSA-4096 key takes about a second to find.
const PRIME_SLICE_MS: f64 = 20.0;

thread_local! {
    /// Inside a prime-search worker: its search, which goes on from call to call.
    static PRIME_SEARCH: RefCell<Option<portcullis_pki::RsaPrimeSearch>> =
        const { RefCell::new(None) };
}

/// Inside a prime-search worker, exported to the shim: the search for a prime of a key of
/// `key_type` for about [`PRIME_SLICE_MS`], one test at a time; the prime, big-endian, if one
/// was found (the copy here is wiped; the receiver wipes the buffer it gets), else `None`, and
/// the next call goes on where this one stopped.
pub fn worker_prime(key_type: String) -> Result<Option<js_sys::Uint8Array>, JsValue> {
    // A failure is data, as a run's is, so that it needs none of the core's English (the pool
    // counts it as this worker's failure without reading it).
    let failed = |err: portcullis_pki::Error| failure_to_js(Failure::Core(err));
    let key_type: portcullis_pki::KeyType = key_type.parse().map_err(failed)?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let until = js_sys::Date::now() + PRIME_SLICE_MS;
    PRIME_SEARCH.with(|slot| {
        let mut slot = slot.borrow_mut();
        let search = match &mut *slot {
            Some(search) => search,
            None => slot.insert(portcullis_pki::RsaPrimeSearch::new(key_type).map_err(failed)?),
        };
        loop {
            if let Some(prime) = search.advance(&mut rng, 1) {
                return Ok(Some(js_sys::Uint8Array::from(
                    prime.to_be_bytes().as_slice(),
                )));
            }
            if js_sys::Date::now() >= until {
                return Ok(None);
            }
        }
    })
}

/// How many RSA keys to ask WebCrypto for at once: all a waiting run lacks, up to
/// [`parallelism`], since a browser may make them on several threads (Firefox has a pool); but
/// one at a time ahead of the click.
///
/// A key asked for cannot be called back, and Chromium makes every WebCrypto operation of a
/// page on one thread, in order. Keys started ahead for a plan the user then changes (another
/// key type, fewer clients) would hold up everything asked after them: the new plan's keys, the
/// CA key's PBKDF2 (97 ms alone, 1.2–2.3 s behind two RSA-4096 keys here), even each made
/// key's export. One at a time, that delay is at most the one key under way, and ahead of the
/// click there is time for the rest: in Chromium several at once are no sooner done anyway.
fn webcrypto_at_once(run_waits: bool) -> usize {
    if run_waits { parallelism() } else { 1 }
}

/// `navigator.hardwareConcurrency`, within 2 to 8.
fn parallelism() -> usize {
    js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|cores| cores.as_f64())
        .map_or(2, |cores| (cores as usize).clamp(2, 8))
}

/// Tells the page how many keys are ready, and why none more are made ahead if one could not
/// be (as data: the page says it in its language).
fn report_stock() {
    let level = STOCK.with(|stock| stock.borrow().level());
    let message = js_sys::Object::new();
    let posted = set(&message, "kind", &"stock".into())
        .and_then(|()| set(&message, "ready", &JsValue::from_f64(level.ready as f64)))
        .and_then(|()| set(&message, "wanted", &JsValue::from_f64(level.wanted as f64)))
        .and_then(|()| {
            let ready = AHEAD.with(|ahead| ahead.borrow().is_ready());
            set(&message, "encryptionReady", &JsValue::from_bool(ready))
        })
        .and_then(|()| match level.failed {
            // As the shim posts a run's failure, which the page reads already (`failure_of`).
            Some(why) => set(&message, "failure", &failure_to_js(Failure::Browser(why))),
            None => Ok(()),
        })
        .and_then(|()| post_to_page(&message, &js_sys::Array::new()));
    // The page only misses a count on its Generate step.
    drop(posted);
}

/// A failure as the shim throws it: its wire bytes, which the page reads back as data (the
/// page says the core's in its language); text only if even they cannot be written.
fn failure_to_js(failure: Failure) -> JsValue {
    match crate::wire::to_js(&failure) {
        Ok(bytes) => bytes.into(),
        Err(Trouble::Said(text)) => JsValue::from_str(&text),
        Err(_) => JsValue::from_str("a failure that could not be written"),
    }
}

/// Inside the worker, exported to the shim: makes the bundle for `request` (wire bytes, wiped
/// once read), calling `progress(done, total, doing)` before each slow step. The RSA keys come
/// from the stock, which makes what it does not hold yet, by WebCrypto when the user chose it
/// and this context offers it; the CA key's PBKDF2 is WebCrypto's then too. Every other key is
/// made here.
pub async fn worker_generate(
    request: js_sys::Uint8Array,
    progress: js_sys::Function,
) -> Result<js_sys::Object, JsValue> {
    // A failure crosses to the page as data.
    fn message(failure: impl Into<Failure>) -> JsValue {
        failure_to_js(failure.into())
    }
    let request: Request = crate::wire::from_js(&request).map_err(message)?;
    let job = crate::generate::Job::prepare(&request).map_err(message)?;
    drop(request);
    // The step as data, which the page says in its language.
    let report_step = |done: usize, total: usize, doing: Doing| {
        if let Ok(doing) = crate::wire::to_js(&doing) {
            let _ = progress.call3(
                &JsValue::NULL,
                &JsValue::from_f64(done as f64),
                &JsValue::from_f64(total as f64),
                &doing,
            );
        }
    };
    let subtle = crate::webcrypto::subtle();
    let mut made = Made::here();
    if let Some(want) = job.keys_wanted() {
        let by_webcrypto = want.maker == KeyMaker::WebCrypto && subtle.is_some();
        made.made_ahead = STOCK.with(|stock| stock.borrow().ready_for(want));
        STOCK.with(|stock| stock.borrow_mut().reserve(want));
        top_up();
        let who = if by_webcrypto {
            KeysBy::WebCrypto
        } else if can_reach_prime_workers() {
            KeysBy::RustWorkers
        } else {
            KeysBy::Rust
        };
        loop {
            let (level, failure) = STOCK.with(|stock| {
                let stock = stock.borrow();
                (stock.level(), stock.failure().cloned())
            });
            if let Some(why) = failure {
                // Wiped, so that Generate pressed again starts afresh; a prime search stops.
                STOCK.with(|stock| stock.borrow_mut().set_want(None));
                top_up();
                return Err(message(Trouble::KeysFailed(Box::new(why))));
            }
            if level.ready >= level.wanted {
                break;
            }
            report_step(level.ready, level.wanted, Doing::RsaKeys(who));
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
        let keys = STOCK.with(|stock| stock.borrow_mut().take());
        // Never made here instead, unsaid: Review names who made each key.
        if keys.len() != want.count {
            return Err(message(Trouble::KeysMissing {
                held: keys.len(),
                wanted: want.count,
            }));
        }
        made.premade = Premade::none().keys(keys);
        // The stock wants nothing more: a prime search still running stops.
        top_up();
        report_stock();
        made.keys_by_webcrypto = by_webcrypto;
        if want.maker == KeyMaker::WebCrypto && !by_webcrypto {
            made.fell_back = true;
        }
    }
    if let Some(passphrase) = job.ca_passphrase() {
        let maker = job.key_maker();
        loop {
            match AHEAD.with(|ahead| ahead.borrow_mut().take_for(passphrase, maker)) {
                Found::Ready(encryption, by_webcrypto) => {
                    made.premade = made.premade.ca_key_encryption(encryption);
                    made.pbkdf2_by_webcrypto = by_webcrypto;
                    made.encryption_ahead = true;
                    if maker == KeyMaker::WebCrypto && !by_webcrypto {
                        made.fell_back = true;
                    }
                    report_stock();
                    break;
                }
                Found::Pending => {
                    report_step(0, 1, Doing::EncryptionKeyAhead);
                    gloo_timers::future::TimeoutFuture::new(10).await;
                }
                // Portcullis' own PBKDF2 runs in the core, while issuing.
                Found::Nothing if maker == KeyMaker::Rust => break,
                Found::Nothing => {
                    match &subtle {
                        Some(subtle) => {
                            report_step(0, 1, Doing::EncryptionKeyWebCrypto);
                            let encryption =
                                crate::webcrypto::ca_key_encryption(subtle, passphrase, salt())
                                    .await
                                    .map_err(|e| message(Trouble::WebCryptoDerive(e)))?;
                            made.premade = made.premade.ca_key_encryption(encryption);
                            made.pbkdf2_by_webcrypto = true;
                        }
                        None => made.fell_back = true,
                    }
                    break;
                }
            }
        }
    }
    // One seed for the dry run and the real run, so that both ask for the same signatures.
    // Every key made in the run comes from it: wiped once both generators are made.
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    rand_core::Rng::fill_bytes(&mut rand_core::UnwrapErr(getrandom::SysRng), &mut *seed);
    if let (true, Some(subtle)) = (made.keys_by_webcrypto, &subtle) {
        report_step(0, 1, Doing::SignaturesWebCrypto);
        let (dry, run) = made.premade.dry_run();
        job.issue_dry(&mut ChaCha20Rng::from_seed(*seed), dry)
            .map_err(message)?;
        let keys: Vec<&KeyPair> = made.premade.premade_keys().collect();
        let signatures = crate::webcrypto::rsa_signatures(subtle, &keys, &run.messages())
            .await
            .map_err(message)?;
        made.premade = made.premade.signed_elsewhere(signatures);
        made.signed_by_webcrypto = true;
    }
    let mut rng = ChaCha20Rng::from_seed(*seed);
    drop(seed);
    let mut report =
        |p: portcullis_pki::Progress<'_>| report_step(p.done, p.total, Doing::from(p.next));
    let (reply, zip) = job.run(&mut rng, &mut report, made).map_err(message)?;
    let reply = crate::wire::to_js(&reply).map_err(message)?;
    let result = js_sys::Object::new();
    js_sys::Reflect::set(&result, &"reply".into(), &reply)?;
    js_sys::Reflect::set(
        &result,
        &"zip".into(),
        &js_sys::Uint8Array::from(zip.as_slice()),
    )?;
    Ok(result)
}

/// Inside the helper, exported to the shim: the answer to the page's question `ask`, in wire
/// bytes both (the question's wiped once read: it may hold a key or a passphrase).
pub fn worker_answer(ask: js_sys::Uint8Array) -> Result<js_sys::Uint8Array, JsValue> {
    let failed = |trouble| failure_to_js(Failure::Browser(trouble));
    let ask: Ask = crate::wire::from_js(&ask).map_err(failed)?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let answer = crate::service::answer(&ask, &mut rng);
    crate::wire::to_js(&answer).map_err(failed)
}
