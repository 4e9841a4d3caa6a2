//! `portcullis inspect FILE`: a decoded view of certificates, CSRs and keys.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use zeroize::Zeroizing;

use crate::failure::Failure;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A PEM file (certificates, CSRs, PKCS#8 keys; several blocks are fine) or a DER
    /// certificate; `-` reads standard input.
    file: PathBuf,
}

pub fn run(args: &InspectArgs) -> Result<(), Failure> {
    let mut bytes = Zeroizing::new(Vec::new());
    let read = if args.file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(drop)
    } else {
        std::fs::read(&args.file).map(|data| *bytes = data)
    };
    read.map_err(|err| {
        Failure::Input(format!(
            "inspect: cannot read `{}`: {err}; check the path",
            args.file.display()
        ))
    })?;
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
