//! Writing the bundle: all or nothing, readable by its owner only.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::failure::Failure;

/// The bundle zip holds private keys: owner read/write only.
pub const SECRET_MODE: u32 = 0o600;
/// A certificate is public.
pub const PUBLIC_MODE: u32 = 0o644;

/// Checks that `path` can be written before any key is made, so a typo costs no waiting.
pub fn check_target(path: &Path, force: bool) -> Result<(), Failure> {
    if path.as_os_str().is_empty() {
        return Err(Failure::Input(
            "output: empty path; give --out a file name such as `docker-tls.zip`".into(),
        ));
    }
    if path.is_dir() {
        return Err(Failure::Input(format!(
            "output: `{}` is a directory; give --out a file name such as `{}/docker-tls.zip`",
            path.display(),
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(Failure::Input(format!(
            "output: `{}` already exists; choose another --out or add --force to replace it",
            path.display()
        )));
    }
    let parent = parent_dir(path);
    if !parent.is_dir() {
        return Err(Failure::Input(format!(
            "output: the folder `{}` does not exist; create it first",
            parent.display()
        )));
    }
    Ok(())
}

/// Writes `bytes` to `path` with `mode`, through a temporary file in the same folder renamed
/// into place only when complete: a failure leaves nothing behind.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    let parent = parent_dir(path);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = parent.join(format!(".{file_name}.{}.partial", std::process::id()));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    result.map_err(|err| {
        let _ = fs::remove_file(&temp);
        Failure::System(format!("output: cannot write `{}`: {err}", path.display()))
    })
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}
