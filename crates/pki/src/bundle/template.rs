//! `{{PLACEHOLDER}}` substitution for the bundle's text files.

/// Named values for [`fill`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Values(Vec<(&'static str, String)>);

impl Values {
    /// The value of `{{name}}`, if set.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Sets `{{name}}` to `value`, replacing an earlier value.
    pub(crate) fn set(&mut self, name: &'static str, value: &str) {
        match self.0.iter_mut().find(|(key, _)| *key == name) {
            Some(entry) => entry.1 = value.to_owned(),
            None => self.0.push((name, value.to_owned())),
        }
    }
}

/// Replaces every `{{NAME}}` in `template` with its value. A placeholder without a value stays
/// as it is; the bundle's tests check that none is left in any file.
pub(crate) fn fill(template: &str, values: &Values) -> String {
    portcullis_words::fill_between(template, ("{{", "}}"), |name| values.get(name))
}

/// [`fill`] with the values of a few `(NAME, value)` pairs.
pub(crate) fn fill_one(template: &str, values: &[(&'static str, &str)]) -> String {
    let mut filled = Values::default();
    for (name, value) in values {
        filled.set(name, value);
    }
    fill(template, &filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        let mut values = Values::default();
        values.set("HOST", "docker.example.com");
        values.set("PORT", "1");
        values.set("PORT", "2376");
        assert_eq!(
            fill("tcp://{{HOST}}:{{PORT}} {{NOPE}} ${x} {{", &values),
            "tcp://docker.example.com:2376 {{NOPE}} ${x} {{"
        );
    }

    #[test]
    fn values_are_not_rescanned() {
        let mut values = Values::default();
        values.set("A", "{{B}}");
        values.set("B", "b");
        assert_eq!(fill("{{A}}", &values), "{{B}}");
    }
}
