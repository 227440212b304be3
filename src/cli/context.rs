//! What every command needs: the list, the model, the index, and a place to report
//! progress (stderr, only when it is a terminal, never with --quiet).

use super::args::Global;
use anyhow::{bail, Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use readnext::corpus::{Corpus, Format, Warning};
use readnext::embed::Precision;
use readnext::embed::{bf16, BertEmbedder, Embedder};
use readnext::index::{self, store, BuildStats, Index, ModelStamp};
use readnext::model::{self, ModelFiles, ModelOptions};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Papers an error about an unmatched reference lists by meaning.
const CLOSEST_IN_MEANING: usize = 5;

/// The default list, used when no --list is given.
pub const DEFAULT_LIST: &str = "data/papers.md";

pub struct Ctx {
    pub g: Global,
    /// Standard input, read once, when the list is `-`.
    stdin: std::sync::OnceLock<Vec<u8>>,
    /// The index folder, decided once (it may move an old index or fall back to the cache).
    index_dir: std::sync::OnceLock<PathBuf>,
}

/// The signal (SIGINT 2, SIGTERM 15) that asked an index build to stop, 0 while none
/// did. The handlers are installed on first use (only builds stop between batches); a
/// second signal while the first is honoured ends the process at once (the default
/// action), with every batch already durable in the checkpoint.
fn stop_on_signal() -> &'static std::sync::atomic::AtomicUsize {
    &signal_flags().0
}

/// The handlers' flags: which signal came (0: none) and whether the next one takes
/// the default action.
fn signal_flags() -> &'static (
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::sync::atomic::{AtomicBool, AtomicUsize};
    use std::sync::{Arc, OnceLock};
    static FLAGS: OnceLock<(Arc<AtomicUsize>, Arc<AtomicBool>)> = OnceLock::new();
    FLAGS.get_or_init(|| {
        let which = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(AtomicBool::new(false));
        for sig in [SIGINT, SIGTERM] {
            // Registration fails only for forbidden signals; these two are not, and a
            // failure would only mean the default action (immediate exit) stays.
            let _ = signal_hook::flag::register_conditional_default(sig, Arc::clone(&seen));
            let _ = signal_hook::flag::register(sig, Arc::clone(&seen));
            let _ = signal_hook::flag::register_usize(sig, Arc::clone(&which), sig as usize);
        }
        (which, seen)
    })
}

/// From now on SIGINT and SIGTERM end the process at once (their default action): for
/// the work after a generation is current (the relatedness graph, hubness, topics:
/// caches, each written atomically, that any later command makes when missing), so
/// stopping there loses nothing. Returns the signal that already asked to stop, if
/// one did while the generation was being written.
pub fn signals_end_the_process() -> Option<i32> {
    use std::sync::atomic::Ordering;
    let (which, seen) = signal_flags();
    seen.store(true, Ordering::SeqCst);
    match which.load(Ordering::SeqCst) {
        0 => None,
        sig => i32::try_from(sig).ok(),
    }
}

/// The index of a command whose answer is given: left to the process's exit (which
/// frees it whole) instead of freeing a big list's papers one by one (about a tenth of
/// `search` at 88,907 papers). It holds only memory and read-only mappings; every lock
/// was released when it was loaded.
pub fn exiting_with(ix: Index) {
    std::mem::forget(ix);
}

/// `--list -`: the list comes on standard input.
pub fn is_stdin(p: &std::path::Path) -> bool {
    p.as_os_str() == "-"
}

/// A short stable hex key of some bytes (sha256, first 16 digits).
fn short_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))[..16].to_string()
}

impl Ctx {
    pub fn new(g: Global) -> Ctx {
        Ctx {
            g,
            stdin: std::sync::OnceLock::new(),
            index_dir: std::sync::OnceLock::new(),
        }
    }

    fn stdin_bytes(&self) -> Result<&[u8]> {
        if let Some(b) = self.stdin.get() {
            return Ok(b);
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read the list from standard input")?;
        Ok(self.stdin.get_or_init(|| bytes))
    }

    /// A one-line status message on stderr (suppressed by --quiet).
    pub fn note(&self, msg: &str) {
        if !self.g.quiet {
            eprintln!("{}", terminal_safe(msg));
        }
    }

    /// Says when `--precision bf16` was asked for on a CPU without AMX tiles: there it
    /// multiplies through the f32 products (no faster than f32, a little less exact).
    pub fn note_precision(&self, precision: Option<Precision>) {
        if precision == Some(Precision::Bf16) && bf16::kernel() != bf16::Kernel::Amx {
            self.note("readnext: this CPU (or its kernel) offers no AMX tiles, so bf16 runs on the f32 products here: no faster than f32 and a little less exact (f32 is exact; int8 is faster)");
        }
    }

    /// A progress bar on stderr, drawn only when stderr is a terminal.
    pub fn bar(&self, total: u64, what: &str) -> ProgressBar {
        let target = if !self.g.quiet && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total), target);
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        bar
    }

    /// Write to stdout; a closed pipe surfaces as an io error the caller maps to exit 0.
    pub fn print(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(terminal_safe(text).as_bytes())?;
        out.flush()?;
        Ok(())
    }

    pub fn list_path(&self) -> Result<PathBuf> {
        match &self.g.list {
            Some(p) => Ok(p.clone()),
            None => {
                let p = PathBuf::from(DEFAULT_LIST);
                if !p.exists() {
                    bail!("no reading list: {DEFAULT_LIST} is not here; pass --list PATH");
                }
                Ok(p)
            }
        }
    }

    /// The list, parsed; what was skipped is said on stderr (unless --quiet). A list on
    /// standard input (`--list -`) is named `stdin.<format>` in messages.
    pub fn corpus(&self) -> Result<Corpus> {
        let path = self.list_path()?;
        let mut corpus = if is_stdin(&path) {
            let bytes = self.stdin_bytes()?;
            let format = Format::sniff(bytes);
            let gz = if readnext::corpus::is_gzip(bytes) {
                ".gz"
            } else {
                ""
            };
            let name = format!("stdin.{}{gz}", format.extension());
            Corpus::from_bytes(std::path::Path::new(&name), format, bytes)?
        } else {
            Corpus::load(&path)?
        };
        // Abstracts found by `readnext enrich`, kept beside the index.
        let cache = self.enrich_cache(&corpus.path);
        let found = readnext::corpus::enrich::read_cache(&cache)?;
        readnext::corpus::enrich::apply(&mut corpus.papers, &found);
        self.warn_skipped(&corpus);
        Ok(corpus)
    }

    /// Say on stderr what reading `corpus` skipped (a broken BibTeX entry, an untitled
    /// record), each with its file and line.
    pub fn warn_skipped(&self, corpus: &Corpus) {
        for w in &corpus.warnings {
            self.note(&format!("readnext: warning: {}", w.shown(&corpus.path)));
        }
    }

    /// Read a list other than the one indexed (a pool, an `enrich --from` file), saying
    /// what it skipped.
    pub fn load_other(&self, path: &std::path::Path) -> Result<Corpus> {
        let corpus = Corpus::load(path)?;
        self.warn_skipped(&corpus);
        Ok(corpus)
    }

    /// The model the list's index was built with, if there is an index (a list on
    /// standard input counts only once its index folder is known).
    fn indexed_model(&self) -> Option<String> {
        let list = self.list_path().ok()?;
        let dir = match (&self.g.index_dir, self.index_dir.get()) {
            (Some(d), _) => d.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) if is_stdin(&list) => return None,
            (None, None) => self.index_dir(&list),
        };
        store::read_manifest(&dir).ok().map(|m| m.model.id)
    }

    /// Which model, and where to look for it: `--model`, else the model the list's index
    /// was built with (so `index --model X` is not repeated), else the default.
    pub fn model_options(&self) -> ModelOptions {
        let mut o = ModelOptions::default();
        if let Some(m) = self.g.model.clone().or_else(|| self.indexed_model()) {
            o.model = m;
        }
        o.model_dir = self.g.model_dir.clone();
        o.offline = self.g.offline;
        o.fetch = self.g.fetch_model;
        o
    }

    pub fn model_id(&self) -> String {
        let opts = self.model_options();
        match model::registry::lookup(&opts.model) {
            Ok(Some(spec)) => spec.id,
            _ => opts.model,
        }
    }

    pub fn locate_model(&self) -> Result<ModelFiles> {
        self.locate_model_with(self.model_options())
    }

    /// As [`Ctx::locate_model`], going online when the model is not here (unless
    /// --offline): what `readnext model fetch` asks for.
    pub fn fetch_model(&self) -> Result<ModelFiles> {
        let mut o = self.model_options();
        o.fetch = !self.g.offline;
        self.locate_model_with(o)
    }

    fn locate_model_with(&self, opts: ModelOptions) -> Result<ModelFiles> {
        let quiet = self.g.quiet;
        let report = move |m: &str| {
            if !quiet {
                eprintln!("{m}");
            }
        };
        Ok(model::locate(&opts, &report)?)
    }

    /// Say on stderr how a query in Korean is read: the English the glossary found
    /// for its terms, and, when the model reads English only and the glossary knew
    /// less than half of the Korean, that the multilingual model reads the rest.
    pub fn note_language(&self, text: &str, files: &ModelFiles) {
        let english_only = files.spec.as_ref().is_some_and(|s| !s.multilingual);
        let r = readnext::lexical::glossary::render(text);
        if !r.english.is_empty() {
            self.note(&format!(
                "readnext: the Korean terms read as \"{}\" (readnext's glossary, README \"Korean\")",
                r.text()
            ));
        }
        let little_known = 2 * r.covered < r.hangul;
        if english_only
            && readnext::lexical::analyze::mostly_non_latin(text)
            && (r.hangul == 0 || little_known)
        {
            self.note(&format!(
                "readnext: note: {} reads English only, so a query mostly in another script matches little beyond the terms readnext's glossary knows; for Korean, index with the multilingual model: `readnext index --model multilingual-e5-small` (README, \"Korean\")",
                files.id
            ));
        }
    }

    /// A free-text query's vector as `search` embeds it: at the index's `precision`, a
    /// Korean query in its glossary form ([`readnext::rank::query_text::dense`]); says
    /// on stderr how the query's Korean was read.
    pub fn embed_text_query(
        &self,
        embedder: BertEmbedder,
        files: &ModelFiles,
        precision: Precision,
        text: &str,
    ) -> Result<Vec<f32>> {
        self.note_language(text, files);
        let embedder = embedder.with_precision(precision);
        let multilingual = files.spec.as_ref().is_some_and(|s| s.multilingual);
        let words = readnext::rank::query_text::dense(text, multilingual);
        let vector = embedder
            .embed_queries(&[words.as_ref()])?
            .pop()
            .unwrap_or_default();
        // Both callers answer and exit: the tokenizer is left to the exit, as the index
        // is ([`exiting_with`]).
        embedder.finish_for_exit();
        Ok(vector)
    }

    pub fn embedder(&self) -> Result<(BertEmbedder, ModelFiles)> {
        let files = self.locate_model()?;
        let e = BertEmbedder::load(&files)?;
        Ok((e, files))
    }

    /// The list's index folder: --index-dir, else `.readnext/<list file name>/` beside the
    /// list (an index of the old shared `.readnext/` layout that this list built is moved
    /// there first, once). A list on standard input, or one whose folder cannot be
    /// written, is indexed in the user cache (`…/readnext/lists/`), said once on stderr.
    pub fn index_dir(&self, list: &std::path::Path) -> PathBuf {
        if let Some(dir) = &self.g.index_dir {
            return dir.clone();
        }
        self.index_dir
            .get_or_init(|| self.choose_index_dir(list))
            .clone()
    }

    fn cache_lists(&self) -> Option<PathBuf> {
        model::default_cache_dir().map(|d| d.join("lists"))
    }

    fn choose_index_dir(&self, list: &std::path::Path) -> PathBuf {
        let stdin = self.g.list.as_deref().is_some_and(is_stdin);
        if stdin {
            let key = self.stdin_bytes().map(short_hash).unwrap_or_default();
            if let Some(c) = self.cache_lists() {
                return c.join(format!("stdin-{key}"));
            }
        }
        match index::layout::adopt_old_layout(list) {
            Ok(index::layout::Adopted::Moved { to }) => self.note(&format!(
                "readnext: moved the index of {} into {} (one index and history per list)",
                list.display(),
                to.display()
            )),
            Ok(index::layout::Adopted::Nothing) => {}
            Err(e) => self.note(&format!("readnext: warning: {e}")),
        }
        let dir = index::default_dir(list);
        if dir.join("CURRENT").exists() || std::fs::create_dir_all(&dir).is_ok() {
            return dir;
        }
        // The list's folder is read-only: the user cache, keyed by the list's full path.
        let abs = std::fs::canonicalize(list).unwrap_or_else(|_| list.to_path_buf());
        let name = list
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.cache_lists() {
            Some(c) => {
                let fallback = c.join(format!(
                    "{}-{name}",
                    short_hash(abs.as_os_str().as_encoded_bytes())
                ));
                self.note(&format!(
                    "readnext: {} cannot be written; the index of {} goes to {}",
                    dir.display(),
                    list.display(),
                    fallback.display()
                ));
                fallback
            }
            None => dir,
        }
    }

    /// The abstracts `readnext enrich` found for `list`, beside its index.
    pub fn enrich_cache(&self, list: &std::path::Path) -> PathBuf {
        self.index_dir(list)
            .join(readnext::corpus::enrich::CACHE_FILE)
    }

    /// The reading history file: --history, else `history.txt` in the index folder.
    pub fn history_path(&self, list: &std::path::Path) -> PathBuf {
        self.g
            .history
            .clone()
            .unwrap_or_else(|| self.index_dir(list).join("history.txt"))
    }

    /// The reading history of `list` ([`Ctx::history_path`]), a note on stderr when it
    /// was read in a legacy encoding.
    pub fn load_history(
        &self,
        list: &std::path::Path,
    ) -> readnext::Result<readnext::reading::history::History> {
        let history =
            readnext::reading::history::History::load_on(&self.history_path(list), Some(&today()))?;
        if let Some(w) = history.warning() {
            self.note(&format!("readnext: warning: {w}"));
        }
        Ok(history)
    }

    /// Build or update the index for `corpus`, reusing unchanged vectors unless `rebuild`,
    /// at `precision` (None: the existing index's, else f32).
    pub fn build_index(
        &self,
        corpus: &Corpus,
        rebuild: bool,
        precision: Option<Precision>,
    ) -> Result<(Index, BuildStats)> {
        let dir = self.index_dir(&corpus.path);
        self.build_index_in(corpus, &dir, rebuild, precision)
    }

    /// As [`Ctx::build_index`], into the index folder `dir`.
    pub fn build_index_in(
        &self,
        corpus: &Corpus,
        dir: &std::path::Path,
        rebuild: bool,
        precision: Option<Precision>,
    ) -> Result<(Index, BuildStats)> {
        let dir = dir.to_path_buf();
        let quiet = self.g.quiet;
        let waiting = move |m: &str| {
            if !quiet {
                eprintln!("{m}");
            }
        };
        let _lock = index::lock::acquire(&dir, &waiting)?;
        let previous = if rebuild || !store::exists(&dir) {
            None
        } else {
            match store::load(&dir) {
                Ok(ix) => Some(ix),
                Err(e) => {
                    self.note(&format!(
                        "readnext: rebuilding the index from scratch ({e})"
                    ));
                    None
                }
            }
        };
        let asked = precision;
        let precision = precision
            .or_else(|| store::read_manifest(&dir).ok().map(|m| m.model.precision))
            .unwrap_or_default();
        let (embedder, files) = self.embedder()?;
        let embedder = embedder.with_precision(precision);
        let stamp = ModelStamp {
            id: files.id.clone(),
            revision: files.spec.as_ref().map(|s| s.revision.clone()),
            weights_sha256: files.weights_sha256.clone(),
            precision,
            prefixes: embedder.prefixes().clone(),
            derived: files.derived,
        };
        // Nothing changed: keep the live generation (no embedding, no HNSW build, no write).
        let previous = match previous {
            Some(prev)
                if index::is_up_to_date(corpus, &prev, &stamp, Embedder::dimension(&embedder)) =>
            {
                index::checkpoint::remove(&dir);
                let stats = BuildStats {
                    papers: prev.papers.len(),
                    reused: prev.papers.len(),
                    up_to_date: true,
                    ..BuildStats::default()
                };
                return Ok((prev, stats));
            }
            other => other,
        };
        let bar = self.bar(0, "embedding");
        let mut hinted = false;
        let mut progress = |done: usize, total: usize| {
            if !hinted {
                hinted = true;
                if let Some(hint) = bf16_hint(total, asked, precision, bf16::kernel) {
                    bar.suspend(|| self.note(&hint));
                }
            }
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        };
        let control = index::BuildControl {
            stop: Some(stop_on_signal()),
            checkpoint: true,
        };
        let built = index::build_with(
            corpus,
            previous.as_ref(),
            &embedder,
            stamp,
            &dir,
            &mut progress,
            &control,
        );
        bar.finish_and_clear();
        let built = built.with_context(|| format!("cannot index {}", corpus.path.display()))?;
        if built.1.resumed > 0 {
            self.note(&format!(
                "readnext: resumed an interrupted build: {} passages came from the checkpoint",
                built.1.resumed
            ));
        }
        if built.1.embedded > 0 && files.spec.as_ref().is_some_and(|s| !s.multilingual) {
            if let Some(note) = other_script_note(corpus, &files.id) {
                self.note(&note);
            }
        }
        Ok(built)
    }

    /// The index of a pool of new papers (`suggest --pool FILE`), built with the list
    /// index's model and precision: in `pool_dir`, else in the user cache keyed by the
    /// pool file's full path (`…/readnext/pools/<hash>-<name>/`), shared by every list.
    /// Updated (only new or changed passages embedded) when the pool file changed; an
    /// unchanged file (same size, modification time and model) is not even parsed.
    /// Loaded without its HNSW graph: pool answers scan every vector exactly.
    pub fn open_pool(
        &self,
        pool: &std::path::Path,
        pool_dir: Option<&std::path::Path>,
        list_ix: &Index,
    ) -> Result<Index> {
        std::fs::metadata(pool)
            .with_context(|| format!("cannot read the pool {}; check the path", pool.display()))?;
        // In the cache: the folder and the pool file's full path it records.
        let mut cached: Option<(PathBuf, PathBuf)> = None;
        let dir = match pool_dir {
            Some(d) => d.to_path_buf(),
            None => {
                let abs = std::fs::canonicalize(pool).unwrap_or_else(|_| pool.to_path_buf());
                let name = pool
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let pools = model::default_cache_dir()
                    .map(|c| c.join("pools"))
                    .context("no cache folder for the pool's index: set READNEXT_CACHE_DIR or HOME, or pass --pool-index-dir")?;
                let dir = pools.join(format!(
                    "{}-{name}",
                    short_hash(abs.as_os_str().as_encoded_bytes())
                ));
                cached = Some((pools, abs));
                dir
            }
        };
        let model = &list_ix.manifest.model;
        // The pool's stamp: a file's size and time, a folder of notes' every note's (none
        // for a file changed in the last seconds, which is then read every time).
        let file_stamp = index::source::key(pool, &[]).map(|k| format!("{k:016x}"));
        let source = format!(
            "{} {} {} {}\n",
            pool.display(),
            file_stamp.clone().unwrap_or_default(),
            model.id,
            model.precision.as_str()
        );
        let stamp = dir.join("pool-source.txt");
        let fresh = file_stamp.is_some()
            && store::exists(&dir)
            && std::fs::read_to_string(&stamp).is_ok_and(|s| s == source)
            && store::read_manifest(&dir).is_ok_and(|m| m.model == *model);
        if fresh {
            if let Some((pools, abs)) = &cached {
                self.tidy_pool_cache(pools, &dir, abs);
            }
            return Ok(store::load_without_graph(&dir)?);
        }
        let corpus = self.load_other(pool)?;
        let current = store::read_manifest(&dir).ok();
        let unchanged = current
            .as_ref()
            .is_some_and(|m| m.corpus_hash == corpus.content_hash() && m.model == *model);
        if !unchanged {
            self.note(&format!(
                "readnext: indexing the pool {} ({}) into {} …",
                pool.display(),
                readnext::output::count(corpus.papers.len(), "paper"),
                dir.display()
            ));
            self.build_index_in(&corpus, &dir, false, Some(model.precision))?;
        }
        // A stamp that cannot be written only costs a parse next time.
        let _ = readnext::fsutil::atomic_write(&stamp, source.as_bytes());
        if let Some((pools, abs)) = &cached {
            self.tidy_pool_cache(pools, &dir, abs);
        }
        Ok(store::load_without_graph(&dir)?)
    }

    /// After a pool was opened in the cache: record its file, and remove the cached
    /// indexes of pool files that are gone ([`index::pool_cache`]), saying which.
    fn tidy_pool_cache(
        &self,
        pools: &std::path::Path,
        dir: &std::path::Path,
        abs: &std::path::Path,
    ) {
        index::pool_cache::record_source(dir, abs);
        for gone in index::pool_cache::remove_orphans(pools, dir) {
            self.note(&format!(
                "readnext: removed the cached index of the pool {}, a file that is gone",
                gone.display()
            ));
        }
    }

    /// The index for the list, updated first when the list changed (unless --no-update).
    /// Returns the index and a corpus whose papers are the index's papers. A list whose
    /// stamp says it is the file the live generation was last checked against is not
    /// read again ([`index::source`]).
    pub fn open_index(&self) -> Result<(Index, Corpus)> {
        let (ix, path, checked) = self.open_index_checked()?;
        let corpus = Corpus {
            path,
            papers: ix.papers.to_vec(),
            warnings: checked.warnings(),
            // A folder's notes, by line (`Corpus::file_of_line`).
            files: checked.files,
            notes_skipped: None,
        };
        Ok((ix, corpus))
    }

    /// The precision the live index was built with, read from its manifest alone
    /// (`None` when there is no index yet, or the list is stdin).
    pub fn index_precision(&self) -> Option<readnext::embed::Precision> {
        let list = self.list_path().ok().filter(|l| !is_stdin(l))?;
        index::store::read_manifest(&self.index_dir(&list))
            .ok()
            .map(|m| m.model.precision)
    }

    /// As [`Ctx::open_index`], with the list's path and warnings instead of a corpus (no
    /// second copy of a big list's papers): for commands that only look papers up.
    pub fn open_index_lean(&self) -> Result<(Index, PathBuf, Vec<Warning>)> {
        let (ix, path, checked) = self.open_index_checked()?;
        Ok((ix, path, checked.warnings()))
    }

    /// As [`Ctx::open_index_lean`], with what reading the list gave besides its papers
    /// (its warnings and a folder's note files), kept with the list's stamp.
    fn open_index_checked(&self) -> Result<(Index, PathBuf, index::source::Checked)> {
        let list = self.list_path()?;
        let stamp = self.list_stamp(&list);
        if let Some(key) = stamp {
            if let Some(found) = self.open_unchanged(&list, key) {
                return Ok(found);
            }
        }
        let (ix, corpus, same) = self.open_index_reading()?;
        let checked = index::source::Checked::of(&corpus.warnings, &corpus.files);
        if let (Some(key), Some(gen), true) = (stamp, ix.generation.as_deref(), same) {
            index::source::record(gen, key, &checked);
        }
        Ok((ix, corpus.path, checked))
    }

    /// The stamp of `list` and the abstracts `enrich` found for it ([`index::source::key`]),
    /// taken before the list is read; `None` for standard input or a list too fresh to trust.
    pub fn list_stamp(&self, list: &std::path::Path) -> Option<u64> {
        if is_stdin(list) {
            return None;
        }
        index::source::key(list, &[&self.enrich_cache(list)])
    }

    /// Record that `ix`, just built from `corpus`, holds the list read under the stamp `key`
    /// ([`Ctx::list_stamp`], taken before reading it): the next command need not read it.
    pub fn record_stamp(&self, ix: &Index, corpus: &Corpus, key: Option<u64>) {
        if let (Some(key), Some(gen)) = (key, ix.generation.as_deref()) {
            let checked = index::source::Checked::of(&corpus.warnings, &corpus.files);
            index::source::record(gen, key, &checked);
        }
    }

    /// Resolve a paper reference in `list`. One with Hangul in it that matches no paper
    /// as typed is read through the glossary, and taken when every Korean term is known
    /// and the English (with the reference's own Latin words) names exactly one paper by
    /// title, alias or short name (`로라` → *LoRA*, `큐로라` → *QLoRA*; `라마` → *LLaMA*,
    /// which two papers are named, is that name's "ambiguous" error), or holds a name and
    /// is whole words of one title (`라마 어댑터` → *LLaMA-Adapter V2*), said on stderr;
    /// words that say it is a paper and particles are no part of the name (`로라 논문을`
    /// reads "LoRA paper": *LoRA*); anything looser (`로라 모델`, "LoRA model") stays the error,
    /// which lists the papers closest by meaning ([`Ctx::closest_in_meaning`]; `position_of_id`
    /// finds each of them in `list`).
    pub fn resolve_reference(
        &self,
        list: readnext::corpus::List<'_>,
        reference: &str,
        position_of_id: &dyn Fn(&str) -> Option<usize>,
    ) -> readnext::Result<usize> {
        use readnext::corpus::resolve;
        let by_meaning = |q: &str| -> Vec<usize> {
            self.closest_in_meaning(q)
                .iter()
                .filter_map(|id| position_of_id(id))
                .collect()
        };
        if !resolve::has_hangul(reference) {
            return resolve::resolve_in_or(list, reference, &by_meaning);
        }
        if let Ok(i) = resolve::resolve_in(list, reference) {
            return Ok(i);
        }
        if let Some((found, english)) = readnext::lexical::glossary::name_in(list, reference) {
            self.note(&format!(
                "readnext: \"{}\" read as \"{english}\" (readnext's glossary, README \"Korean\")",
                reference.trim(),
            ));
            return found;
        }
        resolve::resolve_in_or(list, reference, &by_meaning)
    }

    /// The ids of the papers `search` ranks first for `text`, for an error about a
    /// reference that matched no paper (`corpus::resolve::resolve_in_or`): from the
    /// index as it is on disk (nothing is indexed, updated or fetched on the way to an
    /// error; a stale index only makes the list of candidates older), none when there is
    /// no index or no model here.
    pub fn closest_in_meaning(&self, text: &str) -> Vec<String> {
        let Ok(list) = self.list_path() else {
            return Vec::new();
        };
        let Ok(ix) = store::load(&self.index_dir(&list)) else {
            return Vec::new();
        };
        if ix.manifest.model.id != self.model_id() {
            return Vec::new();
        }
        let Ok(files) = self.locate_model() else {
            return Vec::new();
        };
        let Ok(embedder) = BertEmbedder::load_as(&files, self.index_precision()) else {
            return Vec::new();
        };
        let Ok(qv) = self.embed_text_query(embedder, &files, ix.manifest.model.precision, text)
        else {
            return Vec::new();
        };
        let engine = readnext::rank::Engine::new(&ix);
        engine
            .search_fused(text, &qv, CLOSEST_IN_MEANING)
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    /// The live generation when the list is unchanged by its stamp `key` and the index
    /// was built with the model the command asks for; `None` sends the caller the long
    /// way (which also says what is wrong, if anything is).
    fn open_unchanged(
        &self,
        list: &std::path::Path,
        key: u64,
    ) -> Option<(Index, PathBuf, index::source::Checked)> {
        let dir = self.index_dir(list);
        let gen = store::current_generation(&dir).ok()??;
        let checked = index::source::read(&gen, key)?;
        let manifest = store::read_manifest(&dir).ok()?;
        let want = self.model_id();
        let prefixes = model::registry::lookup(&want)
            .ok()
            .flatten()
            .map(|spec| spec.prefixes)
            .unwrap_or_default();
        if manifest.model.id != want || manifest.model.prefixes != prefixes {
            return None;
        }
        let ix = store::load(&dir).ok()?;
        // A writer may have made another generation current meanwhile.
        if ix.generation.as_deref() != Some(gen.as_path()) {
            return None;
        }
        for w in &checked.warnings() {
            self.note(&format!("readnext: warning: {}", w.shown(list)));
        }
        Some((ix, list.to_path_buf(), checked))
    }

    /// [`Ctx::open_index`] the long way: the list read and compared with the index.
    /// Returns the index, the corpus read (only its path and warnings are for the caller:
    /// the index holds the papers) and whether the index's papers are exactly the list's.
    fn open_index_reading(&self) -> Result<(Index, Corpus, bool)> {
        let corpus = self.corpus()?;
        let dir = self.index_dir(&corpus.path);
        if !store::exists(&dir) {
            if self.g.no_update {
                bail!("no index in {}; run `readnext index`", dir.display());
            }
            self.note(&format!(
                "readnext: indexing {} of {} (first run) …",
                readnext::output::count(corpus.papers.len(), "paper"),
                corpus.path.display()
            ));
            let (ix, _) = self.build_index(&corpus, false, None)?;
            return Ok((ix, corpus, true));
        }
        let manifest = store::read_manifest(&dir)?;
        let want = self.model_id();
        if manifest.model.id != want {
            bail!(
                "index {} was built with model {}, not {want}; run `readnext index --rebuild` or pass --model {}",
                dir.display(),
                manifest.model.id,
                manifest.model.id
            );
        }
        // Vectors embedded with other prefixes than the registry now gives the model
        // (an index from an older readnext) would not match its queries: embed again.
        let prefixes = model::registry::lookup(&want)
            .ok()
            .flatten()
            .map(|spec| spec.prefixes)
            .unwrap_or_default();
        if manifest.model.prefixes != prefixes && !self.g.no_update {
            self.note(&format!(
                "readnext: the index in {} was embedded with other text prefixes than {want} takes now; embedding again …",
                dir.display()
            ));
            let (ix, _) = self.build_index(&corpus, false, None)?;
            return Ok((ix, corpus, true));
        }
        let unchanged = manifest.corpus_hash == corpus.content_hash();
        if !unchanged {
            if self.g.no_update {
                self.note("readnext: the list changed since the index was built; answering from the old index (--no-update)");
            } else {
                self.note(&format!(
                    "readnext: {} changed since the index was built; updating the index …",
                    corpus.path.display()
                ));
                let (ix, _) = self.build_index(&corpus, false, None)?;
                return Ok((ix, corpus, true));
            }
        }
        let mut ix = store::load(&dir)?;
        // The stored papers are the list's only when nothing outside the passages (lines,
        // links, headings, read marks) moved either.
        let same = unchanged && ix.papers[..] == corpus.papers[..];
        if !unchanged || same {
            return Ok((ix, corpus, same));
        }
        // Same ids and passages in the same order: a generation of the list's own papers
        // is written around the live vectors and graph, so the next command need not read
        // the list again; when it cannot be (--no-update, a read-only index, another
        // writer at work), the list's papers answer this once.
        let relabelled = if self.g.no_update {
            None
        } else {
            relabel(&dir, &ix, &corpus)
        };
        let mut corpus = corpus;
        let papers = std::mem::take(&mut corpus.papers);
        match relabelled {
            Some(new) => Ok((new, corpus, true)),
            None => {
                ix.papers = papers.into();
                Ok((ix, corpus, false))
            }
        }
    }
}

/// The live index `live` of the folder `dir` written again with `corpus`'s papers, whose ids
/// and passages it holds ([`index::relabel`]), if the writer lock is free now and no other
/// writer made another generation current since `live` was loaded. Best effort: `None`
/// leaves the live generation as it is.
fn relabel(dir: &std::path::Path, live: &Index, corpus: &Corpus) -> Option<Index> {
    let _lock = index::lock::try_acquire(dir)?;
    let current = store::current_generation(dir).ok()??;
    if live.generation.as_deref() != Some(current.as_path()) {
        return None;
    }
    index::relabel(corpus, live, dir).ok()
}

/// Passages to embed from which a big job on a CPU with AMX tiles is told about bf16.
const BF16_HINT_FROM: usize = 5_000;

/// The note for a big f32 embedding (`total` passages, no `--precision` given) on a CPU
/// whose matrix units would run bf16: about three times as fast, vectors within a cosine of
/// 0.9999 of f32's (docs/speed.md).
/// `kernel` is asked last (it asks Linux for the tile state), only for such a job.
fn bf16_hint(
    total: usize,
    asked: Option<Precision>,
    precision: Precision,
    kernel: impl FnOnce() -> bf16::Kernel,
) -> Option<String> {
    (total >= BF16_HINT_FROM
        && asked.is_none()
        && precision == Precision::F32
        && kernel() == bf16::Kernel::Amx)
        .then(|| {
            format!(
                "readnext: {total} passages to embed; this CPU has AMX tiles, on which `index --precision bf16` embeds about three times as fast (vectors within a cosine of 0.9999 of f32's)"
            )
        })
}

/// `text` with every control character but line breaks and tabs made a space: a list's titles
/// are printed as written, and an escape sequence in one must not reach the terminal. JSON is
/// unchanged (serde escapes control characters inside strings).
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if unsafe_char(c) { ' ' } else { c })
            .collect(),
    )
}

/// Titles mostly in another script than Latin (Hangul, Chinese, Cyrillic …) that an
/// English-only model would relate by their script rather than their meaning: at least
/// this many, and this share of the list, make `index` say so.
const OTHER_SCRIPT_TITLES: (usize, f64) = (3, 0.05);

/// What to say when a list indexed by an English-only model (`model`) has many titles in
/// another script: how many, and the multilingual model's command. `None` for a list of
/// English titles (the seed list has none in another script).
fn other_script_note(corpus: &Corpus, model: &str) -> Option<String> {
    let other = corpus
        .papers
        .iter()
        .filter(|p| readnext::lexical::analyze::mostly_non_latin(&p.title))
        .count();
    let (least, share) = OTHER_SCRIPT_TITLES;
    (other >= least && other as f64 >= share * corpus.papers.len() as f64).then(|| {
        format!(
            "readnext: note: {other} of {} titles are mostly in another script than English; {model} reads English only, so it relates them by their script more than by what they say; for Korean titles, index with the multilingual model: `readnext index --model multilingual-e5-small` (README, \"Korean\")",
            corpus.papers.len()
        )
    })
}

/// Today as `YYYY-MM-DD` (UTC), from the system clock: the day `read` records, and the
/// year a history's dates written without one fall in when no line around them tells.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    readnext::corpus::date::day_of_unix_days(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_f32_job_on_amx_tiles_is_told_about_bf16_and_no_other() {
        let amx = || bf16::Kernel::Amx;
        let hint = bf16_hint(88_907, None, Precision::F32, amx).expect("a hint");
        assert!(
            hint.contains("88907 passages") && hint.contains("--precision bf16"),
            "{hint}"
        );
        // A small job, a precision the user chose or the index keeps, or no tiles: nothing.
        assert_eq!(bf16_hint(250, None, Precision::F32, amx), None);
        assert_eq!(
            bf16_hint(88_907, Some(Precision::F32), Precision::F32, amx),
            None
        );
        assert_eq!(bf16_hint(88_907, None, Precision::Int8, amx), None);
        assert_eq!(
            bf16_hint(88_907, None, Precision::F32, || bf16::Kernel::Plain),
            None
        );
    }

    #[test]
    fn escape_sequences_of_a_title_never_reach_the_terminal() {
        assert_eq!(
            terminal_safe("Evil \u{1b}[31mRED\u{1b}]0;x\u{7} Title\r\n\tnext\n"),
            "Evil  [31mRED ]0;x  Title \n\tnext\n"
        );
        assert!(matches!(
            terminal_safe("plain\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
