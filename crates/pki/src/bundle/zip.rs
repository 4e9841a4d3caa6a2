//! The zip archive: stored (PEM files are a few KB, deflate buys nothing), one folder, unix modes.

use time::OffsetDateTime;

use super::BundleFile;
use crate::archive::{self, Entry};
use crate::error::Error;

/// Folders are searchable by everyone; their files carry their own modes.
const DIR_MODE: u32 = 0o755;

pub(crate) fn write(
    folder: &str,
    files: &[BundleFile],
    mtime: OffsetDateTime,
) -> Result<Vec<u8>, Error> {
    // Folder entries first, so unzip creates them with a known mode.
    let mut entries: Vec<Entry<'_>> = folders(folder, files)
        .into_iter()
        .map(|dir| Entry {
            name: format!("{dir}/"),
            mode: DIR_MODE,
            contents: &[],
        })
        .collect();
    entries.extend(files.iter().map(|file| Entry {
        name: format!("{folder}/{}", file.path),
        mode: file.mode,
        contents: &file.contents,
    }));
    archive::write(&entries, mtime).map_err(Error::Archive)
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
