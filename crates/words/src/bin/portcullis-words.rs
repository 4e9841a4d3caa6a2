//! Writes the page's data of the German and Japanese words (`portcullis_words::data_html`) to
//! the file named by its one argument. Trunk runs it before each build (`Trunk.toml`), and
//! inlines the file into the page.

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!(
            "usage: portcullis-words FILE (the page's data of the German and Japanese words)"
        );
        return ExitCode::from(2);
    };
    let path = std::path::PathBuf::from(path);
    let html = portcullis_words::data_html();
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, html));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("portcullis-words: cannot write {}: {err}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// The data is written natively; in a browser this program has nothing to do.
#[cfg(target_arch = "wasm32")]
fn main() {}
