//! `renew.ics`: a calendar reminder (RFC 5545) 30 days before the bundle's first certificate
//! expires, so the owner renews in time.

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::issue::Issued;

/// How long before the first expiry the reminder falls.
pub(crate) const REMIND_BEFORE: Duration = Duration::days(30);

/// The calendar file for `issued`; `hosts` are the Docker hosts, in the order of its servers.
pub(crate) fn renew_ics(issued: &Issued, hosts: &[String]) -> String {
    let (first_end, what) = first_expiry(issued, hosts);
    let host = match hosts {
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        [] => "Docker".to_owned(),
    };
    // A short-lived bundle gets its reminder on the day it was made rather than in the past.
    let remind_on = (first_end - REMIND_BEFORE).max(issued.issued_at);
    let summary = format!("Renew the Docker TLS certificates of {host}");
    let description = format!(
        "The first certificate of this bundle, {what}, expires on {}. Renew it as the bundle's README.md says (section 5); clients keep trusting the same CA.",
        day(first_end, "-")
    );
    // Unique per bundle: a hash of the server certificates, which hold random serials.
    let mut hash = Sha256::new();
    for server in &issued.servers {
        hash.update(&server.certificate.der);
    }
    let id: String = hash.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Portcullis//Docker TLS bundle//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:renew-{id}@portcullis"),
        format!("DTSTAMP:{}", stamp(issued.issued_at)),
        format!("DTSTART;VALUE=DATE:{}", day(remind_on, "")),
        format!(
            "DTEND;VALUE=DATE:{}",
            day(remind_on + Duration::days(1), "")
        ),
        format!("SUMMARY:{}", text(&summary)),
        format!("DESCRIPTION:{}", text(&description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", text(&summary)),
        "TRIGGER:PT9H".to_owned(),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|line| fold(line)).collect()
}

/// The earliest end among the server and client certificates, and which one it is.
fn first_expiry(issued: &Issued, hosts: &[String]) -> (OffsetDateTime, String) {
    let mut first = (issued.ca.not_after, "the CA certificate".to_owned());
    let several = issued.servers.len() > 1;
    for (server, host) in issued.servers.iter().zip(hosts) {
        if server.certificate.not_after < first.0 {
            first = (
                server.certificate.not_after,
                if several {
                    format!("the server certificate of {host}")
                } else {
                    "the server certificate".to_owned()
                },
            );
        }
    }
    for client in &issued.clients {
        if client.leaf.certificate.not_after < first.0 {
            first = (
                client.leaf.certificate.not_after,
                format!("the client certificate of {}", client.name),
            );
        }
    }
    first
}

fn day(at: OffsetDateTime, separator: &str) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}{separator}{:02}{separator}{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )
}

fn stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        day(at, ""),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11).
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// One content line, folded at 75 octets (continuations start with a space), ending in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let folded = fold(&format!("DESCRIPTION:{}", "é".repeat(60)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
