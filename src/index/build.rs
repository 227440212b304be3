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
    let dim = embedder.dimension();
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
    let mut rows: Vec<Option<Vec<f32>>> = hashes
        .iter()
        .map(|h| known.get(h.as_str()).map(|v| v.to_vec()))
        .collect();
    let todo: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].is_none()).collect();
    let reused = rows.len() - todo.len();
    progress(0, todo.len());
    for (done, chunk) in todo.chunks(CHUNK).enumerate() {
        let texts: Vec<&str> = chunk.iter().map(|&i| passages[i].as_str()).collect();
        let vecs = embedder.embed(&texts)?;
        if vecs.len() != texts.len() || vecs.iter().any(|v| v.len() != dim) {
            return Err(Error::Embed(
                "the embedder returned vectors of the wrong shape".into(),
            ));
        }
        for (&i, v) in chunk.iter().zip(vecs) {
            rows[i] = Some(v);
        }
        progress((done * CHUNK + chunk.len()).min(todo.len()), todo.len());
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
    let stats = BuildStats {
        papers: corpus.papers.len(),
        embedded: todo.len(),
        reused,
        removed,
    };
    Ok((
        Index {
            dir: dir.to_path_buf(),
            manifest,
            papers: corpus.papers.clone(),
            passage_hashes: hashes,
            vectors,
            ann,
            generation: Some(generation),
        },
        stats,
    ))
}
