//! The wizard's words in English, German and Japanese.
//!
//! Each language is one value of the same structs: a text missing in one language is a field
//! left out, which does not compile, so no language ever falls back to another's words. So far
//! the lessons (the side panel of every step and tool) are here; the rest of the wizard's words
//! follow into these structs, and the page offers a language once every word is in all three.

use crate::state::Step;

mod de;
mod en;
mod ja;

/// A language the wizard is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// German, in the words of Docker's German documentation.
    De,
    /// Japanese, in the words of Docker's Japanese documentation.
    Ja,
}

impl Lang {
    /// Every language, in the order the page lists them.
    pub const ALL: [Self; 3] = [Self::En, Self::De, Self::Ja];

    /// The language's BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Ja => "ja",
        }
    }

    /// The language's name in itself, as a language list shows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Ja => "日本語",
        }
    }

    /// The first of the user's languages (`navigator.languages`, most wanted first) that the
    /// wizard is written in, by primary subtag (`de-AT` is German); English if none is.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Self {
        tags.into_iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next().unwrap_or_default();
                Self::ALL
                    .into_iter()
                    .find(|lang| lang.tag().eq_ignore_ascii_case(primary))
            })
            .unwrap_or_default()
    }

    /// The lessons in this language.
    pub fn lessons(self) -> &'static Lessons {
        match self {
            Self::En => &en::LESSONS,
            Self::De => &de::LESSONS,
            Self::Ja => &ja::LESSONS,
        }
    }
}

/// One lesson: a title and its paragraphs.
#[derive(Debug)]
pub struct Lesson {
    /// The panel's heading.
    pub title: &'static str,
    /// The paragraphs, in order.
    pub paragraphs: &'static [&'static str],
}

/// The lesson of every step and tool, in one language.
#[derive(Debug)]
pub struct Lessons {
    /// The Overview.
    pub overview: Lesson,
    /// The CA step.
    pub ca: Lesson,
    /// The Server step.
    pub server: Lesson,
    /// The Clients step.
    pub clients: Lesson,
    /// The Generate step.
    pub generate: Lesson,
    /// The Review step.
    pub review: Lesson,
    /// The Download step.
    pub download: Lesson,
    /// The CSR tool.
    pub sign_csr: Lesson,
    /// The renew tool.
    pub renew: Lesson,
    /// The revoke tool.
    pub revoke: Lesson,
    /// The check tool.
    pub check: Lesson,
}

impl Lessons {
    /// The lesson of `step`.
    pub fn of(&self, step: Step) -> &Lesson {
        match step {
            Step::Overview => &self.overview,
            Step::Ca => &self.ca,
            Step::Server => &self.server,
            Step::Clients => &self.clients,
            Step::Generate => &self.generate,
            Step::Review => &self.review,
            Step::Download => &self.download,
            Step::SignCsr => &self.sign_csr,
            Step::Renew => &self.renew,
            Step::Revoke => &self.revoke,
            Step::Check => &self.check,
        }
    }
}

#[cfg(test)]
mod tests;
