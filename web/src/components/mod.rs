//! The wizard's components, one per file; each step reads and changes the wizard through the
//! [`Wizard`] context.

mod app;
mod ca_step;
mod check_tool;
mod clients_step;
mod download_step;
mod field;
mod generate_step;
mod language_pick;
mod network_status;
mod overview_step;
mod renew_tool;
mod review_step;
mod revoke_tool;
mod server_step;
mod sign_csr_tool;
mod step_nav;
mod teaching;
mod tool_ca;

pub use app::App;

use yew::{Callback, UseReducerHandle};

use crate::state::{Action, WizardState};
use crate::stock::Level;

/// The wizard's state and its dispatcher, shared with every component.
pub type Wizard = UseReducerHandle<WizardState>;

/// What hears the worker's count of the keys it made ahead.
fn on_stock(wizard: &Wizard) -> Callback<Level> {
    let dispatcher = wizard.dispatcher();
    Callback::from(move |level| dispatcher.dispatch(Action::Stock(level)))
}
