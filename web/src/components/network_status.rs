//! The header's network indicator and version: what the page measured at start (network.rs),
//! never a claim it did not check, and which build of Portcullis this is.

use yew::prelude::*;

use crate::network::{self, NetworkCheck};

/// See the module docs.
#[function_component(NetworkStatus)]
pub fn network_status() -> Html {
    let check = use_state(|| NetworkCheck::Checking);
    {
        let check = check.clone();
        use_effect_with((), move |_| {
            // Once the page is up: the check need not hold up the first step.
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(0).await;
                check.set(network::check().await);
            });
        });
    }
    let (class, label, detail) = words(&check);
    html! {
        <p class={classes!("network", class)} role="status" title={detail.clone()}>
            { label }<span class="visually-hidden">{ format!(": {detail}") }</span>
        </p>
    }
}

/// The indicator's style, its label and what it means.
fn words(check: &NetworkCheck) -> (&'static str, &'static str, String) {
    const CHECK_THE_COPY: &str =
        "Use a copy whose SHA-256 matches the SHA256SUMS of the Portcullis release.";
    match check {
        NetworkCheck::Checking => (
            "checking",
            "Checking the network…",
            "This page is trying one request to its own address, to see whether its policy refuses it.".to_owned(),
        ),
        NetworkCheck::Blocked => (
            "blocked",
            "Network blocked",
            "At start this page tried a request to its own address, and its Content-Security-Policy \
             refused it: nothing typed or made here can leave the page."
                .to_owned(),
        ),
        NetworkCheck::Open => (
            "open",
            "Network NOT blocked",
            format!(
                "At start this page tried a request to its own address, and it went through: this \
                 copy's policy does not forbid the network. {CHECK_THE_COPY}"
            ),
        ),
        NetworkCheck::NotRefused(reason) => (
            "open",
            "Network not blocked by this page",
            format!(
                "A request at start failed ({reason}), but this page's policy did not refuse it: \
                 with a network, this copy could send. {CHECK_THE_COPY}"
            ),
        ),
    }
}
