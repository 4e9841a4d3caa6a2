//! The tools' CA: its certificate, key and passphrase (the same inputs as the CA step's existing
//! CA), and what the core made of them.

use yew::prelude::*;

use crate::i18n::use_speech;

use super::Wizard;
use super::field::{FilePick, TextField, TextKind};
use crate::state::Input;

/// Props of [`ToolCa`].
#[derive(Properties, PartialEq)]
pub struct ToolCaProps {
    /// A line of help under the certificate.
    #[prop_or_default]
    pub cert_hint: AttrValue,
    /// A line of help under the key.
    #[prop_or_default]
    pub key_hint: AttrValue,
    /// In the CA step: no heading of its own, and each refusal beside its input (the step's
    /// errors) rather than one line for the CA.
    #[prop_or_default]
    pub in_step: bool,
}

/// See the module docs.
#[function_component(ToolCa)]
pub fn tool_ca(props: &ToolCaProps) -> Html {
    let said = use_speech();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let form = &wizard.form;
    let quiet = !props.in_step;
    let status = match (form.existing_ca_summary_in(said), form.tool_ca()) {
        (Some(summary), _) => html! { <p class="ok" role="status">{ summary }</p> },
        (None, Err(err))
            if quiet
                && !form.value(Input::ExistingCaCert).trim().is_empty()
                && !form.value(Input::ExistingCaKey).trim().is_empty() =>
        {
            html! { <p class="error" role="alert">{ crate::say::error(&err, said) }</p> }
        }
        _ => Html::default(),
    };
    let words = &said.tools;
    html! {
        <>
            if quiet {
                <h2>{ words.your_ca }</h2>
            }
            <TextField input={Input::ExistingCaCert} kind={TextKind::List} {quiet}
                placeholder="-----BEGIN CERTIFICATE-----" hint={props.cert_hint.clone()} />
            <FilePick input={Input::ExistingCaCert} label={words.open_certificate} />
            <TextField input={Input::ExistingCaKey} kind={TextKind::List} {quiet}
                placeholder="-----BEGIN PRIVATE KEY-----" hint={props.key_hint.clone()} />
            <FilePick input={Input::ExistingCaKey} label={words.open_key} />
            <TextField input={Input::CaPassphrase} kind={TextKind::Secret} {quiet}
                hint={words.passphrase_if_encrypted} />
            { status }
        </>
    }
}

/// What became of saving a file, for the tools' Save buttons.
#[derive(Properties, PartialEq)]
pub struct SavedProps {
    /// The result of the last save, if any.
    pub saved: Option<Result<(), String>>,
    /// What to say when it worked.
    pub done: AttrValue,
}

/// See [`SavedProps`].
#[function_component(Saved)]
pub fn saved(props: &SavedProps) -> Html {
    let said = use_speech();
    match &props.saved {
        Some(Ok(())) => html! { <p role="status">{ props.done.clone() }</p> },
        Some(Err(why)) => {
            html! { <p class="error" role="alert">{ &said.results.download_failed.replace("{MESSAGE}", why) }</p> }
        }
        None => Html::default(),
    }
}
