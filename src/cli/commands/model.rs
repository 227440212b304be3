//! `readnext model fetch` and `readnext model info`.

use crate::cli::args::ModelInfoArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::embed::config::{Pooling, SentenceConfig};
use readnext::model::{self, verify};
use readnext::output::{self, Table};
use serde::Serialize;

#[derive(Serialize)]
struct FileInfo {
    path: String,
    location: String,
    size: u64,
    sha256: String,
    pinned: bool,
}

#[derive(Serialize)]
struct ModelInfo {
    id: String,
    revision: Option<String>,
    source: String,
    verified: bool,
    dimension: Option<usize>,
    pooling: String,
    max_seq_length: usize,
    normalize: bool,
    /// Whether the weights are readnext's derivation, not the original's.
    derived: bool,
    /// What a user must know about derived weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    /// Text prefixes the model expects (applied by readnext).
    #[serde(skip_serializing_if = "Option::is_none")]
    prefixes: Option<readnext::model::registry::Prefixes>,
    /// How the model's cosines spread (ranking puts them on the default model's scale).
    #[serde(skip_serializing_if = "Option::is_none")]
    cosine: Option<readnext::model::registry::CosineSpread>,
    files: Vec<FileInfo>,
}

pub fn fetch(ctx: &Ctx) -> Result<Outcome> {
    let files = ctx.fetch_model()?;
    let dir = files
        .file("model.safetensors")
        .and_then(|p| p.parent())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "id": files.id,
            "source": files.source,
            "dir": dir,
            "verified": files.verified,
            "weights_sha256": files.weights_sha256,
        })))?;
    } else {
        ctx.print(&format!(
            "{} ready in {} (from {}, {})\n",
            files.id,
            dir,
            files.source,
            if files.verified {
                "sha256 verified"
            } else {
                "not pinned: unverified"
            }
        ))?;
    }
    Ok(Outcome::Found)
}

pub fn info(ctx: &Ctx, args: &ModelInfoArgs) -> Result<Outcome> {
    let mut opts = ctx.model_options();
    opts.force_verify = args.verify;
    opts.offline = true;
    let quiet = ctx.g.quiet;
    let files = model::locate(&opts, &move |m: &str| {
        if !quiet {
            eprintln!("{m}")
        }
    })?;
    let cache = opts.cache_dir.clone();
    let mut list = Vec::new();
    for (rel, path) in &files.files {
        let pin = files
            .spec
            .as_ref()
            .and_then(|s| s.pins_for(files.derived).iter().find(|f| &f.path == rel))
            .filter(|p| p.is_pinned());
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let sha = match pin.and_then(|p| p.sha256.clone()) {
            Some(sha) => sha,
            None => verify::file_sha256(path, cache.as_deref(), args.verify)?,
        };
        list.push(FileInfo {
            path: rel.clone(),
            location: path.display().to_string(),
            size,
            sha256: sha,
            pinned: pin.is_some(),
        });
    }
    // The model's own position limit bounds max_seq_length (BERT's 512 when unreadable).
    let max_pos = files
        .file("config.json")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["max_position_embeddings"].as_u64())
        .map_or(512, |n| n as usize);
    let sc = SentenceConfig::read(
        &files.id,
        files.file("1_Pooling/config.json"),
        files.file("sentence_bert_config.json"),
        files.file("modules.json"),
        max_pos,
    )?;
    let info = ModelInfo {
        id: files.id.clone(),
        revision: files.spec.as_ref().map(|s| s.revision.clone()),
        source: files.source.to_string(),
        verified: files.verified,
        dimension: files.spec.as_ref().map(|s| s.dimension),
        pooling: match sc.pooling {
            Pooling::Mean => "mean",
            Pooling::Cls => "cls",
            Pooling::Max => "max",
        }
        .to_string(),
        max_seq_length: sc.max_seq_length,
        normalize: sc.normalize,
        derived: files.derived,
        note: files
            .spec
            .as_ref()
            .and_then(|s| s.derived.as_ref())
            .filter(|_| files.derived)
            .map(|d| d.note.clone()),
        prefixes: files
            .spec
            .as_ref()
            .map(|s| s.prefixes.clone())
            .filter(|p| !p.is_empty()),
        cosine: files.spec.as_ref().and_then(|s| s.cosine),
        files: list,
    };
    if ctx.g.json {
        ctx.print(&output::json(&info))?;
    } else {
        ctx.print(&format!(
            "model     {}\nrevision  {}\nsource    {}\nverified  {}\npooling   {}, max_seq_length {}, normalize {}\n",
            info.id,
            info.revision.as_deref().unwrap_or("-"),
            info.source,
            info.verified,
            info.pooling,
            info.max_seq_length,
            info.normalize
        ))?;
        if let Some(p) = &info.prefixes {
            ctx.print(&format!(
                "prefixes  query {:?}, passage {:?}\n",
                p.query, p.passage
            ))?;
        }
        if let Some(c) = &info.cosine {
            let scale = if info.id == readnext::model::registry::default_model() {
                "the scale ranking's weights were fitted to"
            } else {
                "ranking puts them on the default model's scale"
            };
            ctx.print(&format!(
                "cosine    mean {:.4}, sd {:.4} between unrelated passages ({scale})\n",
                c.mean, c.sd
            ))?;
        }
        if let Some(note) = &info.note {
            ctx.print(&format!("derived   {note}\n"))?;
        }
        ctx.print("\n")?;
        let mut t = Table::new(&["file", "size", "sha256", "location"]).right(1);
        for f in &info.files {
            t.row(vec![
                f.path.clone(),
                f.size.to_string(),
                f.sha256.clone(),
                f.location.clone(),
            ]);
        }
        ctx.print(&t.render())?;
    }
    Ok(Outcome::Found)
}
