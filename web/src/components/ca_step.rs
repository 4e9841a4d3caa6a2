//! CA: its name, the key type, the passphrase that protects its key, its lifetime.

use portcullis_pki::KeyType;
use yew::prelude::*;

use crate::i18n::use_speech;

use super::Wizard;
use super::field::{CheckboxField, SelectField, TextField, TextKind, Warnings};
use super::tool_ca::ToolCa;
use crate::state::{Input, Step};

/// See the module docs.
#[function_component(CaStep)]
pub fn ca_step() -> Html {
    let said = use_speech();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let words = &said.path;
    let key_types: Vec<(AttrValue, AttrValue)> = KeyType::ALL
        .iter()
        .map(|k| {
            let note = match k {
                KeyType::EcdsaP256 => words.ca_p256_note,
                KeyType::Rsa4096 => words.ca_rsa4096_note,
                _ => "",
            };
            (
                k.name().into(),
                format!("{}{note}", crate::say::key_type(*k, &said)).into(),
            )
        })
        .collect();
    let unencrypted = wizard.form.unencrypted_ca_key();
    let key_type = html! {
        <SelectField input={Input::KeyType} options={key_types}
            hint={words.ca_key_type_hint} />
    };
    if wizard.form.uses_existing_ca() {
        return html! {
            <>
                <p class="lead">{ words.ca_existing_lead }</p>
                <CheckboxField input={Input::UseExistingCa} />
                <ToolCa in_step=true
                    cert_hint={words.ca_existing_cert_hint}
                    key_hint={words.ca_existing_key_hint} />
                { key_type }
            </>
        };
    }
    html! {
        <>
            <p class="lead">{ words.ca_lead }</p>
            <CheckboxField input={Input::UseExistingCa} />
            <TextField input={Input::CaName} placeholder={said.frame.ca_name_example}
                hint={words.ca_name_hint} />
            { key_type }
            if !unencrypted {
                <TextField input={Input::CaPassphrase} kind={TextKind::Secret}
                    hint={words.ca_passphrase_hint} />
                <TextField input={Input::CaPassphraseRepeat} kind={TextKind::Secret} />
            }
            <CheckboxField input={Input::UnencryptedCaKey} />
            <TextField input={Input::CaDays} kind={TextKind::Number}
                hint={words.ca_days_hint} />
            <Warnings warnings={wizard.form.step_warnings_in(Step::Ca, said)} />
        </>
    }
}
