//! `portcullis inspect FILE`: a decoded view of certificates, CSRs and keys.

use std::path::PathBuf;

use clap::Args;
use zeroize::Zeroizing;

use crate::ca_args::{MAX_INPUT_BYTES, read_bounded};
use crate::failure::Failure;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A PEM file (certificates, CSRs, PKCS#8 keys; several blocks are fine) or a DER
    /// certificate; `-` reads standard input.
    file: PathBuf,
}

pub fn run(args: &InspectArgs) -> Result<(), Failure> {
    let read = if args.file.as_os_str() == "-" {
        read_bounded(std::io::stdin())
    } else {
        std::fs::File::open(&args.file).and_then(read_bounded)
    };
    let bytes = Zeroizing::new(
        read.map_err(|err| {
            Failure::Input(format!(
                "inspect: cannot read `{}`: {err}; check the path",
                args.file.display()
            ))
        })?
        .ok_or_else(|| {
            Failure::Input(format!(
                "document: `{}` is larger than {MAX_INPUT_BYTES} bytes, far beyond any real one; check the path",
                args.file.display()
            ))
        })?,
    );
    let decoded = portcullis_pki::inspect(&bytes)?;
    if decoded.is_empty() {
        return Err(Failure::Input(format!(
            "document: `{}` holds no PEM block; pass a certificate, CSR or key",
            args.file.display()
        )));
    }
    let shown: Vec<String> = decoded.iter().map(ToString::to_string).collect();
    println!("{}", shown.join("\n\n"));
    Ok(())
}
