//! The side panel: each step's idea in plain words, for someone learning TLS and PKI. The
//! lessons themselves are in `i18n`, one set per language.

use yew::prelude::*;

use crate::i18n::use_words;
use crate::state::Step;

/// Which step's lesson to show.
#[derive(Properties, PartialEq)]
pub struct TeachingProps {
    /// The current step.
    pub step: Step,
}

/// See the module docs. English, as the rest of the page, until the wizard speaks every
/// language: then the page's language picks the lesson, and the German and Japanese lessons
/// (tested in `i18n`, not compiled into the page until then) come along.
#[function_component(Teaching)]
pub fn teaching(props: &TeachingProps) -> Html {
    let said = use_words();
    let lesson = props.step.lesson(said);
    html! {
        <aside class="teaching" aria-labelledby="teaching-title">
            <h2 id="teaching-title">{ lesson.title }</h2>
            { for lesson.paragraphs.iter().map(|p| html! { <p>{ *p }</p> }) }
        </aside>
    }
}
