//! CA: its name, the key type, the passphrase that protects its key, its lifetime.

use portcullis_pki::KeyType;
use yew::prelude::*;

use super::Wizard;
use super::field::{CheckboxField, SelectField, TextField, TextKind, Warnings};
use super::tool_ca::ToolCa;
use crate::state::{Input, Step};

/// See the module docs.
#[function_component(CaStep)]
pub fn ca_step() -> Html {
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let key_types: Vec<(AttrValue, AttrValue)> = KeyType::ALL
        .iter()
        .map(|k| {
            let note = match k {
                KeyType::EcdsaP256 => " (recommended: fast, small, accepted everywhere)",
                KeyType::Rsa4096 => " (what Docker's guide uses; several seconds here)",
                _ => "",
            };
            (k.name().into(), format!("{}{note}", k.description()).into())
        })
        .collect();
    let unencrypted = wizard.form.unencrypted_ca_key();
    let key_type = html! {
        <SelectField input={Input::KeyType} options={key_types}
            hint="Used for every key made here: the server's and the clients' (and a new CA's)." />
    };
    if wizard.form.uses_existing_ca() {
        return html! {
            <>
                <p class="lead">{ "Your CA signs the new certificates. Its certificate goes into the zip; its key is used here, in this tab, and goes nowhere." }</p>
                <CheckboxField input={Input::UseExistingCa} />
                <ToolCa in_step=true
                    cert_hint="The CA's certificate: it must say CA:TRUE and may sign certificates."
                    key_hint="PKCS#8, PKCS#1 or SEC1 PEM, encrypted or not, as openssl writes them. It must be the certificate's key." />
                { key_type }
            </>
        };
    }
    html! {
        <>
            <p class="lead">{ "The CA signs every other certificate. Its key is the one secret that matters most." }</p>
            <CheckboxField input={Input::UseExistingCa} />
            <TextField input={Input::CaName} placeholder="Docker CA for docker.example.com"
                hint="Shown as the issuer of every certificate. Leave empty for a name made from the server's." />
            { key_type }
            if !unencrypted {
                <TextField input={Input::CaPassphrase} kind={TextKind::Secret}
                    hint="At least 8 characters; a few random words work well. It encrypts ca-key.pem." />
                <TextField input={Input::CaPassphraseRepeat} kind={TextKind::Secret} />
            }
            <CheckboxField input={Input::UnencryptedCaKey} />
            <TextField input={Input::CaDays} kind={TextKind::Number}
                hint="10 years by default. Server and client certificates can never outlive it." />
            <Warnings warnings={wizard.form.step_warnings(Step::Ca)} />
        </>
    }
}
