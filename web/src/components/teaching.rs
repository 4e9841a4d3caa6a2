//! The side panel: each step's idea in plain words, for someone learning TLS and PKI. The
//! lessons themselves are in `i18n`, one set per language.

use yew::prelude::*;

use crate::i18n::use_speech;
use crate::state::Step;

/// Which step's lesson to show.
#[derive(Properties, PartialEq)]
pub struct TeachingProps {
    /// The current step.
    pub step: Step,
}

/// See the module docs. The lesson is in the page's language, read from the page's data
/// (`i18n::lessons`); a copy of the page without it says so in the panel, and works on.
#[function_component(Teaching)]
pub fn teaching(props: &TeachingProps) -> Html {
    let speech = use_speech();
    match crate::i18n::lessons(speech.lang) {
        Ok(lessons) => {
            let lesson = props.step.lesson(lessons);
            html! {
                <aside class="teaching" aria-labelledby="teaching-title">
                    <h2 id="teaching-title">{ lesson.title }</h2>
                    { for lesson.paragraphs.iter().map(|p| html! { <p>{ *p }</p> }) }
                </aside>
            }
        }
        Err(why) => html! {
            <aside class="teaching">
                <p class="error" role="alert" lang="en">
                    { format!("The lessons are missing from this copy of the page ({why}).") }
                </p>
            </aside>
        },
    }
}
