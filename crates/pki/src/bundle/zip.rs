//! The zip archive: stored (PEM files are a few KB, deflate buys nothing), one folder, unix modes.

use std::io::{Cursor, Write};

use time::OffsetDateTime;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::BundleFile;
use crate::error::Error;

/// Folders are searchable by everyone; their files carry their own modes.
const DIR_MODE: u32 = 0o755;

pub(crate) fn write(
    folder: &str,
    files: &[BundleFile],
    mtime: OffsetDateTime,
) -> Result<Vec<u8>, Error> {
    let archive = |err: zip::result::ZipError| Error::Archive(err.to_string());
    let mtime = zip_time(mtime)?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(mtime);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Folder entries first, so unzip creates them with a known mode.
    for dir in folders(folder, files) {
        zip.add_directory(format!("{dir}/"), options.unix_permissions(DIR_MODE))
            .map_err(archive)?;
    }
    for file in files {
        zip.start_file(
            format!("{folder}/{}", file.path),
            options.unix_permissions(file.mode),
        )
        .map_err(archive)?;
        zip.write_all(&file.contents)
            .map_err(|err| Error::Archive(err.to_string()))?;
    }
    Ok(zip.finish().map_err(archive)?.into_inner())
}

/// The bundle's folder and every folder above a file, each once, parents before children.
fn folders(root: &str, files: &[BundleFile]) -> Vec<String> {
    let mut folders = vec![root.to_owned()];
    for file in files {
        let mut dir = root.to_owned();
        for part in file
            .path
            .split('/')
            .rev()
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            dir = format!("{dir}/{part}");
            if !folders.contains(&dir) {
                folders.push(dir.clone());
            }
        }
    }
    folders
}

/// Zip dates are local times without a zone from 1980 to 2107; the bundle uses UTC.
fn zip_time(at: OffsetDateTime) -> Result<DateTime, Error> {
    let at = at.to_offset(time::UtcOffset::UTC);
    let year = u16::try_from(at.year()).unwrap_or(1980).clamp(1980, 2107);
    DateTime::from_date_and_time(
        year,
        at.month().into(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
    )
    .map_err(|err| Error::Archive(format!("date {at}: {err}")))
}
