//! Review: every certificate decoded, and the openssl commands that would make the same PKI.

use yew::prelude::*;

use super::Wizard;
use crate::state::ReviewedCertificate;

/// See the module docs.
#[function_component(ReviewStep)]
pub fn review_step() -> Html {
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let Some(generated) = wizard.generated().cloned() else {
        return html! { <p>{ "Nothing to review yet: go back and generate." }</p> };
    };
    html! {
        <>
            <p class="lead">{ "What each certificate says, as a TLS peer reads it." }</p>
            { for generated.certificates.iter().map(certificate) }
            <section class="openssl">
                <h2>{ "The same with openssl" }</h2>
                <p>{ "openssl/commands.sh in the zip: the commands Docker's guide would have you type, with your values. Run it to build an equivalent PKI and compare." }</p>
                <pre tabindex="0" role="region" aria-label="The openssl commands"><code>{ generated.openssl_commands.clone() }</code></pre>
            </section>
        </>
    }
}

fn certificate(cert: &ReviewedCertificate) -> Html {
    let d = &cert.decoded;
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.join(", ")
        }
    };
    let row =
        |name: &'static str, value: String| html! { <><dt>{ name }</dt><dd>{ value }</dd></> };
    html! {
        <section class="certificate" aria-label={format!("{} certificate", cert.title)}>
            <h2>{ format!("{} certificate", cert.title) }<span class="path">{ cert.path.clone() }</span></h2>
            <dl>
                { row("Subject", d.subject.clone()) }
                { row("Issuer", d.issuer.clone()) }
                { row("Serial", d.serial.clone()) }
                { row("Valid from", d.not_before.clone()) }
                { row("Valid until", d.not_after.clone()) }
                { row("Subject alt names", list(&d.subject_alt_names)) }
                { row("Key usage", list(&d.key_usage)) }
                { row("Extended key usage", list(&d.extended_key_usage)) }
                { row("Basic constraints", d.basic_constraints.clone()) }
                { row("Key type", d.key_type.clone()) }
                { row("Key made by", cert.key_made_by.clone()) }
                { row("Signature", d.signature_algorithm.clone()) }
                { row("SHA-256 fingerprint", d.sha256_fingerprint.clone()) }
            </dl>
        </section>
    }
}
