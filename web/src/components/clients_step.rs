//! Clients: one certificate per person or machine.

use yew::prelude::*;

use super::field::{TextField, TextKind};
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
        </>
    }
}
