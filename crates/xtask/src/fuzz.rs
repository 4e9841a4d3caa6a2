//! `cargo xtask fuzz [TARGET] [SECONDS]`: libFuzzer on every parser of untrusted bytes (the
//! `fuzz/` crate, through cargo-fuzz with `--sanitizer none`, which builds on stable Rust),
//! seeded with what openssl writes and what the core writes, plus the inputs that once failed.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::tools;
use crate::workspace::Workspace;

/// The fuzz targets, as `fuzz/Cargo.toml` names them.
pub const TARGETS: &[&str] = &[
    "inspect",
    "key_import",
    "csr",
    "existing_ca",
    "crl",
    "plan_file",
    "old_bundle",
];

/// How long `cargo xtask test` fuzzes each target: enough to replay the seeds and the
/// regressions and to explore a little, short enough for every CI run.
pub const CI_SECONDS: u64 = 10;

/// The seeds openssl writes: keys in every form (plain, PKCS#1, SEC1, encrypted PKCS#8 with
/// PBKDF2 and with scrypt, the legacy encryption), CSRs in PEM and DER, self-signed CAs.
const OPENSSL_SEEDS: &str = r#"set -eu
P='fuzz passphrase'
mkdir -p key_import csr existing_ca inspect
cd key_import
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem
openssl genpkey -algorithm ED25519 -out ed25519.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem
openssl pkey -in rsa.pem -traditional -out rsa-pkcs1.pem
openssl pkey -in p256.pem -traditional -out p256-sec1.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 2048 -in p256.pem -passout pass:"$P" -out p256-pkcs8-aes.pem
openssl pkcs8 -topk8 -scrypt -scrypt_N 1024 -scrypt_r 8 -scrypt_p 1 -in ed25519.pem -passout pass:"$P" -out ed25519-pkcs8-scrypt.pem
openssl rsa -in rsa.pem -traditional -aes256 -passout pass:"$P" -out rsa-legacy-aes.pem 2>/dev/null
openssl ec -in p384.pem -des3 -passout pass:"$P" -out p384-legacy-des3.pem 2>/dev/null
cd ..
for k in p256 p384 ed25519 rsa; do
  openssl req -new -key key_import/$k.pem -subj "/O=Portcullis/CN=fuzz $k" \
    -addext "subjectAltName=DNS:docker.example.com,IP:192.0.2.1" -out csr/$k.pem
  openssl req -in csr/$k.pem -outform DER -out csr/$k.der
  openssl req -x509 -key key_import/$k.pem -subj "/CN=Fuzz CA $k" -days 30 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out inspect/ca-$k.pem
  openssl x509 -in inspect/ca-$k.pem -outform DER -out inspect/ca-$k.der
  { cat inspect/ca-$k.pem; printf '\000'; cat key_import/$k.pem; } > existing_ca/$k.seed
  { cat inspect/ca-$k.der; printf '\000'; cat key_import/$k.pem; } > existing_ca/$k-der.seed
done
{ cat inspect/ca-p384.pem; printf '\000'; cat key_import/p384-legacy-des3.pem; } > existing_ca/p384-legacy.seed
{ cat inspect/ca-rsa.pem; printf '\000'; cat key_import/rsa-legacy-aes.pem; } > existing_ca/rsa-legacy.seed
for f in key_import/*; do cp "$f" "inspect/key-${f#key_import/}"; done
for f in csr/*; do cp "$f" "inspect/csr-${f#csr/}"; done
"#;

/// Fuzzes `target` (every target when `None`) for `seconds` each; fails on the first crash,
/// leaving the input in `fuzz/artifacts/TARGET/`.
pub fn fuzz(workspace: &Workspace, target: Option<&str>, seconds: u64) -> Result<()> {
    let targets: Vec<&str> = match target {
        Some(name) if TARGETS.contains(&name) => vec![name],
        Some(name) => bail!(
            "no fuzz target `{name}`; the targets are {}",
            TARGETS.join(", ")
        ),
        None => TARGETS.to_vec(),
    };
    // openssl writes the seeds; libFuzzer is C++.
    tools::ensure_packages(workspace, &["openssl", "g++"])?;
    tools::ensure_cargo_fuzz(workspace)?;
    let seeds = seeds(workspace)?;
    let root = workspace.root();
    workspace
        .cargo()
        .args(["fuzz", "build", "--sanitizer", "none"])
        .current_dir(root)
        .run()?;
    let corpus_root = workspace.target_dir().join("fuzz-corpus");
    let logs = workspace.target_dir().join("fuzz-logs");
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    for target in targets {
        let corpus = corpus_root.join(target);
        let log = logs.join(format!("{target}.log"));
        fs::create_dir_all(&corpus).with_context(|| format!("creating {}", corpus.display()))?;
        let mut command = workspace
            .cargo()
            .args(["fuzz", "run", "--sanitizer", "none", target])
            .arg(&corpus);
        // Read-only inputs: the seeds, and every input that once failed (kept in git).
        for extra in [
            seeds.join(target),
            root.join("fuzz").join("regressions").join(target),
        ] {
            if extra.is_dir() {
                command = command.arg(extra);
            }
        }
        command
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                // A single input that takes seconds is a finding too.
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-print_final_stats=1",
            ])
            .current_dir(root)
            .run_logged(&log)
            .with_context(|| {
                format!("fuzz target {target} failed; its input is in fuzz/artifacts/{target}/")
            })?;
        // libFuzzer's own summary: runs, coverage, corpus, peak memory.
        let text = fs::read_to_string(&log).unwrap_or_default();
        for line in text.lines().filter(|l| {
            l.starts_with("Done ") || l.contains("\tDONE ") || l.starts_with("stat::peak")
        }) {
            eprintln!("    {target}: {line}");
        }
    }
    Ok(())
}

/// The seeds, made once into target/fuzz-seeds/: openssl's, then the core's own (CRLs of the
/// fuzz CA, plan files, bundles) by the fuzz crate's `make_seeds` example.
fn seeds(workspace: &Workspace) -> Result<PathBuf> {
    let dir = workspace.target_dir().join("fuzz-seeds");
    let done = dir.join(".complete");
    if done.is_file() {
        tools::skipped(&format!("fuzz seeds in {}", dir.display()));
        return Ok(dir);
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    workspace
        .cmd("sh")
        .args(["-c", OPENSSL_SEEDS])
        .current_dir(&dir)
        .run()?;
    workspace
        .cargo()
        .args([
            "run",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--locked",
            "--release",
            "--example",
            "make_seeds",
            "--",
        ])
        .arg(&dir)
        .current_dir(workspace.root())
        .run()?;
    fs::write(&done, "").with_context(|| format!("writing {}", done.display()))?;
    Ok(dir)
}

/// `[TARGET] [SECONDS]` as typed: a target name, a number of seconds, both, or neither.
pub fn parse_args(args: &[String]) -> Result<(Option<String>, u64), String> {
    let seconds_of = |text: &str| {
        text.parse::<u64>()
            .ok()
            .filter(|s| *s > 0)
            .ok_or_else(|| format!("`{text}` is not a number of seconds"))
    };
    match args {
        [] => Ok((None, 60)),
        [one] if one.chars().all(|c| c.is_ascii_digit()) => Ok((None, seconds_of(one)?)),
        [target] => Ok((Some(target.clone()), 60)),
        [target, seconds] => Ok((Some(target.clone()), seconds_of(seconds)?)),
        _ => Err("`fuzz` takes at most a target and a number of seconds".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_target_has_its_source() {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
        let manifest = fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
        for target in TARGETS {
            assert!(
                fuzz.join("fuzz_targets")
                    .join(format!("{target}.rs"))
                    .is_file(),
                "{target}"
            );
            assert!(
                manifest.contains(&format!("name = \"{target}\"")),
                "{target}"
            );
        }
        let listed = manifest.matches("[[bin]]").count();
        assert_eq!(
            listed,
            TARGETS.len(),
            "a bin of fuzz/Cargo.toml is not in TARGETS"
        );
    }

    #[test]
    fn arguments() {
        let words = |w: &[&str]| parse_args(&w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(words(&[]), Ok((None, 60)));
        assert_eq!(words(&["30"]), Ok((None, 30)));
        assert_eq!(words(&["csr"]), Ok((Some("csr".into()), 60)));
        assert_eq!(words(&["csr", "5"]), Ok((Some("csr".into()), 5)));
        assert!(words(&["csr", "soon"]).is_err());
        assert!(words(&["csr", "0"]).is_err());
        assert!(words(&["a", "1", "2"]).is_err());
    }
}
