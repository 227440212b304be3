//! How much a workbook unpacks to, measured before the spreadsheet reader opens it. An
//! `.xlsx` or `.ods` file is a zip of XML parts, and deflate packs a repeated run about a
//! thousand to one: a 1.5 MB workbook whose one title cell holds 1.5 GB of one letter took
//! the reader 54 s and 6.2 GB. The parts are unpacked here into nothing, counting, and the
//! count stops at [`MAX_UNPACKED`]: past it the workbook is refused before anything is
//! held. The count is of the bytes the parts really unpack to, not the sizes the zip
//! declares, which a damaged or crafted file may understate.

use std::io::{self, Cursor, Read};

/// The most bytes a workbook's parts may unpack to, together: a sheet of 100,000 papers with
/// their abstracts is about 200 MB of XML.
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// `Err` names the part with which a workbook (zip `bytes`) passes `limit` unpacked bytes.
/// A file that is no zip, or a part that cannot be unpacked, passes: the spreadsheet reader
/// says what is wrong with it.
pub(super) fn check(bytes: &[u8], limit: u64) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for at in 0..zip.len() {
        let Ok(mut part) = zip.by_index(at) else {
            continue;
        };
        let left = limit - total;
        // One byte more than is left says the limit is passed, without unpacking the rest.
        let Ok(size) = io::copy(&mut (&mut part).take(left + 1), &mut io::sink()) else {
            continue;
        };
        total += size;
        if total > limit {
            let name = part
                .name()
                .map_or_else(|_| format!("number {}", at + 1), |n| n.to_string());
            return Err(format!(
                "the workbook unpacks to more than {} MiB (passing it in its part {name}), more than readnext reads from a workbook; save the sheet as CSV (UTF-8) and pass that",
                limit / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A zip of `parts` (name, bytes), deflated.
    fn zipped(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            out.start_file(*name, SimpleFileOptions::default())
                .expect("a part starts");
            out.write_all(bytes).expect("a part is written");
        }
        out.finish().expect("the zip is finished").into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused_naming_its_part() {
        let bomb = zipped(&[
            ("xl/workbook.xml", b"<workbook/>".to_vec()),
            ("xl/worksheets/sheet1.xml", vec![b'a'; 4 * 1024 * 1024]),
        ]);
        assert!(
            bomb.len() < 64 * 1024,
            "deflate packs a run: {} bytes",
            bomb.len()
        );
        let err = check(&bomb, 1024 * 1024).unwrap_err();
        assert!(err.contains("more than 1 MiB"), "{err}");
        assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
        assert!(err.contains("CSV (UTF-8)"), "{err}");
        // The same parts pass a limit they fit.
        assert_eq!(check(&bomb, 8 * 1024 * 1024), Ok(()));
    }

    #[test]
    fn parts_count_together_and_what_is_no_zip_passes() {
        let parts = zipped(&[("a.xml", vec![b'x'; 600]), ("b.xml", vec![b'y'; 600])]);
        assert!(check(&parts, 1000).unwrap_err().contains("b.xml"));
        assert_eq!(check(&parts, 1200), Ok(()));
        assert_eq!(check(b"Title,Link\n", 10), Ok(()));
    }
}
