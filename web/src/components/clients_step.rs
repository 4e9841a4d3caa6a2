//! Clients: one certificate per person or machine.

use yew::prelude::*;

use super::field::{CheckboxField, TextField, TextKind};
use crate::state::Input;

/// See the module docs.
#[function_component(ClientsStep)]
pub fn clients_step() -> Html {
    html! {
        <>
            <p class="lead">{ "Give each person or machine its own certificate, so one can be replaced without the others." }</p>
            <TextField input={Input::Clients} kind={TextKind::List} placeholder="alice\nci-runner"
                hint="One per line: letters, digits, '-', '_' and '.'. Each becomes a folder in the zip." />
            <TextField input={Input::ClientDays} kind={TextKind::Number} hint="One year by default." />
            <CheckboxField input={Input::Proxy} />
            <p class="hint">{ "dockerd cannot refuse a revoked certificate. With this, the zip also holds proxy/: nginx in front of dockerd, checking your CA's revocation list and an allow-list of client names, while dockerd keeps only its local socket." }</p>
        </>
    }
}
