//! The header's network indicator and version: what the page measured at start (network.rs),
//! never a claim it did not check, and which build of Portcullis this is.

use yew::prelude::*;

use crate::i18n::{Words, use_words};

use crate::network::{self, NetworkCheck, Probe};

/// See the module docs.
#[function_component(NetworkStatus)]
pub fn network_status() -> Html {
    let said = use_words();
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
    let (class, label, detail) = words(said, &check);
    html! {
        <p class={classes!("network", class)} role="status" title={detail.clone()}>
            { label }<span class="visually-hidden">{ format!(": {detail}") }</span>
        </p>
    }
}

/// The indicator's style, its label and what it means (English until the wizard speaks every
/// language).
fn words(said: &'static Words, check: &NetworkCheck) -> (&'static str, &'static str, String) {
    let words = &said.frame;
    let checked = |text: &str| text.replace("{CHECK}", words.check_the_copy);
    let to = match network::this_pages_probe() {
        Probe::OwnAddress(_) => words.network_to_own_address,
        Probe::Loopback => words.network_to_loopback,
    };
    let sent = |text: &str| text.replace("{TO}", to);
    match check {
        NetworkCheck::Checking => (
            "checking",
            words.network_checking,
            sent(words.network_checking_detail),
        ),
        NetworkCheck::Blocked => (
            "blocked",
            words.network_blocked,
            sent(words.network_blocked_detail),
        ),
        NetworkCheck::Open => (
            "open",
            words.network_open,
            checked(&sent(words.network_open_detail)),
        ),
        NetworkCheck::NotRefused(reason) => (
            "open",
            words.network_not_refused,
            checked(&words.network_not_refused_detail.replace("{REASON}", reason)),
        ),
    }
}
