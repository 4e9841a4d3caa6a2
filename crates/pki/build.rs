//! Packs `templates/` (the bundle's README in three languages, its install scripts and
//! configuration files) into one deflate stream that the core carries in place of the texts
//! themselves, and inflates once, when a bundle is first written (`src/bundle/packed.rs`).
//!
//! The texts are 108 KB and deflate to about a third of that. In the browser they sit in the
//! workers' wasm, which a plain static server (Debian's nginx compresses only text/html by
//! default, `python3 -m http.server` nothing) sends as it is.
//!
//! Written here: `packed.deflate`, the stream (the files one after another, sorted by path),
//! and `packed.rs`, one [`Template`] constant per file, named after its path
//! (`server/install.sh` is `SERVER_INSTALL_SH`), with the inflated length.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// miniz_oxide's highest level: the stream is made once per build, and smaller is better.
const LEVEL: u8 = 10;

fn main() {
    let root = Path::new("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();

    let mut all = String::new();
    let mut constants = String::new();
    let mut names = BTreeSet::new();
    let mut every = String::new();
    for file in &files {
        let path = file
            .strip_prefix(root)
            .expect("a file under templates/")
            .components()
            .map(|part| part.as_os_str().to_str().expect("template paths are UTF-8"))
            .collect::<Vec<_>>()
            .join("/");
        let text =
            fs::read_to_string(file).unwrap_or_else(|error| panic!("templates/{path}: {error}"));
        let name: String = path
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        assert!(
            names.insert(name.clone()),
            "two templates are both named {name}"
        );
        let start = all.len();
        all.push_str(&text);
        writeln!(
            constants,
            "/// `templates/{path}`.\npub(crate) const {name}: Template = Template {{ start: {start}, end: {} }};",
            all.len()
        )
        .expect("writing to a String");
        writeln!(every, "    (\"{path}\", {name}),").expect("writing to a String");
    }
    writeln!(
        constants,
        "/// Every template with its path, for the tests.\n#[cfg(test)]\nconst ALL: &[(&str, Template)] = &[\n{every}];"
    )
    .expect("writing to a String");
    writeln!(
        constants,
        "/// The length of every template together, inflated.\nconst INFLATED_LEN: usize = {};",
        all.len()
    )
    .expect("writing to a String");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let deflated = miniz_oxide::deflate::compress_to_vec(all.as_bytes(), LEVEL);
    fs::write(out.join("packed.deflate"), deflated).expect("writing packed.deflate");
    fs::write(out.join("packed.rs"), constants).expect("writing packed.rs");
}

/// Every file under `dir`, at any depth.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("reading templates/").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
