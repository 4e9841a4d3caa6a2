//! The side panel: each step's idea in plain words, for someone learning TLS and PKI. The
//! lessons themselves are in `i18n`, one set per language.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::Step;

/// Which step's lesson to show, and in which language.
#[derive(Properties, PartialEq)]
pub struct TeachingProps {
    /// The current step.
    pub step: Step,
    /// The language to teach in.
    #[prop_or_default]
    pub lang: Lang,
}

/// See the module docs.
#[function_component(Teaching)]
pub fn teaching(props: &TeachingProps) -> Html {
    let lesson = props.lang.lessons().of(props.step);
    html! {
        <aside class="teaching" aria-labelledby="teaching-title" lang={props.lang.tag()}>
            <h2 id="teaching-title">{ lesson.title }</h2>
            { for lesson.paragraphs.iter().map(|p| html! { <p>{ *p }</p> }) }
        </aside>
    }
}
