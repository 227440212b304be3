//! A list's text encoding. Lists are UTF-8 (a byte-order mark allowed); a list whose
//! byte-order mark says UTF-16 — what Windows PowerShell 5's `>` and `Out-File` write, and
//! Notepad's and Excel's "Unicode" — is read as the same text, and written back (by `add`
//! and `enrich --write`) in UTF-16 with its mark, as it was found. A text that is not
//! UTF-8 at all — Excel's plain "CSV" is saved in the system's code page, EUC-KR (949) on
//! Korean Windows — is read in the encoding its bytes suggest (`chardetng`, Firefox's
//! detector), never written.

use std::borrow::Cow;

/// How a list's bytes encode its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, or anything without a UTF-16 byte-order mark (checked as UTF-8 when read).
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
    /// A legacy encoding its bytes suggest (EUC-KR, windows-1252, Shift_JIS …): read, and
    /// refused by the commands that write a list ([`read_text`]).
    Legacy(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// The warning a list read in a legacy encoding carries (its name in the encoding
    /// standard's spelling: `EUC-KR`, `windows-1252`).
    pub fn legacy_warning(self) -> Option<(&'static str, String)> {
        match self {
            Encoding::Legacy(e) => Some((e.name(), format!(
                "read as {} text, the encoding its bytes suggest (it is not UTF-8: Excel's plain CSV is saved in the system's encoding); if titles look wrong, save the file as UTF-8 (Excel: \"CSV UTF-8\")",
                e.name()
            ))),
            _ => None,
        }
    }
}

/// `bytes` as UTF-8: a UTF-16 file (told by its byte-order mark) transcoded, the mark
/// dropped (a code unit that is half a pair is U+FFFD, an odd last byte is dropped); text
/// in a legacy encoding ([`legacy`]) decoded; anything else as it is, with its encoding.
pub fn to_utf8(bytes: &[u8]) -> (Cow<'_, [u8]>, Encoding) {
    let (body, encoding) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, Encoding::Utf16Le),
        [0xFE, 0xFF, rest @ ..] => (rest, Encoding::Utf16Be),
        _ => {
            return match legacy(bytes) {
                Some((text, e)) => (Cow::Owned(text.into_bytes()), Encoding::Legacy(e)),
                None => (Cow::Borrowed(bytes), Encoding::Utf8),
            }
        }
    };
    let units = body.chunks_exact(2).map(|pair| match encoding {
        Encoding::Utf16Le => u16::from_le_bytes([pair[0], pair[1]]),
        _ => u16::from_be_bytes([pair[0], pair[1]]),
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    (Cow::Owned(text.into_bytes()), encoding)
}

/// `bytes` decoded from the legacy encoding they suggest, when they are text that is not
/// UTF-8 (nor says it is, by UTF-8's byte-order mark): no control bytes but tab, line
/// breaks and form feed (binary data, gzip, a PDF stay as they are, for their own errors),
/// more broken UTF-8 sequences than characters UTF-8 would give beyond ASCII (a UTF-8 list with a damaged byte keeps its error, where
/// reading the whole as windows-1252 would garble every Korean title), and decoding
/// without a single error in the encoding `chardetng` guesses.
fn legacy(bytes: &[u8]) -> Option<(String, &'static encoding_rs::Encoding)> {
    if bytes.is_ascii()
        || bytes.starts_with(b"\xEF\xBB\xBF")
        || std::str::from_utf8(bytes).is_ok()
        || bytes
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
    {
        return None;
    }
    let (mut wide, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    if broken <= wide {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let text = guess.decode_without_bom_handling_and_without_replacement(bytes)?;
    Some((text.into_owned(), guess))
}

/// Whether `bytes` (no byte-order mark) look like UTF-16 text: of their first 64 code
/// units, most hold a printable ASCII character beside a NUL byte, always on the same side.
pub fn looks_like_unmarked_utf16(bytes: &[u8]) -> bool {
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(64).collect();
    let ascii = |b: u8| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7F).contains(&b);
    let low = pairs.iter().filter(|p| ascii(p[0]) && p[1] == 0).count();
    let high = pairs.iter().filter(|p| p[0] == 0 && ascii(p[1])).count();
    pairs.len() >= 4 && (low.max(high) * 4 >= pairs.len() * 3) && low.min(high) == 0
}

/// `text` in `encoding`, as a file of it begins: UTF-16 with its byte-order mark, UTF-8 as
/// it is (a mark the text carries stays).
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let unit = |u: u16| match encoding {
        Encoding::Utf16Le => u.to_le_bytes(),
        _ => u.to_be_bytes(),
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        // Not reached by the commands that write ([`read_text`] refuses such a list).
        Encoding::Legacy(e) => e.encode(text).0.into_owned(),
        Encoding::Utf16Le | Encoding::Utf16Be => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(unit)
            .collect(),
    }
}

/// The text of the list file at `path` and its encoding, for a command that writes the
/// list back: UTF-8, or UTF-16 with a byte-order mark; anything else an error naming the
/// file and the first line that is not text.
pub fn read_text(path: &std::path::Path) -> crate::error::Result<(String, Encoding)> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
    let (text, encoding) = decode(path, &bytes, "file")?;
    if let Encoding::Legacy(e) = encoding {
        return Err(crate::error::Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "{} text, not UTF-8: readnext reads such a list but writes only UTF-8 or UTF-16; save the file as UTF-8 and run the command again",
                e.name()
            ),
        });
    }
    Ok((text, encoding))
}

/// The text of `bytes` (the file at `path`) and its encoding ([`to_utf8`]): an error
/// naming the first line that is not text when they are none of the encodings read
/// (`what` names the file in the fix: "save the `what` as UTF-8").
pub fn decode(
    path: &std::path::Path,
    bytes: &[u8],
    what: &str,
) -> crate::error::Result<(String, Encoding)> {
    let (utf8, encoding) = to_utf8(bytes);
    match String::from_utf8(utf8.into_owned()) {
        Ok(text) => Ok((text, encoding)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            Err(crate::error::Error::Parse {
                path: path.to_path_buf(),
                line: bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1,
                message: format!("not valid UTF-8; save the {what} as UTF-8"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_its_mark_reads_as_its_text_and_writes_back_byte_for_byte() {
        let text =
            "# 읽을 논문\r\n- [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) 🦎\r\n";
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encode(text, encoding);
            let mark: &[u8] = if encoding == Encoding::Utf16Le {
                &[0xFF, 0xFE]
            } else {
                &[0xFE, 0xFF]
            };
            assert!(bytes.starts_with(mark));
            assert_eq!(bytes.len(), 2 + 2 * text.encode_utf16().count());
            let (utf8, found) = to_utf8(&bytes);
            assert_eq!(found, encoding);
            assert_eq!(std::str::from_utf8(&utf8).unwrap(), text);
            assert_eq!(encode(text, found), bytes);
        }
    }

    #[test]
    fn utf8_is_left_as_it_is_and_broken_utf16_is_replaced_not_refused() {
        let plain = "- [A](https://a.org)\n".as_bytes();
        let (same, encoding) = to_utf8(plain);
        assert_eq!(encoding, Encoding::Utf8);
        assert!(matches!(same, Cow::Borrowed(_)));
        let marked = b"\xEF\xBB\xBFtitle";
        assert_eq!(to_utf8(marked).0, &marked[..]);
        // A lone high surrogate, then "A", then an odd last byte.
        let broken = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x42];
        assert_eq!(to_utf8(&broken).0, "\u{FFFD}A".as_bytes());
    }

    #[test]
    fn a_korean_windows_csv_reads_as_its_text_and_damaged_utf8_keeps_its_error() {
        // "제목,링크\nLoRA 저랭크 적응,https://arxiv.org/abs/2106.09685\n" as Excel saves
        // a CSV on Korean Windows (EUC-KR, code page 949).
        let text = "제목,링크\nLoRA 저랭크 적응,https://arxiv.org/abs/2106.09685\n";
        let (euc_kr, _, lossy) = encoding_rs::EUC_KR.encode(text);
        assert!(!lossy);
        let (utf8, found) = to_utf8(&euc_kr);
        assert_eq!(found, Encoding::Legacy(encoding_rs::EUC_KR));
        assert_eq!(std::str::from_utf8(&utf8).unwrap(), text);
        let (name, message) = found.legacy_warning().unwrap();
        assert_eq!(name, "EUC-KR");
        assert!(message.contains("read as EUC-KR text"), "{message}");
        // Western Excel's windows-1252.
        let text = "Title\nCafé au lait: Müller's à la carte models\n";
        let (western, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let (utf8, found) = to_utf8(&western);
        assert_eq!(found, Encoding::Legacy(encoding_rs::WINDOWS_1252));
        assert_eq!(std::str::from_utf8(&utf8).unwrap(), text);
        // UTF-8 with one damaged byte stays as it is (its error names the line), and so
        // do UTF-8, ASCII and binary data.
        let mut damaged = "- 읽을 논문: 저랭크 적응 LoRA\n".as_bytes().to_vec();
        damaged[3] = 0xFF;
        for bytes in [
            &damaged[..],
            "- 저랭크".as_bytes(),
            b"- LoRA",
            b"\x1f\x8b\x08\x00\xe9\xe9",
            b"%PDF-1.7\n\x00\xc7\xd1",
            b"\xEF\xBB\xBFTitle\nCaf\xe9\n",
        ] {
            let (same, found) = to_utf8(bytes);
            assert_eq!(found, Encoding::Utf8);
            assert_eq!(&same[..], bytes);
        }
    }

    #[test]
    fn utf16_without_its_mark_is_told_from_binary_data() {
        let text = "- [LoRA](https://arxiv.org/abs/2106.09685)\n";
        let le = &encode(text, Encoding::Utf16Le)[2..];
        let be = &encode(text, Encoding::Utf16Be)[2..];
        assert!(looks_like_unmarked_utf16(le) && looks_like_unmarked_utf16(be));
        assert!(!looks_like_unmarked_utf16(text.as_bytes()));
        assert!(!looks_like_unmarked_utf16(
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
        ));
        assert!(!looks_like_unmarked_utf16(&[0u8; 64]));
    }
}
