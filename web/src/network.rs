//! The browser edge of the page's claim to be offline: measured, not asserted. At start the page
//! tries one request, to its own address, and says "network blocked" only when its own
//! Content-Security-Policy refused that request (a `securitypolicyviolation` for `connect-src`).
//! A request that goes through, or fails for another reason, is said as it is.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestInit, SecurityPolicyViolationEvent};

use crate::js_error::describe;

/// What the page learned of its own access to the network.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkCheck {
    /// The request has not been answered yet.
    Checking,
    /// The page's policy refused the request: nothing can leave this page.
    Blocked,
    /// The request went through: this copy of the page can send what it likes.
    Open,
    /// The request failed, but not by the page's policy (the machine may simply be offline),
    /// or it could not be made; the reason follows.
    NotRefused(String),
}

/// How long a refusal's `securitypolicyviolation` may come after the failed request: the two
/// are separate tasks, in no promised order.
const REPORT_WAIT_MS: u32 = 1_000;
const REPORT_POLL_MS: u32 = 20;

/// Tries a request to the page's own address and tells what became of it.
pub async fn check() -> NetworkCheck {
    let Some(window) = web_sys::window() else {
        return NetworkCheck::NotRefused("no window to ask".to_owned());
    };
    let Some(document) = window.document() else {
        return NetworkCheck::NotRefused("no document to ask".to_owned());
    };
    let refused = Rc::new(Cell::new(false));
    let _listener = {
        let refused = refused.clone();
        EventListener::new(&document, "securitypolicyviolation", move |event| {
            let connect = event
                .dyn_ref::<SecurityPolicyViolationEvent>()
                .is_some_and(|event| event.effective_directive() == "connect-src");
            if connect {
                refused.set(true);
            }
        })
    };
    // The page's own address: its host served it already, so asking again tells nobody
    // anything new, and from file:// there is no host at all.
    let href = window.location().href().unwrap_or_default();
    let own_address = href.split('#').next().unwrap_or_default();
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoStore);
    match JsFuture::from(window.fetch_with_str_and_init(own_address, &init)).await {
        Ok(_) => NetworkCheck::Open,
        Err(error) => {
            let mut waited = 0;
            while !refused.get() && waited < REPORT_WAIT_MS {
                TimeoutFuture::new(REPORT_POLL_MS).await;
                waited += REPORT_POLL_MS;
            }
            if refused.get() {
                NetworkCheck::Blocked
            } else {
                NetworkCheck::NotRefused(describe(error))
            }
        }
    }
}
