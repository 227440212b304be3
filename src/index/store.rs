//! Reading and writing index generations, with checksums checked on load.

use super::ann::{self, Ann};
use super::manifest::{FileStamp, HnswParams, Manifest, INDEX_FORMAT_VERSION};
use super::papers::Papers;
use super::papers_binary;
use super::papers_json::{self, Hashes, LoadedPapers, PapersFile};
use super::passage_hashes::PassageHashes;
use super::{Index, LazyAnn, Vectors};
use crate::corpus::Paper;
use crate::error::{Error, Result};
use crate::fsutil;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const CURRENT: &str = "CURRENT";
const MANIFEST: &str = "manifest.json";
const PAPERS: &str = "papers.json";
const VECTORS: &str = "vectors.f32";

/// `papers.json` parsed (see [`papers_json::parse`]); a file that does not parse asks
/// for a rebuild.
fn parse_papers(
    dir: &Path,
    manifest: &Manifest,
    papers_bytes: &[u8],
    mapped: Option<&std::sync::Arc<crate::column::Mapped>>,
) -> Result<LoadedPapers> {
    papers_json::parse(manifest.papers, papers_bytes, mapped)
        .map_err(|e| rebuild_hint(dir, &format!("papers.json is corrupt ({e})")))
}

fn rebuild_hint(dir: &Path, what: &str) -> Error {
    Error::index(dir, format!("{what}; run `readnext index --rebuild`"))
}

/// Path of the live generation, if the folder has one.
pub fn current_generation(dir: &Path) -> Result<Option<PathBuf>> {
    let current = dir.join(CURRENT);
    match std::fs::read_to_string(&current) {
        Ok(name) => {
            let name = name.trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(rebuild_hint(
                    dir,
                    &format!("{CURRENT} names no generation ({name:?})"),
                ));
            }
            Ok(Some(dir.join(name)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(current, e)),
    }
}

/// Whether the folder holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join(CURRENT).is_file()
}

fn stamp(path: &Path) -> Result<FileStamp> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(FileStamp {
        size: bytes.len() as u64,
        crc32: crc32fast::hash(&bytes),
    })
}

/// Write and fsync `path` in the index folder `dir`; a full disk or a file-size limit
/// is said as such ([`super::checkpoint::write_error`]).
fn write_synced(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |e| super::checkpoint::write_error(dir, path, e);
    let mut f = std::fs::File::create(path).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)
}

/// Parts of a new generation.
pub struct NewGeneration<'a> {
    pub manifest: Manifest,
    pub papers: &'a [Paper],
    pub passage_hashes: &'a [String],
    pub vectors: &'a Vectors,
    pub ann: &'a Ann,
}

/// Write a new generation into `dir` and make it current; older generations are
/// removed. Returns the manifest as written (with file stamps and graph basename)
/// and the generation folder.
pub fn write(dir: &Path, gen: NewGeneration<'_>) -> Result<(Manifest, PathBuf)> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::index(
            dir,
            format!("cannot create the index folder ({e}); pass a writable --index-dir"),
        )
    })?;
    let (next, staging) = stage(dir)?;
    let tmp = staging.path();
    write_papers(dir, tmp, gen.papers, gen.passage_hashes)?;
    let mut raw = Vec::with_capacity(gen.vectors.data.len() * 4);
    for x in gen.vectors.data.iter() {
        raw.extend_from_slice(&x.to_le_bytes());
    }
    write_synced(dir, &tmp.join(VECTORS), &raw)?;
    let basename = gen.ann.dump(tmp)?;

    let mut manifest = gen.manifest;
    manifest.graph_basename = basename.clone();
    manifest.hnsw = HnswParams {
        max_connections: ann::MAX_CONNECTIONS,
        ef_construction: ann::EF_CONSTRUCTION,
        max_layers: ann::MAX_LAYERS,
    };
    let mut files = BTreeMap::new();
    for name in [
        PAPERS.to_string(),
        VECTORS.to_string(),
        format!("{basename}.hnsw.graph"),
        format!("{basename}.hnsw.data"),
    ] {
        let p = tmp.join(&name);
        if let Ok(f) = std::fs::File::open(&p) {
            let _ = f.sync_all();
        }
        files.insert(name, stamp(&p)?);
    }
    manifest.files = files;
    let final_dir = make_current(dir, staging, next, &manifest)?;
    Ok((manifest, final_dir))
}

/// The name of the next generation of `dir` and the temporary folder it is written in.
fn stage(dir: &Path) -> Result<(String, tempfile::TempDir)> {
    let next = next_generation_name(dir)?;
    let staging = tempfile::Builder::new()
        .prefix(".tmp-gen-")
        .tempdir_in(dir)
        .map_err(|e| {
            Error::index(
                dir,
                format!("cannot write in the index folder ({e}); pass a writable --index-dir"),
            )
        })?;
    Ok((next, staging))
}

/// `papers.json` of `papers` and their passage hashes, written and fsynced in `tmp`.
fn write_papers(dir: &Path, tmp: &Path, papers: &[Paper], passage_hashes: &[String]) -> Result<()> {
    let json = serde_json::to_vec(&PapersFile {
        papers,
        passage_hashes,
    })
    .map_err(|e| Error::index(dir, format!("cannot encode papers: {e}")))?;
    write_synced(dir, &tmp.join(PAPERS), &json)
}

/// Write `manifest` into the `staging` folder, move it to the generation `next` and make
/// that current (older generations removed); returns the generation folder.
fn make_current(
    dir: &Path,
    staging: tempfile::TempDir,
    next: String,
    manifest: &Manifest,
) -> Result<PathBuf> {
    let tmp = staging.path();
    let json = serde_json::to_vec_pretty(manifest)
        .map_err(|e| Error::index(dir, format!("cannot encode manifest: {e}")))?;
    write_synced(dir, &tmp.join(MANIFEST), &json)?;
    fsutil::sync_dir(tmp);

    let final_dir = dir.join(&next);
    let staged = staging.keep();
    std::fs::rename(&staged, &final_dir).map_err(|e| Error::io(&final_dir, e))?;
    fsutil::sync_dir(dir);
    fsutil::atomic_write(&dir.join(CURRENT), next.as_bytes())?;
    remove_stale(dir, &next);
    Ok(final_dir)
}

/// A new generation of the live index `live` whose papers are `papers`: the same ids and
/// passages in the same order, with other fields changed (a line, a link, a heading, a
/// read mark). Nothing is embedded or built: `papers.json` and the manifest are written,
/// the vectors, the graph and the caches are the live generation's files, hard-linked
/// (copied where links fail; a cache is keyed by what it was made from, so one that
/// depended on a changed field is made again). The manifest names `list` and this
/// readnext as the generation's writers. Returns the manifest and the folder.
pub fn relabel(
    dir: &Path,
    live: &Index,
    papers: &[Paper],
    list: &Path,
) -> Result<(Manifest, PathBuf)> {
    let Some(gen) = live.generation.as_deref() else {
        return Err(Error::index(dir, "the index to relabel is not on disk"));
    };
    let hashes: &[String] = &live.passage_hashes;
    if hashes.len() != papers.len() || live.papers.len() != papers.len() {
        return Err(rebuild_hint(dir, "vectors and papers do not agree"));
    }
    let (next, staging) = stage(dir)?;
    let tmp = staging.path();
    write_papers(dir, tmp, papers, hashes)?;
    let mut manifest = live.manifest.clone();
    manifest.list = list.display().to_string();
    manifest.readnext_version = env!("CARGO_PKG_VERSION").to_string();
    for name in manifest.files.keys().filter(|n| *n != PAPERS) {
        link_or_copy(&gen.join(name), &tmp.join(name))?;
    }
    manifest
        .files
        .insert(PAPERS.to_string(), stamp(&tmp.join(PAPERS))?);
    // Caches are best effort, as everywhere: one not carried over is made again.
    for entry in std::fs::read_dir(gen).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("cache-") && name.ends_with(".bin") {
            let _ = link_or_copy(&entry.path(), &tmp.join(&*name));
        }
    }
    let final_dir = make_current(dir, staging, next, &manifest)?;
    Ok((manifest, final_dir))
}

/// `to` as a hard link of `from`, or a copy of it where the file system links nothing.
fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map_err(|e| Error::io(from, e))?;
    Ok(())
}

fn next_generation_name(dir: &Path) -> Result<String> {
    let mut max = 0u64;
    for entry in std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(n) = name
            .strip_prefix("gen-")
            .and_then(|n| n.parse::<u64>().ok())
        {
            max = max.max(n);
        }
    }
    Ok(format!("gen-{}", max + 1))
}

/// Remove generations other than `keep` and leftovers of interrupted writes. A
/// generation a reader is still loading is left for the next writer to remove.
fn remove_stale(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != keep && (name.starts_with("gen-") || name.starts_with(".tmp-gen-")) {
            remove_generation(&entry.path());
        }
    }
}

/// Remove one generation folder unless a reader holds it ([`hold`]); returns whether
/// it is gone. A reader holds a generation only while loading it, so a held one is
/// waited for up to [`HELD_WAIT`]; past that it is left for the next writer. The
/// exclusive lock is held while the files go, so a reader waiting for its shared lock
/// finds the folder gone once it gets it.
pub(super) fn remove_generation(path: &Path) -> bool {
    let lock = std::fs::File::open(path.join(MANIFEST)).ok();
    if let Some(f) = &lock {
        let start = std::time::Instant::now();
        loop {
            match f.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < HELD_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(_) => return false,
            }
        }
    }
    std::fs::remove_dir_all(path).is_ok()
}

/// How long a writer waits for readers to finish loading an old generation.
const HELD_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// A reader's hold on a generation: a shared lock on its manifest, taken before any
/// of its files is read and kept until all are, so a writer that makes a newer
/// generation current meanwhile leaves this one whole. Returns the manifest file,
/// or `None` when the generation was removed before the hold was taken.
fn hold(gen: &Path) -> Result<Option<std::fs::File>> {
    let path = gen.join(MANIFEST);
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    file.lock_shared().map_err(|e| Error::io(&path, e))?;
    // A writer removes a generation only under the exclusive lock, so once the shared
    // one is ours the folder stays; if it went while we waited, the path is gone
    // (generation names only grow, so no newer folder takes its name).
    Ok(path.is_file().then_some(file))
}

/// Read only the manifest of the live generation.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let gen = current_generation(dir)?
        .ok_or_else(|| Error::index(dir, "no index here; run `readnext index`"))?;
    let path = gen.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => rebuild_hint(dir, "the manifest is missing"),
        _ => Error::io(&path, e),
    })?;
    parse_manifest(dir, &text)
}

fn parse_manifest(dir: &Path, text: &str) -> Result<Manifest> {
    // Look at the version before anything else, so a newer layout gets the right advice.
    let version = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("format_version").and_then(|v| v.as_u64()));
    match version {
        Some(v) if v > INDEX_FORMAT_VERSION as u64 => {
            return Err(Error::index(
                dir,
                format!(
                    "built by a newer readnext (index format {v}, this one reads {INDEX_FORMAT_VERSION}); \
                     upgrade readnext or run `readnext index --rebuild`"
                ),
            ))
        }
        Some(v) if v < INDEX_FORMAT_VERSION as u64 => {
            return Err(rebuild_hint(dir, &format!("index format {v} is older than {INDEX_FORMAT_VERSION}")))
        }
        _ => {}
    }
    serde_json::from_str(text)
        .map_err(|e| rebuild_hint(dir, &format!("the manifest is corrupt ({e})")))
}

/// Load the live generation, checking every file's size and checksum first.
pub fn load(dir: &Path) -> Result<Index> {
    load_retrying(dir, true)
}

/// Load the live generation without its HNSW graph (an empty one stands in): for
/// answers that scan every vector exactly (a pool), so a big index's graph is neither
/// read nor checked. Papers and vectors are checked as by [`load`].
pub fn load_without_graph(dir: &Path) -> Result<Index> {
    load_retrying(dir, false)
}

/// A writer may make a new generation current and remove the old one while a reader is
/// still loading it: when a load fails and `CURRENT` names another generation than the
/// one tried, the new one is loaded (a few times at most), so readers never see a
/// half-written index nor fail because an update finished meanwhile.
fn load_retrying(dir: &Path, with_graph: bool) -> Result<Index> {
    let mut tries = 0;
    loop {
        let before = current_generation(dir).ok().flatten();
        match load_with(dir, with_graph) {
            Ok(ix) => return Ok(ix),
            Err(e) => {
                let now = current_generation(dir).ok().flatten();
                tries += 1;
                if tries >= 5 || now.is_none() || now == before {
                    return Err(e);
                }
            }
        }
    }
}

fn load_with(dir: &Path, with_graph: bool) -> Result<Index> {
    let gen = current_generation(dir)?
        .ok_or_else(|| Error::index(dir, "no index here; run `readnext index`"))?;
    // Held until this function returns: every file below is read from this generation.
    let mut held = hold(&gen)?.ok_or_else(|| rebuild_hint(dir, "the manifest is missing"))?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut held, &mut text)
        .map_err(|e| Error::io(gen.join(MANIFEST), e))?;
    let manifest = parse_manifest(dir, &text)?;
    let mut contents: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
    let mut graph_files = Vec::new();
    let mut mapped_vectors = None;
    let mut mapped_papers = None;
    for (name, want) in &manifest.files {
        let path = gen.join(name);
        let missing = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => rebuild_hint(dir, &format!("{name} is missing")),
            _ => Error::io(&path, e),
        };
        if name != PAPERS && name != VECTORS {
            // The graph is read when first needed (checked then); its size is checked now.
            let size = std::fs::metadata(&path).map_err(missing)?.len();
            if size != want.size {
                return Err(rebuild_hint(
                    dir,
                    &format!("{name} is damaged (size or checksum differs)"),
                ));
            }
            graph_files.push((name.clone(), want.clone()));
            continue;
        }
        // Both read in place: a big list's papers are parsed from the mapping (not first
        // copied into fresh memory) and its vectors used where they lie; checked all the
        // same (hashed once per change of the file: `verified`).
        // A big papers.json is read through its binary copy, which points at a few of its
        // abstracts per answer: mapped without reading ahead (147 MB at 88,907 papers).
        let lazy = name == PAPERS && want.size >= papers_binary::BINARY_ABOVE as u64;
        let mapped = if lazy {
            crate::column::Mapped::open_lazy(&path)
        } else {
            crate::column::Mapped::open(&path)
        };
        if let Some(file) = mapped {
            let bytes = file.bytes();
            let id = super::verified::FileId::of(file.metadata());
            if bytes.len() as u64 != want.size
                || !super::verified::crc_matches(&gen, name, id, want.crc32, || {
                    Some(crc32fast::hash(bytes))
                })
            {
                return Err(rebuild_hint(
                    dir,
                    &format!("{name} is damaged (size or checksum differs)"),
                ));
            }
            if name == PAPERS {
                mapped_papers = Some(file);
            } else {
                mapped_vectors = Some(file);
            }
            continue;
        }
        let bytes = std::fs::read(&path).map_err(missing)?;
        if bytes.len() as u64 != want.size || crc32fast::hash(&bytes) != want.crc32 {
            return Err(rebuild_hint(
                dir,
                &format!("{name} is damaged (size or checksum differs)"),
            ));
        }
        contents.insert(if name == PAPERS { PAPERS } else { VECTORS }, bytes);
    }
    let read_papers = contents.remove(PAPERS);
    let papers_bytes: &[u8] = match (&mapped_papers, &read_papers) {
        (Some(file), _) => file.bytes(),
        (None, Some(bytes)) => bytes,
        (None, None) => return Err(rebuild_hint(dir, "papers.json is not listed")),
    };
    // A big list's papers come from their binary copy when it is there (made from the
    // JSON on the first load that lacks it); else the JSON is parsed.
    let binary = match &mapped_papers {
        Some(file) if papers_bytes.len() >= papers_binary::BINARY_ABOVE => manifest
            .files
            .get(PAPERS)
            .map(|stamp| (file, papers_binary::key(stamp.crc32, stamp.size))),
        _ => None,
    };
    let copied = binary.and_then(|(file, key)| {
        let (copy, at, len) = super::cache::map(&gen, papers_binary::CACHE_NAME, key)?;
        let copy = papers_binary::Copy::open(copy, at, len, file.clone(), manifest.papers)?;
        let (start, len) = copy.hashes();
        // Should the copy not decode (it is checksummed, so it does), the papers are
        // read again from papers.json.
        let (dir, manifest, json) = (dir.to_path_buf(), manifest.clone(), file.clone());
        let reread = move || {
            parse_papers(&dir, &manifest, json.bytes(), Some(&json))
                .ok()
                .map(|pf| pf.papers)
        };
        Some((
            Papers::lazy(copy, Box::new(reread)),
            Hashes::InPlace(start, len),
        ))
    });
    let (papers, hashes) = match copied {
        Some(pf) => pf,
        None => {
            let pf = parse_papers(dir, &manifest, papers_bytes, mapped_papers.as_ref())?;
            if let (Some((_, key)), Hashes::InPlace(at, len)) = (binary, &pf.passage_hashes) {
                if let Some(copy) = papers_binary::encode(&pf.papers, (*at, *len)) {
                    // Best effort, as every cache: a read-only index still answers.
                    let _ = super::cache::write(&gen, papers_binary::CACHE_NAME, key, &copy);
                }
            }
            (Papers::from(pf.papers), pf.passage_hashes)
        }
    };
    drop(read_papers);
    let n = papers.len();
    let passage_hashes: PassageHashes = match (hashes, mapped_papers) {
        (Hashes::InPlace(at, len), Some(file)) => PassageHashes::deferred(file, at, len, n),
        (Hashes::Parsed(v), _) if v.len() == n => v.into(),
        _ => return Err(rebuild_hint(dir, "vectors and papers do not agree")),
    };
    let dim = manifest.dimension;
    let values = n * dim;
    let decode = |raw: &[u8]| -> crate::column::Column<f32> {
        raw.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect::<Vec<f32>>()
            .into()
    };
    let data = match (mapped_vectors, contents.remove(VECTORS)) {
        (Some(file), _) if file.bytes().len() == values * 4 => Some(
            crate::column::Column::mapped(&file, 0, values).unwrap_or_else(|| decode(file.bytes())),
        ),
        (None, Some(raw)) if raw.len() == values * 4 => Some(decode(&raw)),
        _ => None,
    };
    let data = match data {
        Some(d) if dim > 0 => d,
        _ => return Err(rebuild_hint(dir, "vectors and papers do not agree")),
    };
    let ann = if with_graph {
        LazyAnn::on_disk(gen.clone(), manifest.graph_basename.clone(), graph_files, n)
    } else {
        LazyAnn::ready(Ann::build(&[]))
    };
    Ok(Index {
        dir: dir.to_path_buf(),
        manifest,
        papers,
        passage_hashes,
        vectors: Vectors {
            dimension: dim,
            data,
        },
        ann,
        generation: Some(gen),
    })
}

/// Make the binary copy of the live generation's papers (`cache-papers.bin`) now, if
/// its `papers.json` is big enough to have one and the copy is missing: `readnext index`
/// calls it, so the first command after a build does not parse the JSON. Best effort.
pub fn keep_papers_copy(dir: &Path) {
    let big = current_generation(dir)
        .ok()
        .flatten()
        .and_then(|gen| std::fs::metadata(gen.join(PAPERS)).ok())
        .is_some_and(|m| m.len() >= papers_binary::BINARY_ABOVE as u64);
    if big {
        // Loading makes the copy when it lacks one (and only reads it otherwise).
        drop(load_without_graph(dir));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::paper::PaperKeys;

    #[test]
    fn abstracts_are_read_when_asked_for_and_the_papers_are_those_written() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.md");
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!(
                "- [Paper {i} on topic {}](https://arxiv.org/abs/2401.{i:05})\n",
                i % 4
            ));
            match i % 4 {
                0 => text.push_str(&format!("> We study \"topic\" {i}: ünïcode and more.\n")),
                1 => text.push_str("> Ünïcode first, then the rest.\n"),
                _ => {}
            }
        }
        std::fs::write(&list, text).unwrap();
        let corpus = crate::corpus::Corpus::load(&list).unwrap();
        assert_eq!(
            corpus.papers.iter().filter(|p| p.has_abstract()).count(),
            20
        );
        let stamp = crate::index::ModelStamp::for_tests();
        let embedder = crate::embed::HashEmbedder { dimension: 32 };
        let ix_dir = dir.path().join("ix");
        let (built, _) =
            crate::index::build(&corpus, None, &embedder, stamp, &ix_dir, &mut |_, _| {}).unwrap();
        let loaded = load(&ix_dir).unwrap();
        let with_text: Vec<&Paper> = loaded.papers.iter().filter(|p| p.has_abstract()).collect();
        assert_eq!(with_text.len(), 20);
        assert!(with_text.iter().all(|p| p.abstract_text.is_deferred()));
        // The passage hashes are parsed only when asked for, and are those written.
        assert!(!loaded.passage_hashes.is_parsed());
        assert_eq!(&*loaded.passage_hashes, &*built.passage_hashes);
        assert_eq!(loaded.passage_hashes.len(), 40);
        // Field by field the papers written (each abstract decoded to compare).
        assert_eq!(loaded.papers[..], corpus.papers[..]);
        assert_eq!(loaded.papers[..], built.papers[..]);
        assert_eq!(
            loaded.papers[0].abstract_text.get(),
            Some("We study \"topic\" 0: ünïcode and more.")
        );
        assert!(!loaded.papers[0].abstract_text.is_deferred());
        assert_eq!(
            loaded.papers[1].passage(),
            corpus.papers[1].passage(),
            "the passage reads the decoded text"
        );
        assert_eq!(
            serde_json::to_string(&loaded.papers[..]).unwrap(),
            serde_json::to_string(&corpus.papers).unwrap()
        );
    }

    #[test]
    fn a_big_lists_papers_are_read_from_their_binary_copy_as_written() {
        // Enough abstracts for a papers.json past the size that gets a binary copy.
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.md");
        let mut text = String::from("# Reading\n\n## Retrieval\n\n");
        let words = "dense sparse retrieval ranking \"index\" graph ünïcode 検索 ";
        for i in 0..2600 {
            text.push_str(&format!(
                "- [{}] [2024/01] [Paper {i} on topic {}](https://arxiv.org/abs/2401.{i:05}) [Blog](https://blog.example/{i})\n",
                if i % 3 == 0 { "x" } else { " " },
                i % 7
            ));
            if i % 5 != 4 {
                text.push_str(&format!("> {} {i}\n", words.repeat(30)));
            }
        }
        std::fs::write(&list, text).unwrap();
        let corpus = crate::corpus::Corpus::load(&list).unwrap();
        let stamp = crate::index::ModelStamp::for_tests();
        let embedder = crate::embed::HashEmbedder { dimension: 8 };
        let ix_dir = dir.path().join("ix");
        let (built, _) =
            crate::index::build(&corpus, None, &embedder, stamp, &ix_dir, &mut |_, _| {}).unwrap();
        let gen = current_generation(&ix_dir).unwrap().unwrap();
        let json_size = std::fs::metadata(gen.join(PAPERS)).unwrap().len() as usize;
        assert!(
            json_size >= papers_binary::BINARY_ABOVE,
            "{json_size} bytes"
        );
        let copy = gen.join("cache-papers.bin");
        assert!(
            !copy.exists(),
            "a build leaves the copy to `keep_papers_copy`"
        );
        keep_papers_copy(&ix_dir);
        assert!(copy.is_file());
        std::fs::remove_file(&copy).unwrap();

        // The first load parses the JSON and leaves the copy; the next ones read it.
        let parsed = load(&ix_dir).unwrap();
        assert!(copy.is_file());
        let from_copy = load(&ix_dir).unwrap();
        // Read through the copy, a paper is decoded when asked for, the others not.
        assert_eq!(from_copy.papers.len(), 2600);
        assert_eq!(
            format!("{:?}", from_copy.papers),
            "Papers { len: 2600, decoded: false }"
        );
        assert_eq!(from_copy.papers[3], corpus.papers[3]);
        assert_eq!(from_copy.papers.get(2599), corpus.papers.get(2599));
        assert!(from_copy.papers.get(2600).is_none());
        assert_eq!(
            from_copy.papers.position_of_id(&corpus.papers[1234].id),
            Some(1234)
        );
        assert_eq!(from_copy.papers.position_of_id("2401.99999"), None);
        for i in 0..2600 {
            assert_eq!(
                from_copy.papers.has_abstract(i),
                corpus.papers[i].has_abstract()
            );
            assert_eq!(
                from_copy.papers.keys(i),
                Some(PaperKeys::of(&corpus.papers[i]))
            );
        }
        assert!(from_copy.papers.keys(2600).is_none());
        assert_eq!(
            from_copy.papers.extra_fields(),
            super::super::papers::extra_fields(&corpus.papers)
        );
        assert_eq!(
            parsed.papers.extra_fields(),
            from_copy.papers.extra_fields()
        );
        assert_eq!(
            format!("{:?}", from_copy.papers),
            "Papers { len: 2600, decoded: false }"
        );
        for loaded in [&parsed, &from_copy] {
            assert_eq!(loaded.papers.len(), 2600);
            assert!(loaded
                .papers
                .iter()
                .filter(|p| p.has_abstract())
                .all(|p| p.abstract_text.is_deferred()));
            assert!(!loaded.passage_hashes.is_parsed());
        }
        assert_eq!(from_copy.papers[..], corpus.papers[..]);
        assert_eq!(from_copy.papers[..], parsed.papers[..]);
        assert_eq!(&*from_copy.passage_hashes, &*built.passage_hashes);
        assert_eq!(
            serde_json::to_string(&from_copy.papers[..]).unwrap(),
            serde_json::to_string(&corpus.papers).unwrap()
        );
        // The list's other fields are there to be copied.
        let p = &from_copy.papers[3];
        assert_eq!(
            (p.checked, p.date.as_deref(), p.heading.as_deref()),
            (true, Some("2024/01"), Some("Retrieval"))
        );
        assert_eq!(p.extra_links, ["https://blog.example/3"]);
        assert!(!from_copy.papers[4].checked);

        // A damaged copy is ignored: the JSON is parsed again, and the copy made anew.
        let mut bytes = std::fs::read(&copy).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x55;
        std::fs::write(&copy, &bytes).unwrap();
        let again = load(&ix_dir).unwrap();
        assert_eq!(again.papers[..], corpus.papers[..]);
        assert_ne!(std::fs::read(&copy).unwrap(), bytes, "made anew");
        assert_eq!(load(&ix_dir).unwrap().papers[..], corpus.papers[..]);
    }

    #[test]
    fn every_field_of_a_paper_survives_the_binary_copy() {
        use crate::corpus::paper::{Abstract, AbstractSource};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("papers.json");
        let json = r#"["An \"abstract\" é","  ",["h1","h2"]]"#;
        std::fs::write(&path, json).unwrap();
        let file = crate::column::Mapped::open(&path).unwrap();
        let full = Paper {
            id: "2401.00001".into(),
            title: "Ünïcode title".into(),
            url: "https://arxiv.org/abs/2401.00001".into(),
            abstract_text: Abstract::deferred(file.clone(), 1, 20, true),
            date: Some("2024/01".into()),
            alias: Some("UT".into()),
            heading: Some("검색".into()),
            category: Some("cs.IR".into()),
            lines: vec![3, 90],
            extra_links: vec!["https://blog".into()],
            checked: true,
            urls: vec![
                "https://arxiv.org/abs/2401.00001".into(),
                "https://doi.org/10.1/x".into(),
            ],
            ids: vec!["2401.00001".into(), "10.1/x".into(), "key2024".into()],
            keywords: vec!["retrieval".into()],
            authors: vec!["Doe, Jane".into(), "Roe, R.".into()],
            venue: Some("SIGIR".into()),
            abstract_source: Some(AbstractSource::Openalex),
            read_on: Some("2026-11-20".into()),
        };
        let blank = Paper {
            abstract_text: Abstract::deferred(file.clone(), 22, 4, false),
            ..Paper::default()
        };
        let papers = vec![full, blank, Paper::default()];
        let copy = papers_binary::encode(&papers, (27, 11)).unwrap();
        // The copy as a command reads it: mapped from its own file.
        let open = |bytes: &[u8], n: usize| {
            let at = dir.path().join("copy.bin");
            std::fs::write(&at, bytes).unwrap();
            let mapped = crate::column::Mapped::open(&at).unwrap();
            papers_binary::Copy::open(mapped, 0, bytes.len(), file.clone(), n)
        };
        let c = open(&copy, 3).unwrap();
        assert_eq!(c.hashes(), (27, 11));
        assert_eq!(
            c.extra_fields(),
            super::super::papers::extra_fields(&papers)
        );
        let back = c.all().unwrap();
        assert_eq!(back, papers);
        assert_eq!(c.paper(1).as_ref(), Some(&papers[1]));
        for (i, p) in papers.iter().enumerate() {
            assert_eq!(c.keys(i), Some(PaperKeys::of(p)));
        }
        assert!(c.keys(3).is_none());
        assert!(c.paper(3).is_none());
        assert_eq!(
            (c.id(0), c.id(2), c.id(3)),
            (Some("2401.00001"), Some(""), None)
        );
        assert_eq!(
            (0..4).map(|i| c.has_abstract(i)).collect::<Vec<_>>(),
            [true, false, false, false]
        );
        assert_eq!(back[0].abstract_text.get(), Some("An \"abstract\" é"));
        assert!(!back[1].abstract_text.has_text() && back[1].abstract_text.is_some());
        assert!(back[2].abstract_text.is_none());
        // Another count, a cut copy, trailing bytes or a span outside the file: no papers.
        assert!(open(&copy, 2).is_none());
        assert!(open(&copy[..copy.len() - 1], 3).is_none());
        let mut longer = copy.clone();
        longer.push(0);
        assert!(open(&longer, 3).is_none());
        let far = Paper {
            abstract_text: Abstract::deferred(file.clone(), 30, 40, true),
            ..Paper::default()
        };
        let bad = papers_binary::encode(&[far], (0, 0)).unwrap();
        let undecodable = || open(&bad, 1).unwrap();
        assert!(undecodable().paper(0).is_none() && undecodable().all().is_none());
        // Papers whose copy does not decode are read again from the file of record;
        // should that fail too, a placeholder says what to do (no panic).
        let again = Paper {
            id: "reread".into(),
            ..Paper::default()
        };
        let given = again.clone();
        let lazy = Papers::lazy(undecodable(), Box::new(move || Some(vec![given.clone()])));
        assert_eq!(lazy[0], again);
        let lost = Papers::lazy(undecodable(), Box::new(|| None));
        assert!(lost[0].title.contains("readnext index --rebuild"));
        assert_eq!(lost.len(), 1);
        // An abstract that does not lie in the file has no copy.
        let text = Paper {
            abstract_text: "in memory".into(),
            ..Paper::default()
        };
        assert!(papers_binary::encode(&[text], (0, 0)).is_none());
    }

    #[test]
    fn a_generation_held_by_a_reader_is_not_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let gen = tmp.path().join("gen-1");
        std::fs::create_dir_all(&gen).unwrap();
        std::fs::write(gen.join(MANIFEST), b"{}").unwrap();
        std::fs::write(gen.join(PAPERS), b"[]").unwrap();

        let held = hold(&gen).unwrap().expect("the generation is there");
        assert!(!remove_generation(&gen), "a held generation must stay");
        assert!(gen.join(PAPERS).is_file());

        drop(held);
        assert!(remove_generation(&gen));
        assert!(!gen.exists());
        assert!(
            hold(&gen).unwrap().is_none(),
            "a removed generation cannot be held"
        );
    }
}
