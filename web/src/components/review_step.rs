//! Review: every certificate decoded, and the openssl commands that would make the same PKI.

use yew::prelude::*;

use crate::i18n::{Words, use_words};

use super::Wizard;
use crate::state::ReviewedCertificate;

/// See the module docs.
#[function_component(ReviewStep)]
pub fn review_step() -> Html {
    let said = use_words();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let words = &said.results;
    let Some(generated) = wizard.generated().cloned() else {
        return html! { <p>{ words.review_nothing }</p> };
    };
    html! {
        <>
            <p class="lead">{ words.review_lead }</p>
            { for generated.certificates.iter().map(|cert| certificate(said, cert)) }
            <section class="openssl">
                <h2>{ words.review_openssl_title }</h2>
                <p>{ words.review_openssl }</p>
                <pre tabindex="0" role="region" aria-label={words.review_openssl_region}><code>{ generated.openssl_commands.clone() }</code></pre>
            </section>
        </>
    }
}

fn certificate(said: &'static Words, cert: &ReviewedCertificate) -> Html {
    let words = &said.results;
    let d = &cert.decoded;
    let list = |items: &[String]| {
        if items.is_empty() {
            words.review_none.to_owned()
        } else {
            items.join(", ")
        }
    };
    let row =
        |name: &'static str, value: String| html! { <><dt>{ name }</dt><dd>{ value }</dd></> };
    let heading = words
        .review_certificate
        .replace("{TITLE}", &cert.title.said(said));
    html! {
        <section class="certificate" aria-label={heading.clone()}>
            <h2>{ heading }<span class="path">{ cert.path.clone() }</span></h2>
            <dl>
                { row(words.review_subject, d.subject.clone()) }
                { row(words.review_issuer, d.issuer.clone()) }
                { row(words.review_serial, d.serial.clone()) }
                { row(words.review_valid_from, d.not_before.clone()) }
                { row(words.review_valid_until, d.not_after.clone()) }
                { row(words.review_sans, list(&d.subject_alt_names)) }
                { row(words.review_key_usage, list(&d.key_usage)) }
                { row(words.review_extended_key_usage, list(&d.extended_key_usage)) }
                { row(words.review_basic_constraints, d.basic_constraints.clone()) }
                { row(words.review_key_type, d.key_type.clone()) }
                { row(words.review_key_made_by, cert.key_made_by.said(said)) }
                { row(words.review_signature, d.signature_algorithm.clone()) }
                { row(words.review_fingerprint, d.sha256_fingerprint.clone()) }
            </dl>
        </section>
    }
}
