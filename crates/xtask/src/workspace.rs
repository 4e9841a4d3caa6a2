//! Where the project lives, and what every program a task starts is told.

use std::env;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cmd::Cmd;

/// The workspace root plus the variables exported to child processes. Exported rather than set
/// on our own process: `std::env::set_var` is unsafe in edition 2024 and the lints forbid unsafe.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    target_dir: PathBuf,
    exports: Vec<(OsString, OsString)>,
}

impl Workspace {
    /// The root is fixed at compile time (xtask lives in `crates/xtask`), so tasks behave the same
    /// whichever directory `cargo xtask` was typed in.
    pub fn locate() -> Result<Self> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .ancestors()
            .nth(2)
            .with_context(|| format!("{} has no grandparent", manifest_dir.display()))?
            .to_path_buf();
        // Where cargo puts its build output: `$CARGO_TARGET_DIR`, else `target/` in the root.
        let target_dir = env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        let mut workspace = Self {
            root,
            target_dir,
            exports: Vec::new(),
        };
        // CI logs are files, not terminals: escape codes there are noise.
        if env::var_os("CI").is_some() {
            workspace.export("CARGO_TERM_COLOR", "never");
        }
        Ok(workspace)
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where cargo puts this workspace's build output.
    pub fn target_dir(&self) -> &Path {
        &self.target_dir
    }

    /// The same project in another directory (a copy of its sources), with the same exports
    /// but a build output of its own in its `target/`.
    pub fn elsewhere(&self, root: PathBuf) -> Self {
        let target_dir = root.join("target");
        let mut copy = Self {
            root,
            target_dir: target_dir.clone(),
            exports: self.exports.clone(),
        };
        copy.export("CARGO_TARGET_DIR", target_dir);
        copy
    }

    pub fn export(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) {
        self.exports
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
    }

    /// Any program, run in the root (where rustup also finds a toolchain file, if one is added).
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Cmd {
        self.prepare(Cmd::new(program))
    }

    pub fn cargo(&self) -> Cmd {
        self.prepare(Cmd::cargo())
    }

    fn prepare(&self, cmd: Cmd) -> Cmd {
        cmd.current_dir(&self.root)
            .envs(self.exports.iter().cloned())
    }
}
