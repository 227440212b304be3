//! Incremental index builds: only new or changed passages are embedded; vectors of
//! unchanged passages are reused from the previous generation when it was built with
//! the same model; papers no longer in the list leave.

use super::manifest::{HnswParams, Manifest, ModelStamp, INDEX_FORMAT_VERSION, PASSAGE_FORMAT};
use super::store::{self, NewGeneration};
use super::{passage_hash, Ann, Index, Vectors};
use crate::corpus::Corpus;
use crate::embed::Embedder;
use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Texts embedded per progress step.
const CHUNK: usize = 256;

/// What a build did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BuildStats {
    pub papers: usize,
    pub embedded: usize,
    pub reused: usize,
    pub removed: usize,
    /// Vectors taken from the checkpoint of an interrupted build.
    pub resumed: usize,
    /// Nothing changed: the previous generation was kept as it is (no generation written).
    pub up_to_date: bool,
}

/// Whether `previous` already indexes `corpus` exactly with `model`: the same papers
/// (every field, in order), passages and vectors from the same model and precision.
/// Then there is nothing to embed or write, and `index` keeps the live generation.
pub fn is_up_to_date(corpus: &Corpus, previous: &Index, model: &ModelStamp, dim: usize) -> bool {
    same_passages(corpus, previous, model, dim)
        && previous.papers[..] == corpus.papers[..]
        && previous
            .passage_hashes
            .iter()
            .zip(&corpus.papers)
            .all(|(h, p)| *h == passage_hash(&p.passage()))
}

/// Whether `previous` holds `corpus`'s ids and passages, in order, embedded by `model`
/// (whatever their other fields): then [`relabel`] makes its generation `corpus`'s.
pub fn same_passages(corpus: &Corpus, previous: &Index, model: &ModelStamp, dim: usize) -> bool {
    previous.manifest.model == *model
        && previous.manifest.dimension == dim
        && previous.manifest.corpus_hash == corpus.content_hash()
        && previous.papers.len() == corpus.papers.len()
        && previous.passage_hashes.len() == corpus.papers.len()
}

/// The live index `live`, whose ids and passages are `corpus`'s ([`same_passages`]),
/// written again as a generation of `corpus`'s papers ([`store::relabel`]: no passage
/// embedded, no graph built) and loaded. The caller holds the writer lock.
pub fn relabel(corpus: &Corpus, live: &Index, dir: &Path) -> Result<Index> {
    store::relabel(dir, live, &corpus.papers, &corpus.path)?;
    store::load(dir)
}

/// How a build may be stopped and resumed.
#[derive(Default)]
pub struct BuildControl<'a> {
    /// Set (to the signal's number) when the build should stop; checked between batches.
    pub stop: Option<&'a std::sync::atomic::AtomicUsize>,
    /// Keep embedded vectors in a checkpoint so an interrupted build resumes.
    pub checkpoint: bool,
}

/// The key of what vectors depend on, for the checkpoint.
fn model_key(m: &ModelStamp) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        m.id,
        m.weights_sha256,
        m.precision.as_str(),
        m.prefixes.query,
        m.prefixes.passage
    )
}

/// Build (or update) the index for `corpus` in `dir` and return it loaded.
/// `previous` is reused when it was built with the same model and dimension.
/// `progress(done, total)` is called as passages are embedded.
pub fn build(
    corpus: &Corpus,
    previous: Option<&Index>,
    embedder: &dyn Embedder,
    model: ModelStamp,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Index, BuildStats)> {
    build_with(
        corpus,
        previous,
        embedder,
        model,
        dir,
        progress,
        &BuildControl::default(),
    )
}

/// As [`build`], stoppable between batches and resumable through a checkpoint
/// ([`super::checkpoint`]): a stopped build returns [`Error::Interrupted`] with every
/// embedded batch durable in the checkpoint and the previous generation current.
pub fn build_with(
    corpus: &Corpus,
    previous: Option<&Index>,
    embedder: &dyn Embedder,
    model: ModelStamp,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
    control: &BuildControl<'_>,
) -> Result<(Index, BuildStats)> {
    let dim = embedder.dimension();
    // Only fields outside the passages changed (a line, a link, a read mark): the
    // vectors and the graph stay as they are.
    if let Some(live) = previous.filter(|p| same_passages(corpus, p, &model, dim)) {
        let ix = relabel(corpus, live, dir)?;
        if control.checkpoint {
            super::checkpoint::remove(dir);
        }
        let n = corpus.papers.len();
        return Ok((
            ix,
            BuildStats {
                papers: n,
                reused: n,
                ..BuildStats::default()
            },
        ));
    }
    let key = model_key(&model);
    let saved = if control.checkpoint {
        super::checkpoint::read(dir, &key, dim)
    } else {
        Default::default()
    };
    let passages: Vec<String> = corpus.papers.iter().map(|p| p.passage()).collect();
    let hashes: Vec<String> = passages.iter().map(|p| passage_hash(p)).collect();

    let mut known: HashMap<&str, &[f32]> = HashMap::new();
    if let Some(prev) =
        previous.filter(|p| p.manifest.model == model && p.manifest.dimension == dim)
    {
        for (i, h) in prev.passage_hashes.iter().enumerate() {
            known.insert(h.as_str(), prev.vectors.row(i));
        }
    }
    let mut resumed = 0;
    let mut rows: Vec<Option<Vec<f32>>> = hashes
        .iter()
        .map(|h| match known.get(h.as_str()) {
            Some(v) => Some(v.to_vec()),
            None => saved.vectors.get(h).filter(|v| v.len() == dim).map(|v| {
                resumed += 1;
                v.clone()
            }),
        })
        .collect();
    let todo: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].is_none()).collect();
    let reused = rows.len() - todo.len() - resumed;
    let mut checkpoint = if control.checkpoint && !todo.is_empty() {
        Some(super::checkpoint::Checkpoint::open(
            dir,
            &key,
            dim,
            saved.records,
        )?)
    } else {
        None
    };
    let stopped = || {
        control
            .stop
            .map(|s| s.load(std::sync::atomic::Ordering::SeqCst))
            .filter(|&s| s != 0)
    };
    progress(0, todo.len());
    for (done, chunk) in todo.chunks(CHUNK).enumerate() {
        if let Some(signal) = stopped() {
            return Err(interrupted(
                signal,
                done * CHUNK,
                todo.len(),
                control.checkpoint,
            ));
        }
        let texts: Vec<&str> = chunk.iter().map(|&i| passages[i].as_str()).collect();
        let vecs = embedder.embed(&texts)?;
        if vecs.len() != texts.len() || vecs.iter().any(|v| v.len() != dim) {
            return Err(Error::Embed(
                "the embedder returned vectors of the wrong shape".into(),
            ));
        }
        if let Some(c) = checkpoint.as_mut() {
            let batch: Vec<(&str, &[f32])> = chunk
                .iter()
                .zip(&vecs)
                .map(|(&i, v)| (hashes[i].as_str(), v.as_slice()))
                .collect();
            c.append(dir, &batch)?;
        }
        for (&i, v) in chunk.iter().zip(vecs) {
            rows[i] = Some(v);
        }
        progress((done * CHUNK + chunk.len()).min(todo.len()), todo.len());
    }
    if let Some(signal) = stopped() {
        return Err(interrupted(
            signal,
            todo.len(),
            todo.len(),
            control.checkpoint,
        ));
    }
    let rows: Vec<Vec<f32>> = rows.into_iter().map(Option::unwrap_or_default).collect();
    let vectors = Vectors::from_rows(dim, &rows);
    let ann = Ann::build(&rows);

    let removed = previous
        .map(|p| {
            let now: HashSet<&str> = corpus.papers.iter().map(|p| p.id.as_str()).collect();
            p.papers
                .iter()
                .filter(|q| !now.contains(q.id.as_str()))
                .count()
        })
        .unwrap_or(0);

    let manifest = Manifest {
        format_version: INDEX_FORMAT_VERSION,
        readnext_version: env!("CARGO_PKG_VERSION").to_string(),
        model,
        dimension: dim,
        normalized: true,
        passage_format: PASSAGE_FORMAT.to_string(),
        list: corpus.path.display().to_string(),
        corpus_hash: corpus.content_hash(),
        papers: corpus.papers.len(),
        hnsw: HnswParams {
            max_connections: 0,
            ef_construction: 0,
            max_layers: 0,
        },
        graph_basename: String::new(),
        files: BTreeMap::new(),
    };
    let (manifest, generation) = store::write(
        dir,
        NewGeneration {
            manifest,
            papers: &corpus.papers,
            passage_hashes: &hashes,
            vectors: &vectors,
            ann: &ann,
        },
    )?;
    if control.checkpoint {
        super::checkpoint::remove(dir);
    }
    let stats = BuildStats {
        papers: corpus.papers.len(),
        embedded: todo.len(),
        reused,
        removed,
        resumed,
        up_to_date: false,
    };
    Ok((
        Index {
            dir: dir.to_path_buf(),
            manifest,
            papers: corpus.papers.clone().into(),
            passage_hashes: hashes.into(),
            vectors,
            ann: super::LazyAnn::ready(ann),
            generation: Some(generation),
        },
        stats,
    ))
}

/// The error of a build stopped by `signal` after `done` of `total` new passages.
fn interrupted(signal: usize, done: usize, total: usize, kept: bool) -> Error {
    let name = match signal {
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "a signal",
    };
    Error::Interrupted {
        signal: signal as i32,
        message: format!(
            "stopped by {name} after embedding {done} of {total} new passages; {}the index is as it was before this build",
            if kept {
                "they are kept in the checkpoint and `readnext index` continues from there; "
            } else {
                ""
            }
        ),
    }
}
