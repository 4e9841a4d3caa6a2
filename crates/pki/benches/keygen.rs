//! Key generation and whole-bundle timings, against `openssl genpkey` as the reference.
//!
//! Run with `cargo xtask bench` (installs openssl first), or `cargo xtask bench -- --quick` for
//! about a quarter of the runs, or `cargo xtask bench -- rsa-4096` for the key types whose name
//! contains `rsa-4096`. The output is Markdown, ready to paste into the docs.
//!
//! A plain `fn main()` (`harness = false`) rather than criterion: one key generation is a random
//! variable with a long tail (RSA's prime search), not a steady loop to iterate to convergence,
//! and openssl has to be timed per process next to ours anyway.

use std::hint::black_box;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use portcullis_pki::{Bundle, CaKeyProtection, KeyPair, KeyType, Passphrase, Plan};
use rand_core::UnwrapErr;
use time::OffsetDateTime;

/// Errors are one line for the person at the terminal; no caller inspects them.
type BenchResult<T> = Result<T, String>;

/// The production RNG, built the way the CLI builds it (crates/cli/src/bundle.rs).
type SysRng = UnwrapErr<getrandom::SysRng>;

fn main() -> ExitCode {
    // Lossy, so a stray non-UTF-8 argument is ignored like any unknown one instead of panicking.
    let args = std::env::args_os().skip(1);
    let config = Config::parse(args.map(|arg| arg.to_string_lossy().into_owned()));
    // Libtest's convention: `cargo bench` passes `--bench` and gets measurements; `cargo test
    // --benches` passes nothing and gets a quick check. Without libtest (`harness = false`),
    // `#[test]` functions here would never run, and `cargo test --benches` would otherwise sit
    // through minutes of RSA.
    if !config.bench {
        self_check();
        eprintln!("keygen bench: self-checks passed (pass `--bench` to measure)");
        return ExitCode::SUCCESS;
    }
    match run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("keygen bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(config: &Config) -> BenchResult<()> {
    let started = Instant::now();
    let key_types = config.key_types()?;
    // Before any work, so a missing openssl costs nothing and says so in one line.
    let openssl = openssl_version()?;

    let mut spawn_samples = Vec::new();
    let mut keygen_rows = Vec::new();
    for &key_type in &key_types {
        let runs = config.runs(keygen_runs(key_type));
        progress(&format!(
            "{} key generation, {runs} runs of each",
            key_type.name()
        ));
        keygen_rows.push(bench_keygen(key_type, runs, &mut spawn_samples)?);
    }
    let mut bundle_rows = Vec::new();
    for &key_type in &key_types {
        let runs = config.runs(bundle_runs(key_type));
        progress(&format!("{} bundles, {runs} runs of each", key_type.name()));
        bundle_rows.extend(bench_bundles(key_type, runs)?);
    }
    let spawn = Stats::from_samples(&spawn_samples).ok_or("no openssl start-up was timed")?;

    print_header(&openssl, config, &spawn);
    print_keygen_table(&keygen_rows, spawn.median);
    print_bundle_table(&bundle_rows);
    println!();
    println!(
        "Total bench time: {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Progress goes to stderr so stdout stays pasteable Markdown.
fn progress(message: &str) {
    eprintln!("keygen bench: {message}…");
}

// ---------------------------------------------------------------------------------------------
// Command line

/// What the command line asked for.
#[derive(Debug, Default, PartialEq)]
struct Config {
    /// `--bench`: measure, rather than run the self-checks.
    bench: bool,
    quick: bool,
    /// Substrings of key-type names; empty means every key type.
    filters: Vec<String>,
}

impl Config {
    /// `--bench`, `--quick` and filters; other flags are ignored, so libtest-style flags that
    /// cargo or a habit passes do not stop a long run.
    fn parse(args: impl IntoIterator<Item = String>) -> Self {
        let mut config = Self::default();
        for arg in args {
            if arg == "--bench" {
                config.bench = true;
            } else if arg == "--quick" {
                config.quick = true;
            } else if !arg.starts_with('-') {
                config.filters.push(arg);
            }
        }
        config
    }

    fn matches(&self, key_type: KeyType) -> bool {
        self.filters.is_empty()
            || self
                .filters
                .iter()
                .any(|f| key_type.name().contains(f.as_str()))
    }

    fn key_types(&self) -> BenchResult<Vec<KeyType>> {
        let chosen: Vec<KeyType> = KeyType::ALL
            .into_iter()
            .filter(|&k| self.matches(k))
            .collect();
        if chosen.is_empty() {
            let names: Vec<&str> = KeyType::ALL.iter().map(|k| k.name()).collect();
            return Err(format!(
                "no key type matches {:?}; names are {}",
                self.filters,
                names.join(", ")
            ));
        }
        Ok(chosen)
    }

    /// `--quick` keeps about a quarter of the runs, at least 5, and an odd count so the median
    /// is one sample rather than the mean of two.
    fn runs(&self, full: usize) -> usize {
        if self.quick {
            (full / 4).max(5) | 1
        } else {
            full
        }
    }
}

/// Key generations per side. RSA's time is the sum of two geometric prime searches (p95 about
/// 2.8× the median), so it needs more runs than its cost would suggest; EC and Ed25519 are cheap
/// and dominated by openssl's start-up noise, so they get many.
fn keygen_runs(key_type: KeyType) -> usize {
    match key_type.rsa_bits() {
        None => 201,
        Some(..=2048) => 31,
        Some(..=3072) => 21,
        Some(_) => 15,
    }
}

/// Bundles per CA-key protection. A bundle makes four keys (CA, server, two clients), so RSA
/// bundles cost four RSA key generations each and get fewer runs.
fn bundle_runs(key_type: KeyType) -> usize {
    match key_type.rsa_bits() {
        None => 21,
        Some(..=2048) => 11,
        Some(..=3072) => 7,
        Some(_) => 5,
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics

/// Summary of one row's samples.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stats {
    n: usize,
    median: Duration,
    p95: Duration,
}

impl Stats {
    fn from_samples(samples: &[Duration]) -> Option<Self> {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        Some(Self {
            n: sorted.len(),
            median: median(&sorted)?,
            p95: nearest_rank(&sorted, 95)?,
        })
    }
}

/// Median of sorted samples; the mean of the middle two for an even count.
fn median(sorted: &[Duration]) -> Option<Duration> {
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[mid]),
        _ => Some((sorted[mid - 1] + sorted[mid]) / 2),
    }
}

/// Nearest-rank percentile: the smallest sample with at least `percent`% of samples at or below
/// it. Always an observed value, which is what one wants from a handful of RSA runs.
fn nearest_rank(sorted: &[Duration], percent: usize) -> Option<Duration> {
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

// ---------------------------------------------------------------------------------------------
// Key generation: ours against openssl

struct KeygenRow {
    key_type: KeyType,
    ours: Stats,
    openssl: Stats,
}

/// Times ours, `openssl genpkey` and a bare `openssl version` in turn, `runs` times each; the
/// `openssl version` samples go to `spawn_samples`, pooled over all rows.
fn bench_keygen(
    key_type: KeyType,
    runs: usize,
    spawn_samples: &mut Vec<Duration>,
) -> BenchResult<KeygenRow> {
    let genpkey = genpkey_args(key_type)
        .ok_or_else(|| format!("no openssl equivalent known for {}", key_type.name()))?;
    let mut rng = UnwrapErr(getrandom::SysRng);
    // One untimed round, so the first sample does not pay for page faults, lazy tables or
    // loading the openssl binary from disk.
    time_ours(key_type, &mut rng)?;
    time_openssl(&genpkey)?;

    let mut ours = Vec::with_capacity(runs);
    let mut openssl = Vec::with_capacity(runs);
    for i in 0..runs {
        // Alternate who goes first, so a frequency ramp or a noisy neighbour does not always
        // land on the same side.
        if i % 2 == 0 {
            ours.push(time_ours(key_type, &mut rng)?);
            openssl.push(time_openssl(&genpkey)?);
        } else {
            openssl.push(time_openssl(&genpkey)?);
            ours.push(time_ours(key_type, &mut rng)?);
        }
        spawn_samples.push(time_openssl(&["version"])?);
    }
    Ok(KeygenRow {
        key_type,
        ours: Stats::from_samples(&ours).ok_or("no runs")?,
        openssl: Stats::from_samples(&openssl).ok_or("no runs")?,
    })
}

/// Generation plus the PKCS#8 PEM encoding, which is the work `openssl genpkey` does too.
fn time_ours(key_type: KeyType, rng: &mut SysRng) -> BenchResult<Duration> {
    let start = Instant::now();
    let key = KeyPair::generate(key_type, rng).map_err(|e| e.to_string())?;
    let pem = key.private_key_pem().map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    black_box(pem);
    Ok(elapsed)
}

/// `openssl genpkey` arguments for the same key; `None` for a key type added to the crate after
/// this bench, so it fails loudly instead of timing the wrong thing.
fn genpkey_args(key_type: KeyType) -> Option<Vec<String>> {
    let (algorithm, option) = match (key_type, key_type.rsa_bits()) {
        (_, Some(bits)) => ("RSA", Some(format!("rsa_keygen_bits:{bits}"))),
        (KeyType::EcdsaP256, None) => ("EC", Some(String::from("ec_paramgen_curve:P-256"))),
        (KeyType::EcdsaP384, None) => ("EC", Some(String::from("ec_paramgen_curve:P-384"))),
        (KeyType::Ed25519, None) => ("ED25519", None),
        _ => return None,
    };
    let mut args: Vec<String> = ["genpkey", "-algorithm", algorithm]
        .map(String::from)
        .to_vec();
    if let Some(option) = option {
        args.extend([String::from("-pkeyopt"), option]);
    }
    Some(args)
}

/// One openssl process, start to exit. The key goes to stdout, which is /dev/null.
fn time_openssl<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> BenchResult<Duration> {
    let start = Instant::now();
    let output = Command::new("openssl")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    let elapsed = start.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "openssl failed ({}): {}",
            output.status,
            stderr.trim()
        ));
    }
    Ok(elapsed)
}

/// `openssl version`'s line, or the one-line reason there is none.
fn openssl_version() -> BenchResult<String> {
    let output = Command::new("openssl")
        .arg("version")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                String::from(
                    "openssl is not on PATH; install it (`cargo xtask bench` does) and retry",
                )
            } else {
                format!("cannot run `openssl version`: {e}")
            }
        })?;
    if !output.status.success() {
        return Err(format!("`openssl version` failed ({})", output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

// ---------------------------------------------------------------------------------------------
// Whole bundles

struct BundleRow {
    key_type: KeyType,
    protection: &'static str,
    stats: Stats,
}

/// Times whole bundles with a passphrase-protected CA key and with an unencrypted one,
/// alternating. The passphrase costs a fixed PBKDF2 (600,000 rounds) that hides the key
/// generation for EC keys; the unencrypted row shows what is left.
fn bench_bundles(key_type: KeyType, runs: usize) -> BenchResult<[BundleRow; 2]> {
    let passphrase =
        Passphrase::new(String::from("correct horse battery")).map_err(|e| e.to_string())?;
    let encrypted = plan(key_type, CaKeyProtection::Passphrase(passphrase))?;
    let unencrypted = plan(key_type, CaKeyProtection::Unencrypted)?;
    let mut rng = UnwrapErr(getrandom::SysRng);
    time_bundle(&unencrypted, &mut rng)?; // warm-up, as for key generation

    let mut with_passphrase = Vec::with_capacity(runs);
    let mut without = Vec::with_capacity(runs);
    for i in 0..runs {
        // Alternate who goes first, as for key generation.
        if i % 2 == 0 {
            with_passphrase.push(time_bundle(&encrypted, &mut rng)?);
            without.push(time_bundle(&unencrypted, &mut rng)?);
        } else {
            without.push(time_bundle(&unencrypted, &mut rng)?);
            with_passphrase.push(time_bundle(&encrypted, &mut rng)?);
        }
    }
    let row = |protection, samples: &[Duration]| -> BenchResult<BundleRow> {
        let stats = Stats::from_samples(samples).ok_or("no runs")?;
        Ok(BundleRow {
            key_type,
            protection,
            stats,
        })
    };
    Ok([
        row("passphrase (PBKDF2)", &with_passphrase)?,
        row("unencrypted", &without)?,
    ])
}

/// The lib.rs example's plan, with a second client: one DNS name, one IP, two clients.
fn plan(key_type: KeyType, protection: CaKeyProtection) -> BenchResult<Plan> {
    let build = || -> Result<Plan, portcullis_pki::Error> {
        Plan::builder()
            .key_type(key_type)
            .server_dns("docker.example.com".parse()?)
            .server_ip("192.0.2.10".parse()?)
            .client("alice".parse()?)
            .client("bob".parse()?)
            .ca_key_protection(protection)
            .build()
    };
    build().map_err(|e| e.to_string())
}

/// What `portcullis bundle` does between parsing and writing the zip.
fn time_bundle(plan: &Plan, rng: &mut SysRng) -> BenchResult<Duration> {
    let start = Instant::now();
    let now = OffsetDateTime::now_utc();
    let issued = portcullis_pki::issue(plan, now, rng).map_err(|e| e.to_string())?;
    let bundle = Bundle::new(plan, &issued);
    let zip = bundle.to_zip(now).map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    black_box(zip);
    Ok(elapsed)
}

// ---------------------------------------------------------------------------------------------
// Report

fn print_header(openssl: &str, config: &Config, spawn: &Stats) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    println!("# Portcullis key generation bench");
    println!();
    println!("- CPU: {}", cpu_model(&cpuinfo).unwrap_or("unknown"));
    println!("- openssl: {openssl}");
    println!(
        "- runs: {}",
        if config.quick {
            "quick (`--quick`)"
        } else {
            "full"
        }
    );
    println!(
        "- openssl start-up overhead (`openssl version`, one after each key-generation pair): \
         n = {}, median {} ms, p95 {} ms",
        spawn.n,
        ms(spawn.median),
        ms(spawn.p95)
    );
}

fn print_keygen_table(rows: &[KeygenRow], spawn_median: Duration) {
    println!();
    println!("## Key generation (generate + PKCS#8 PEM), times in ms");
    println!();
    println!(
        "\"openssl − start-up\" is openssl's median minus the median `openssl version` spawn; \
         the ratio ours / openssl uses it. `openssl version` sets up less than `genpkey` does \
         (no key or encoder providers), so for the fast key types the corrected number still \
         holds some start-up and the ratio flatters openssl."
    );
    println!();
    println!(
        "| key type | n | ours median | ours p95 | openssl median (raw) | openssl p95 (raw) \
         | openssl − start-up | ours / openssl |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    for row in rows {
        let corrected = row.openssl.median.as_secs_f64() - spawn_median.as_secs_f64();
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.key_type.name(),
            row.ours.n,
            ms(row.ours.median),
            ms(row.ours.p95),
            ms(row.openssl.median),
            ms(row.openssl.p95),
            corrected_ms(corrected),
            ratio(row.ours.median.as_secs_f64(), corrected),
        );
    }
}

fn print_bundle_table(rows: &[BundleRow]) {
    println!();
    println!("## Whole bundle (issue + Bundle::new + to_zip: CA, server, 2 clients), times in ms");
    println!();
    println!("| key type | CA key | n | median | p95 |");
    println!("|---|---|--:|--:|--:|");
    for row in rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            row.key_type.name(),
            row.protection,
            row.stats.n,
            ms(row.stats.median),
            ms(row.stats.p95),
        );
    }
}

/// The first "model name" of /proc/cpuinfo (x86; other architectures may have none).
fn cpu_model(cpuinfo: &str) -> Option<&str> {
    cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.trim())
}

/// Milliseconds with about three significant digits: EC keys take tens of µs, RSA seconds.
fn ms(duration: Duration) -> String {
    ms_f64(duration.as_secs_f64() * 1e3)
}

fn ms_f64(ms: f64) -> String {
    if ms < 1.0 {
        format!("{ms:.3}")
    } else if ms < 100.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.0}")
    }
}

/// openssl's median without the start-up; at or below zero means the key generation is lost in
/// the start-up noise, which is said rather than printed as a negative time.
fn corrected_ms(seconds: f64) -> String {
    if seconds > 0.0 {
        ms_f64(seconds * 1e3)
    } else {
        String::from("≈ 0 (below start-up noise)")
    }
}

/// ours / openssl; below 0.1× with three decimals, since EC keys take a fraction of a process.
fn ratio(ours: f64, openssl: f64) -> String {
    if openssl <= 0.0 {
        return String::from("n/a");
    }
    let ratio = ours / openssl;
    if ratio < 0.1 {
        format!("{ratio:.3}×")
    } else {
        format!("{ratio:.2}×")
    }
}

// ---------------------------------------------------------------------------------------------
// Self-checks

/// Checks of the pure helpers above, run by `cargo test -p portcullis-pki --benches` (see
/// `main`). Plain asserts, not `#[test]`s: without libtest nothing would call those.
fn self_check() {
    let ms_list = |values: &[u64]| -> Vec<Duration> {
        values.iter().copied().map(Duration::from_millis).collect()
    };
    let one_to = |n: u64| ms_list(&(1..=n).collect::<Vec<_>>());

    assert_eq!(median(&ms_list(&[1, 2, 9])), Some(Duration::from_millis(2)));
    assert_eq!(
        median(&ms_list(&[1, 2, 4, 9])),
        Some(Duration::from_millis(3))
    );
    assert_eq!(median(&[]), None);

    // Nearest rank: ceil(0.95 × 20) = 19th value; with 15 runs, p95 is the maximum.
    assert_eq!(
        nearest_rank(&one_to(20), 95),
        Some(Duration::from_millis(19))
    );
    assert_eq!(
        nearest_rank(&one_to(15), 95),
        Some(Duration::from_millis(15))
    );
    assert_eq!(nearest_rank(&one_to(1), 95), Some(Duration::from_millis(1)));
    assert_eq!(nearest_rank(&[], 95), None);

    let stats = Stats::from_samples(&ms_list(&[5, 1, 3]));
    let expected = Stats {
        n: 3,
        median: Duration::from_millis(3),
        p95: Duration::from_millis(5),
    };
    assert_eq!(stats, Some(expected), "samples are sorted first");

    let config = Config::parse(["--bench", "--quick", "rsa-4096"].map(String::from));
    assert!(config.bench && config.quick);
    assert!(!Config::parse([String::from("--nocapture")]).bench);
    assert_eq!(config.key_types(), Ok(vec![KeyType::Rsa4096]));
    assert!(
        Config::parse([String::from("dsa-1024")])
            .key_types()
            .is_err()
    );
    assert_eq!(
        Config::default().key_types().map(|k| k.len()),
        Ok(KeyType::ALL.len())
    );

    assert_eq!([201, 31, 15].map(|n| config.runs(n)), [51, 7, 5]);
    assert_eq!(Config::default().runs(15), 15);

    let cpuinfo = "processor\t: 0\nmodel name\t: Some CPU @ 3.0GHz\nmodel name\t: Other\n";
    assert_eq!(cpu_model(cpuinfo), Some("Some CPU @ 3.0GHz"));
    assert_eq!(cpu_model("processor\t: 0\n"), None);

    for key_type in KeyType::ALL {
        assert!(
            genpkey_args(key_type).is_some(),
            "{key_type} has openssl arguments"
        );
    }
}
