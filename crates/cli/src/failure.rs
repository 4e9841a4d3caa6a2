//! Why a command failed, and the exit status that says so.

use std::fmt;
use std::process::ExitCode;

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// The user's input is unusable: exit status 2, nothing written.
    Input(String),
    /// The system failed (I/O): exit status 1.
    System(String),
}

impl Failure {
    /// Exit status for input the user must fix (the one clap uses for usage errors too).
    pub fn usage_exit() -> ExitCode {
        ExitCode::from(2)
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Input(_) => Self::usage_exit(),
            Self::System(_) => ExitCode::FAILURE,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(message) | Self::System(message) => f.write_str(message),
        }
    }
}

impl From<portcullis_pki::Error> for Failure {
    fn from(err: portcullis_pki::Error) -> Self {
        match err {
            portcullis_pki::Error::InvalidInput { .. } => Self::Input(err.to_string()),
            other => Self::System(other.to_string()),
        }
    }
}
