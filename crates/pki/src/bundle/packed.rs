//! The bundle's templates, carried deflated (`build.rs` packs `templates/`) and inflated once,
//! the first time a bundle needs one. Each file is a [`Template`] constant named after its path:
//! `templates/server/install.sh` is [`SERVER_INSTALL_SH`].

use std::sync::OnceLock;

/// One file of `templates/`: where it lies in the inflated texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Template {
    start: usize,
    end: usize,
}

include!(concat!(env!("OUT_DIR"), "/packed.rs"));

/// Every template, one after another, as `build.rs` deflated them.
const DEFLATED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/packed.deflate"));

static INFLATED: OnceLock<String> = OnceLock::new();

impl Template {
    /// The file's text, exactly as in `templates/`.
    pub(crate) fn text(self) -> &'static str {
        let all = INFLATED.get_or_init(inflate);
        // The bounds are the build's own, at character boundaries of the same texts; the tests
        // check every template against its file.
        all.get(self.start..self.end).unwrap_or_default()
    }
}

/// Inflates what the build deflated. Both are this build's own bytes, never input: a failure
/// here is a broken build, which every test that writes a bundle would show.
fn inflate() -> String {
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(DEFLATED, INFLATED_LEN)
        .unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Every template inflates to its file, byte for byte, and every file is a template.
    #[test]
    fn every_template_is_its_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for (path, template) in ALL {
            let file = std::fs::read_to_string(root.join(path)).expect(path);
            assert_eq!(template.text(), file, "{path}");
        }
        // And they are every file there is.
        let mut files = 0;
        let mut total = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).expect("templates/") {
                let path = entry.expect("templates/").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files += 1;
                    total += std::fs::metadata(path).expect("a template").len();
                }
            }
        }
        assert_eq!(ALL.len(), files);
        assert_eq!(INFLATED_LEN as u64, total);
        assert_eq!(INFLATED.get().map(String::len), Some(INFLATED_LEN));
    }

    /// The packing is worth its inflater: the stream is under a third of the texts.
    #[test]
    fn the_texts_are_carried_deflated() {
        assert!(
            DEFLATED.len() * 3 < INFLATED_LEN,
            "{} of {}",
            DEFLATED.len(),
            INFLATED_LEN
        );
    }
}
