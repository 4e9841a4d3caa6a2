//! The browser edge of the page's claim to be offline: measured, not asserted. At start the page
//! tries one request (see [`probe`]: to its own address, or from a file to this machine's
//! loopback address), and says "network blocked" only when its own Content-Security-Policy
//! refused that request (a `securitypolicyviolation` for `connect-src`). A request that goes
//! through, or fails for another reason, is said as it is.

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

/// Where the check's one request goes, for a page at `href`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// The page's own address (without its fragment): its host served it already, so asking
    /// again tells nobody anything new.
    OwnAddress(String),
    /// This machine's loopback address, at the discard port: for a page opened from a file (or
    /// any address no host served). Such a page has no host to ask, and its own `file:`
    /// address would not do: Firefox lets a page from a file read the files beside it whatever
    /// its `connect-src` says, so the request would go through while the network is shut. A
    /// request to the loopback address is one the policy must refuse, and even a copy without
    /// a policy sends it nowhere off this machine.
    Loopback,
}

/// The loopback address and port [`Probe::Loopback`] asks.
pub const LOOPBACK_PROBE: &str = "http://127.0.0.1:9/";

impl Probe {
    /// The address to ask.
    pub fn address(&self) -> &str {
        match self {
            Self::OwnAddress(address) => address,
            Self::Loopback => LOOPBACK_PROBE,
        }
    }
}

/// The request to try for a page at `href`: its own address when a host served it over HTTP
/// or HTTPS, else this machine's loopback address.
pub fn probe(href: &str) -> Probe {
    let own = href.split('#').next().unwrap_or_default();
    let scheme = own
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https") => Probe::OwnAddress(own.to_owned()),
        _ => Probe::Loopback,
    }
}

/// The request [`check`] tries for this page.
pub fn this_pages_probe() -> Probe {
    let href = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    probe(&href)
}

/// Tries the request [`probe`] picks and tells what became of it.
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
    let href = window.location().href().unwrap_or_default();
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoStore);
    match JsFuture::from(window.fetch_with_str_and_init(probe(&href).address(), &init)).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_served_page_asks_its_own_address_without_its_fragment() {
        assert_eq!(
            probe("https://example.org/sub/path/index.html?x=1#step"),
            Probe::OwnAddress("https://example.org/sub/path/index.html?x=1".to_owned())
        );
        assert_eq!(
            probe("HTTP://127.0.0.1:8080/"),
            Probe::OwnAddress("HTTP://127.0.0.1:8080/".to_owned())
        );
    }

    #[test]
    fn a_page_from_a_file_or_elsewhere_asks_the_loopback_address() {
        for href in [
            "file:///home/me/portcullis.html",
            "file:///C:/Users/me/portcullis.html#ca",
            "blob:null/1234",
            "",
        ] {
            assert_eq!(probe(href), Probe::Loopback, "{href}");
        }
        assert_eq!(Probe::Loopback.address(), "http://127.0.0.1:9/");
    }
}
