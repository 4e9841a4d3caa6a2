//! The bundle's zip archive, written and read here: stored entries only (the PEM files are a
//! few KB, and deflate buys nothing), unix modes, UTC times, no zip64. What `unzip`, `zipinfo`,
//! Python's zipfile and every other reader read; and what is read back is exactly what is
//! written, with everything else refused: compression, encryption, several disks, zip64,
//! duplicate names, damaged checksums, and archives far larger than a bundle can be.

use time::OffsetDateTime;

use crate::refusal::FileRefusal;

/// At most this many entries are read: a bundle holds a few dozen to a few hundred.
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// At most this many bytes of contents are read: a bundle holds well under a megabyte.
pub(crate) const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
/// "Made by" Unix (3), zip format 2.0: readers take the modes from the external attributes.
const MADE_BY: u16 = (3 << 8) | 20;
const NEEDED: u16 = 20;
/// Bit 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
/// MS-DOS's directory attribute, which some readers look for.
const DOS_DIRECTORY: u32 = 0x10;

/// One entry to write: a file, or (`contents` empty, name ending in `/`) a folder.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    /// The path in the archive; a folder's ends with `/`.
    pub name: String,
    /// The unix permission bits.
    pub mode: u32,
    /// A file's contents.
    pub contents: &'a [u8],
}

/// The archive of `entries`, in order, each dated `mtime` (UTC; zip dates run from 1980 to
/// 2107 and are clamped to them).
pub(crate) fn write(entries: &[Entry<'_>], mtime: OffsetDateTime) -> Result<Vec<u8>, String> {
    let (time, date) = dos_time(mtime);
    let mut zip = Vec::new();
    let mut directory = Vec::new();
    for entry in entries {
        let name = entry.name.as_bytes();
        let offset = u32::try_from(zip.len()).map_err(|_| "the archive is over 4 GiB")?;
        let size = u32::try_from(entry.contents.len())
            .map_err(|_| format!("{} is over 4 GiB", entry.name))?;
        let name_len =
            u16::try_from(name.len()).map_err(|_| format!("{} is too long a name", entry.name))?;
        let flags = if entry.name.is_ascii() { 0 } else { UTF8_NAME };
        let crc = crc32(entry.contents);
        let dir = entry.name.ends_with('/');
        let attributes = if dir {
            ((S_IFDIR | entry.mode) << 16) | DOS_DIRECTORY
        } else {
            (S_IFREG | entry.mode) << 16
        };

        put32(&mut zip, LOCAL_HEADER);
        for field in [NEEDED, flags, 0, time, date] {
            put16(&mut zip, field);
        }
        for field in [crc, size, size] {
            put32(&mut zip, field);
        }
        put16(&mut zip, name_len);
        put16(&mut zip, 0);
        zip.extend_from_slice(name);
        zip.extend_from_slice(entry.contents);

        put32(&mut directory, CENTRAL_HEADER);
        for field in [MADE_BY, NEEDED, flags, 0, time, date] {
            put16(&mut directory, field);
        }
        for field in [crc, size, size] {
            put32(&mut directory, field);
        }
        // Name length, then no extra field, no comment, disk 0, no internal attributes.
        for field in [name_len, 0, 0, 0, 0] {
            put16(&mut directory, field);
        }
        put32(&mut directory, attributes);
        put32(&mut directory, offset);
        directory.extend_from_slice(name);
    }
    let count = u16::try_from(entries.len()).map_err(|_| "too many files for one archive")?;
    let directory_offset = u32::try_from(zip.len()).map_err(|_| "the archive is over 4 GiB")?;
    let directory_size = u32::try_from(directory.len()).map_err(|_| "the archive is over 4 GiB")?;
    zip.extend_from_slice(&directory);
    put32(&mut zip, END_OF_DIRECTORY);
    for field in [0, 0, count, count] {
        put16(&mut zip, field);
    }
    put32(&mut zip, directory_size);
    put32(&mut zip, directory_offset);
    put16(&mut zip, 0);
    Ok(zip)
}

/// The files of an archive Portcullis wrote (or one like it): each file's path and contents,
/// in the archive's order; folders are left out.
pub(crate) fn read(zip: &[u8]) -> Result<Vec<(String, Vec<u8>)>, FileRefusal> {
    let not_zip = || FileRefusal::zip_not();
    let end = find_end(zip).ok_or_else(not_zip)?;
    let field16 = |at: usize| read16(zip, at).ok_or_else(not_zip);
    let field32 = |at: usize| read32(zip, at).ok_or_else(not_zip);
    if field16(end + 4)? != 0 || field16(end + 6)? != 0 {
        return Err(FileRefusal::zip_disks());
    }
    let count = usize::from(field16(end + 10)?);
    let directory_size = field32(end + 12)? as usize;
    let directory_offset = field32(end + 16)? as usize;
    if count == usize::from(u16::MAX) || directory_offset == u32::MAX as usize {
        return Err(FileRefusal::zip64());
    }
    if count > MAX_ENTRIES {
        return Err(FileRefusal::zip_too_many(MAX_ENTRIES));
    }
    if directory_offset
        .checked_add(directory_size)
        .is_none_or(|directory_end| directory_end > end)
    {
        return Err(not_zip());
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut total = 0usize;
    let mut at = directory_offset;
    for _ in 0..count {
        if field32(at)? != CENTRAL_HEADER {
            return Err(not_zip());
        }
        let flags = field16(at + 8)?;
        let method = field16(at + 10)?;
        let crc = field32(at + 16)?;
        let compressed = field32(at + 20)? as usize;
        let size = field32(at + 24)? as usize;
        let name_len = usize::from(field16(at + 28)?);
        let extra_len = usize::from(field16(at + 30)?);
        let comment_len = usize::from(field16(at + 32)?);
        let local = field32(at + 42)? as usize;
        let name_bytes = zip.get(at + 46..at + 46 + name_len).ok_or_else(not_zip)?;
        let name =
            String::from_utf8(name_bytes.to_vec()).map_err(|_| FileRefusal::zip_bad_name())?;
        at += 46 + name_len + extra_len + comment_len;
        if names.contains(&name) {
            return Err(FileRefusal::zip_twice(name));
        }
        names.push(name.clone());
        if flags & 1 != 0 {
            return Err(FileRefusal::zip_encrypted(name));
        }
        if method != 0 || compressed != size {
            return Err(FileRefusal::zip_compressed(name));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(FileRefusal::zip_too_large(MAX_TOTAL_BYTES / (1024 * 1024)));
        }
        if field32(local)? != LOCAL_HEADER {
            return Err(not_zip());
        }
        let start = local
            .checked_add(30)
            .and_then(|start| start.checked_add(usize::from(field16(local + 26).ok()?)))
            .and_then(|start| start.checked_add(usize::from(field16(local + 28).ok()?)))
            .ok_or_else(not_zip)?;
        let contents = start
            .checked_add(size)
            .and_then(|stop| zip.get(start..stop))
            .ok_or_else(not_zip)?;
        if crc32(contents) != crc {
            return Err(FileRefusal::zip_damaged(name));
        }
        if !name.ends_with('/') {
            files.push((name, contents.to_vec()));
        }
    }
    Ok(files)
}

/// Where the end-of-central-directory record starts: the last one whose comment runs exactly
/// to the end of the file.
fn find_end(zip: &[u8]) -> Option<usize> {
    let last = zip.len().checked_sub(22)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&at| {
        read32(zip, at) == Some(END_OF_DIRECTORY)
            && read16(zip, at + 20).map(usize::from) == Some(zip.len() - at - 22)
    })
}

/// MS-DOS time and date of `at` in UTC, clamped to 1980–2107.
fn dos_time(at: OffsetDateTime) -> (u16, u16) {
    let at = at.to_offset(time::UtcOffset::UTC);
    let (year, month, day, hour, minute, second) = if at.year() < 1980 {
        (1980, 1, 1, 0, 0, 0)
    } else if at.year() > 2107 {
        (2107, 12, 31, 23, 59, 58)
    } else {
        (
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second(),
        )
    };
    let time = (u16::from(hour) << 11) | (u16::from(minute) << 5) | u16::from(second / 2);
    // The year is within 1980..=2107 here, so it fits.
    let years = u16::try_from(year - 1980).unwrap_or_default();
    let date = (years << 9) | (u16::from(month) << 5) | u16::from(day);
    (time, date)
}

/// CRC-32 (IEEE 802.3), as zip checks each file's contents.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & 0u32.wrapping_sub(crc & 1));
        }
    }
    !crc
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn read16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn read32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let at = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        write(
            &[
                Entry {
                    name: "docker-tls/".into(),
                    mode: 0o755,
                    contents: b"",
                },
                Entry {
                    name: "docker-tls/ca.pem".into(),
                    mode: 0o444,
                    contents: b"certificate\n",
                },
                Entry {
                    name: "docker-tls/key.pem".into(),
                    mode: 0o400,
                    contents: b"secret\n",
                },
            ],
            at,
        )
        .expect("writes")
    }

    #[test]
    fn what_is_written_is_read_back_and_folders_are_left_out() {
        let files = read(&sample()).expect("reads");
        assert_eq!(
            files,
            [
                ("docker-tls/ca.pem".to_owned(), b"certificate\n".to_vec()),
                ("docker-tls/key.pem".to_owned(), b"secret\n".to_vec()),
            ]
        );
        assert_eq!(
            crc32(b"123456789"),
            0xCBF4_3926,
            "the check value of CRC-32"
        );
        assert_eq!(
            dos_time(OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time")),
            // 2027-01-15 08:00:00 UTC.
            ((8 << 11), (47 << 9) | (1 << 5) | 15)
        );
    }

    #[test]
    fn anything_portcullis_does_not_write_is_refused() {
        let zip = sample();
        let refusal = |zip: &[u8]| read(zip).expect_err("refused").to_string();
        assert!(refusal(b"not a zip").starts_with("is not a zip file"));
        assert!(refusal(&zip[..zip.len() - 1]).starts_with("is not a zip file"));
        let damaged = {
            let mut zip = zip.clone();
            let at = zip
                .windows(7)
                .position(|w| w == b"secret\n")
                .expect("contents");
            zip[at] ^= 1;
            zip
        };
        assert!(refusal(&damaged).starts_with("docker-tls/key.pem is damaged"));
        // The first file's method (local and central headers) set to deflate.
        let compressed = {
            let mut zip = zip.clone();
            let central = zip
                .windows(4)
                .position(|w| w == CENTRAL_HEADER.to_le_bytes())
                .expect("central directory");
            let second = central
                + 46
                + zip[central + 46..]
                    .windows(4)
                    .position(|w| w == CENTRAL_HEADER.to_le_bytes())
                    .expect("second entry");
            zip[second + 10] = 8;
            zip
        };
        assert!(refusal(&compressed).starts_with("docker-tls/ca.pem is compressed"));
        let encrypted = {
            let mut zip = zip.clone();
            let second = zip
                .windows(4)
                .rposition(|w| w == CENTRAL_HEADER.to_le_bytes())
                .expect("last entry");
            zip[second + 8] |= 1;
            zip
        };
        assert!(refusal(&encrypted).starts_with("docker-tls/key.pem is encrypted"));
        let at = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let file = |name: &str, contents: &'static [u8]| Entry {
            name: name.to_owned(),
            mode: 0o644,
            contents,
        };
        let twice =
            write(&[file("a/ca.pem", b"one"), file("a/ca.pem", b"two")], at).expect("writes");
        assert!(refusal(&twice).starts_with("holds `a/ca.pem` twice"));
        let many: Vec<Entry<'_>> = (0..=MAX_ENTRIES)
            .map(|i| Entry {
                name: format!("{i}"),
                mode: 0o644,
                contents: b"",
            })
            .collect();
        assert_eq!(
            read(&write(&many, at).expect("writes")),
            Err(FileRefusal::zip_too_many(MAX_ENTRIES))
        );
        let big = vec![0u8; MAX_TOTAL_BYTES / 2 + 1];
        let huge = write(
            &[
                Entry {
                    name: "a".into(),
                    mode: 0o644,
                    contents: &big,
                },
                Entry {
                    name: "b".into(),
                    mode: 0o644,
                    contents: &big,
                },
            ],
            at,
        )
        .expect("writes");
        assert!(refusal(&huge).starts_with("holds more than 64 MiB"));
    }
}
