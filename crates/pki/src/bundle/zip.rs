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
    let mut dirs: Vec<String> = Vec::new();
    for file in files {
        // Folder entries first, so unzip creates them with a known mode.
        let parents = file.path.rsplit_once('/').map(|(parent, _)| parent);
        let mut dir = folder.to_owned();
        for part in
            core::iter::once(None).chain(parents.into_iter().flat_map(|p| p.split('/')).map(Some))
        {
            if let Some(part) = part {
                dir = format!("{dir}/{part}");
            }
            if !dirs.contains(&dir) {
                zip.add_directory(format!("{dir}/"), options.unix_permissions(DIR_MODE))
                    .map_err(archive)?;
                dirs.push(dir.clone());
            }
        }
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
