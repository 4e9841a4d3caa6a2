//! The one way xtask runs other programs.
//!
//! Every command that changes something is echoed before it runs, so a CI log shows exactly what
//! to paste into a shell to reproduce a failure; a non-zero exit becomes an error naming it.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A program to run, with what to show for it in the log.
#[derive(Debug)]
pub struct Cmd {
    command: Command,
    shown: String,
}

/// What a silent [`Cmd::probe`] learned: a non-zero exit is an answer, not an error.
#[derive(Debug)]
pub struct Probe {
    pub success: bool,
    pub stdout: String,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref();
        Self {
            command: Command::new(program),
            shown: shell_word(program),
        }
    }

    /// Cargo as the one that started xtask (the `CARGO` variable), so a pinned toolchain is kept;
    /// shown as plain `cargo` because that is what a developer would type.
    pub fn cargo() -> Self {
        let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        Self {
            command: Command::new(program),
            shown: String::from("cargo"),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        let arg = arg.as_ref();
        self.shown.push(' ');
        self.shown.push_str(&shell_word(arg));
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        args.into_iter().fold(self, Self::arg)
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn envs<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        self.command.envs(vars);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Echoes the command line, runs it with our stdout and stderr, and fails unless it exits 0.
    pub fn run(mut self) -> Result<()> {
        eprintln!("$ {}", self.shown);
        let status = self
            .command
            .status()
            .with_context(|| format!("could not start `{}`", self.shown))?;
        if !status.success() {
            bail!("`{}` failed ({status})", self.shown);
        }
        Ok(())
    }

    /// [`Cmd::run`] with stdout and stderr into `log` (a chatty program, e.g. libFuzzer); on
    /// failure the log's last lines are shown.
    pub fn run_logged(mut self, log: &Path) -> Result<()> {
        eprintln!("$ {} > {} 2>&1", self.shown, log.display());
        let file = std::fs::File::create(log)
            .with_context(|| format!("could not create {}", log.display()))?;
        let status = self
            .command
            .stdout(file.try_clone()?)
            .stderr(file)
            .status()
            .with_context(|| format!("could not start `{}`", self.shown))?;
        if !status.success() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for line in &lines[lines.len().saturating_sub(40)..] {
                eprintln!("    {line}");
            }
            bail!(
                "`{}` failed ({status}); its output is in {}",
                self.shown,
                log.display()
            );
        }
        Ok(())
    }

    /// Runs a read-only question (not echoed: it changes nothing) and returns its stdout; its
    /// stderr still shows, because a failure here is unexpected and the reason matters.
    pub fn read(mut self) -> Result<String> {
        let output = self
            .command
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("could not start `{}`", self.shown))?;
        if !output.status.success() {
            bail!("`{}` failed ({})", self.shown, output.status);
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Runs a question whose "no" is a normal answer (a missing tool or package), silently.
    /// Fails only if the program cannot be started at all.
    pub fn probe(mut self) -> Result<Probe> {
        let output = self
            .command
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .with_context(|| format!("could not start `{}`", self.shown))?;
        Ok(Probe {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        })
    }
}

/// Quotes a word only when a shell would need it, so echoed lines stay readable and pasteable.
fn shell_word(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_plain_words_as_they_are() {
        let cmd = Cmd::new("apt-get").args(["install", "-y", "docker.io"]);
        assert_eq!(cmd.shown, "apt-get install -y docker.io");
    }

    #[test]
    fn quotes_words_a_shell_would_split() {
        let cmd = Cmd::new("echo").args(["two words", "", "it's"]);
        assert_eq!(cmd.shown, r"echo 'two words' '' 'it'\''s'");
    }

    #[test]
    fn shows_cargo_by_its_everyday_name() {
        assert_eq!(Cmd::cargo().arg("test").shown, "cargo test");
    }
}
