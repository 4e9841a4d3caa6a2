//! The list of steps, the current one marked.

use yew::prelude::*;

use crate::i18n::use_words;

use super::Wizard;
use crate::state::Step;

/// See the module docs.
#[function_component(StepNav)]
pub fn step_nav() -> Html {
    let said = use_words();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    html! {
        <nav class="steps" aria-label={said.frame.steps_label}>
            <ol>
                { for Step::ALL.iter().map(|step| {
                    let current = *step == wizard.step;
                    let class = classes!(
                        current.then_some("current"),
                        (*step < wizard.step && !wizard.step.is_tool()).then_some("done"),
                    );
                    html! {
                        <li {class} aria-current={current.then_some("step")}>{ step.title(said) }</li>
                    }
                }) }
            </ol>
        </nav>
    }
}
