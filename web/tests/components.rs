//! Components in a real browser (headless Chromium through chromedriver): rendering, the
//! accessible names of the controls, validation as typed, Next refused and Back keeping input.
//! `cargo xtask test` runs these with wasm-bindgen-test-runner.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Mounts a fresh wizard into its own element.
async fn mount() -> Element {
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<portcullis_web::App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew's scheduler run.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

fn heading(root: &Element) -> String {
    root.query_selector("h1")
        .ok()
        .flatten()
        .map(|h| h.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn button(root: &Element, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").expect("buttons");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no button {label}"))
}

/// The control labelled `label` (through `<label for>`), as the accessibility tree names it.
fn labelled(root: &Element, label: &str) -> Element {
    let labels = root.query_selector_all("label").expect("labels");
    let target = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find(|l| l.text_content().as_deref() == Some(label))
        .and_then(|l| l.get_attribute("for"))
        .unwrap_or_else(|| panic!("no label {label}"));
    root.query_selector(&format!("#{target}"))
        .ok()
        .flatten()
        .expect("labelled control")
}

async fn type_into(control: &Element, text: &str) {
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).expect("event");
    control.dispatch_event(&event).expect("dispatch");
    settle().await;
}

async fn click(root: &Element, label: &str) {
    button(root, label).click();
    settle().await;
}

/// The field's error, if it shows one (its live region is always there, empty without one).
fn error_of(root: &Element, id: &str) -> Option<String> {
    root.query_selector(&format!("#{id}-error"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .filter(|text| !text.is_empty())
}

#[wasm_bindgen_test]
async fn every_control_has_its_label() {
    let root = mount().await;
    assert_eq!(heading(&root), "Overview");
    click(&root, "Next").await;
    assert_eq!(heading(&root), "CA");
    for label in [
        "CA name",
        "Key type",
        "CA passphrase",
        "Repeat the CA passphrase",
        "CA validity in days",
    ] {
        labelled(&root, label);
    }
    let key_type = labelled(&root, "Key type");
    assert_eq!(key_type.tag_name(), "SELECT");
    assert_eq!(
        key_type
            .dyn_ref::<web_sys::HtmlSelectElement>()
            .map(|s| s.value())
            .as_deref(),
        Some("ecdsa-p256")
    );
    assert!(
        root.query_selector("aside.teaching h2")
            .ok()
            .flatten()
            .is_some(),
        "the step explains itself"
    );
}

#[wasm_bindgen_test]
async fn messages_show_as_typed_and_next_is_refused() {
    let root = mount().await;
    click(&root, "Next").await;
    type_into(&labelled(&root, "CA passphrase"), "short").await;
    assert_eq!(
        error_of(&root, "ca-passphrase").as_deref(),
        Some(
            "CA passphrase: only 5 characters; use at least 8 (a few random words are easy to type and hard to guess)"
        )
    );
    click(&root, "Next").await;
    assert_eq!(heading(&root), "CA", "Next refused");
    let refusal = root
        .query_selector("p.refusal")
        .ok()
        .flatten()
        .and_then(|p| p.text_content())
        .unwrap_or_default();
    assert!(refusal.starts_with("Fix "), "{refusal}");

    type_into(&labelled(&root, "CA passphrase"), "correct horse battery").await;
    type_into(
        &labelled(&root, "Repeat the CA passphrase"),
        "correct horse battery",
    )
    .await;
    assert_eq!(error_of(&root, "ca-passphrase"), None);
    click(&root, "Next").await;
    assert_eq!(heading(&root), "Server");
    type_into(&labelled(&root, "Server DNS names"), "10.0.0.1").await;
    // The wizard's own fix: its field, where the CLI names --server-ip.
    assert_eq!(
        error_of(&root, "server-dns").as_deref(),
        Some(
            "server DNS name: `10.0.0.1` is an IP address; enter it under the IP addresses (Go only matches IPs against IP SANs)"
        )
    );

    // Back and Next keep what was typed.
    click(&root, "Back").await;
    click(&root, "Next").await;
    let dns = labelled(&root, "Server DNS names");
    assert_eq!(
        dns.dyn_ref::<HtmlTextAreaElement>()
            .map(|t| t.value())
            .as_deref(),
        Some("10.0.0.1")
    );
}

#[wasm_bindgen_test]
async fn the_overview_draws_the_trust_picture() {
    let root = mount().await;
    let svg = root
        .query_selector("figure.trust svg")
        .ok()
        .flatten()
        .expect("diagram");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let text = svg.text_content().unwrap_or_default();
    for part in ["CA", "docker CLI", "dockerd", "signs", "mutual TLS"] {
        assert!(text.contains(part), "{part} missing from the diagram");
    }
}
