//! Abstracts looked up online (`readnext enrich --online`, never implied): the arXiv
//! API for papers with an arXiv id (batched `id_list` queries, one request every 3
//! seconds as arXiv asks), then OpenAlex and Crossref for DOIs and for titles (a title
//! search is applied only when the found title matches at or above the fuzzy
//! threshold of [`super::enrich`]). What is found is handed to the caller as it
//! arrives, so an interrupted lookup keeps what it had; a request that fails is
//! reported and the others go on.

pub mod arxiv;
pub mod crossref;
pub mod http;
pub mod openalex;

use super::enrich::{keys, title_similarity, MatchKind, Record};
use super::normalize::normalize_title;
use super::paper::{AbstractSource, Paper};
use http::{Client, Fetched, Pace};
use openalex::Work;
use std::time::Duration;

/// Where the services are. Each can be moved (a mirror, a test server) by an
/// environment variable: [`Endpoints::ARXIV_ENV`] is the full URL of an
/// arXiv-API-compatible `query` endpoint, the other two the API's base URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoints {
    pub arxiv: String,
    pub openalex: String,
    pub crossref: String,
}

impl Endpoints {
    pub const ARXIV_ENV: &'static str = "READNEXT_ARXIV_API";
    pub const OPENALEX_ENV: &'static str = "READNEXT_OPENALEX_API";
    pub const CROSSREF_ENV: &'static str = "READNEXT_CROSSREF_API";

    /// The public services, or what the environment variables say.
    pub fn from_env() -> Endpoints {
        let get = |k: &str, d: &str| {
            std::env::var(k)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| d.to_string())
                .trim()
                .trim_end_matches('/')
                .to_string()
        };
        Endpoints {
            arxiv: get(Self::ARXIV_ENV, "https://export.arxiv.org/api/query"),
            openalex: get(Self::OPENALEX_ENV, "https://api.openalex.org"),
            crossref: get(Self::CROSSREF_ENV, "https://api.crossref.org"),
        }
    }
}

/// How to look up.
#[derive(Debug, Clone)]
pub struct OnlineOptions {
    pub endpoints: Endpoints,
    /// Connect and read timeout of each request.
    pub timeout: Duration,
    /// A title search is applied at or above this title similarity.
    pub threshold: f32,
}

/// arXiv asks for no more than one request every three seconds.
pub const ARXIV_INTERVAL: Duration = Duration::from_secs(3);
/// Ids per arXiv `id_list` request.
pub const ARXIV_BATCH: usize = 50;
/// OpenAlex and Crossref: at most ten requests a second (both allow more).
const API_INTERVAL: Duration = Duration::from_millis(100);
/// First backoff after a 429/5xx without `Retry-After`.
const BACKOFF: Duration = Duration::from_secs(1);
/// Works read from a title search.
const SEARCH_ROWS: &str = "5";

/// Which service answers a paper first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Arxiv(String),
    Doi(String),
    Title,
}

/// The first service to ask for `p`: arXiv by id, else a DOI, else its title.
pub fn route(p: &Paper) -> Route {
    let (arxiv, doi) = keys(p);
    if let Some(a) = arxiv.into_iter().next() {
        Route::Arxiv(a)
    } else if let Some(d) = doi.into_iter().next() {
        Route::Doi(d)
    } else {
        Route::Title
    }
}

/// What happened while looking up.
#[derive(Debug, Clone)]
pub enum Event {
    /// Abstracts found (write them down now).
    Found(Vec<Record>),
    /// A request failed; its papers are not looked up further there.
    Failed {
        service: &'static str,
        message: String,
    },
    /// Papers done so far, of all.
    Progress { done: usize, total: usize },
}

/// Totals of a lookup.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Papers looked up.
    pub looked_up: usize,
    /// Papers an abstract was found for.
    pub found: usize,
    /// Requests that failed (reported through [`Event::Failed`] as they happened).
    pub failed_requests: usize,
    /// Requests that got an answer (any status but a failure).
    pub answered_requests: usize,
}

/// A DOI as one path of a URL: what is not safe in a path is percent-encoded (DOIs
/// may hold `#`, `?`, `<`, spaces); `/` stays, as both services expect it.
fn doi_path(doi: &str) -> String {
    let mut out = String::with_capacity(doi.len());
    for b in doi.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:;()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Failed requests, with none answered, after which the lookup stops: the network
/// or the services are not there, and every further paper would wait out its retries.
const GIVE_UP_AFTER: usize = 3;

struct Services<'a> {
    opts: &'a OnlineOptions,
    client: Client,
    arxiv_pace: Pace,
    api_pace: Pace,
    report: Report,
}

impl Services<'_> {
    /// Whether nothing has answered and enough has failed to stop.
    fn unreachable(&self) -> bool {
        self.report.answered_requests == 0 && self.report.failed_requests >= GIVE_UP_AFTER
    }

    fn get(
        &mut self,
        service: &'static str,
        url: &str,
        params: &[(&str, &str)],
        sink: &mut dyn FnMut(Event),
    ) -> Option<Fetched> {
        let pace = if service == "arxiv" {
            &mut self.arxiv_pace
        } else {
            &mut self.api_pace
        };
        match self.client.get(pace, url, params) {
            Ok(f) => {
                self.report.answered_requests += 1;
                Some(f)
            }
            Err(message) => {
                self.report.failed_requests += 1;
                sink(Event::Failed { service, message });
                None
            }
        }
    }

    /// Parse an answer; a malformed one is reported like a failed request.
    fn parsed<T>(
        &mut self,
        service: &'static str,
        url: &str,
        parse: Result<T, String>,
        sink: &mut dyn FnMut(Event),
    ) -> Option<T> {
        match parse {
            Ok(v) => Some(v),
            Err(e) => {
                self.report.answered_requests -= 1;
                self.report.failed_requests += 1;
                sink(Event::Failed {
                    service,
                    message: format!("{url}: {e}"),
                });
                None
            }
        }
    }

    /// GET and parse: `None` when the request failed, the service knows nothing of it
    /// (404), or the answer did not parse (each failure reported).
    fn ask<T>(
        &mut self,
        service: &'static str,
        url: &str,
        params: &[(&str, &str)],
        parse: fn(&str) -> Result<T, String>,
        sink: &mut dyn FnMut(Event),
    ) -> Option<T> {
        match self.get(service, url, params, sink)? {
            Fetched::Body(b) => self.parsed(service, url, parse(&b), sink),
            Fetched::NotFound => None,
        }
    }

    /// OpenAlex, then Crossref, for one DOI.
    fn by_doi(&mut self, doi: &str, sink: &mut dyn FnMut(Event)) -> Option<(Work, AbstractSource)> {
        let doi = doi_path(doi);
        let e = &self.opts.endpoints;
        type Parse = fn(&str) -> Result<Option<Work>, String>;
        let tries: [(&'static str, String, Parse, AbstractSource); 2] = [
            (
                "openalex",
                format!("{}/works/doi:{doi}", e.openalex),
                openalex::parse_work,
                AbstractSource::Openalex,
            ),
            (
                "crossref",
                format!("{}/works/{doi}", e.crossref),
                crossref::parse_work,
                AbstractSource::Crossref,
            ),
        ];
        for (service, url, parse, source) in tries {
            if let Some(Some(w)) = self.ask(service, &url, &[], parse, sink) {
                if w.abstract_text.is_some() {
                    return Some((w, source));
                }
            }
        }
        None
    }

    /// OpenAlex, then Crossref, searched by title: the closest title with an abstract,
    /// when it is close enough.
    fn by_title(
        &mut self,
        title: &str,
        sink: &mut dyn FnMut(Event),
    ) -> Option<(Work, AbstractSource, f32)> {
        let want = normalize_title(title);
        if want.is_empty() {
            return None;
        }
        let e = &self.opts.endpoints;
        type Parse = fn(&str) -> Result<Vec<Work>, String>;
        // (service, URL, the search and row-count parameters' names, parser, source)
        let tries: [(&'static str, String, [&str; 2], Parse, AbstractSource); 2] = [
            (
                "openalex",
                format!("{}/works", e.openalex),
                ["search", "per-page"],
                openalex::parse_search,
                AbstractSource::Openalex,
            ),
            (
                "crossref",
                format!("{}/works", e.crossref),
                ["query.bibliographic", "rows"],
                crossref::parse_search,
                AbstractSource::Crossref,
            ),
        ];
        let threshold = self.opts.threshold;
        for (service, url, [search, rows], parse, source) in tries {
            let params = [(search, title), (rows, SEARCH_ROWS)];
            let Some(works) = self.ask(service, &url, &params, parse, sink) else {
                continue;
            };
            let best = works
                .into_iter()
                .filter(|w| w.abstract_text.is_some())
                .map(|w| {
                    let s = title_similarity(&want, &normalize_title(&w.title));
                    (w, s)
                })
                .filter(|(_, s)| *s >= threshold)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((w, s)) = best {
                return Some((w, source, s));
            }
        }
        None
    }
}

fn record(
    p: &Paper,
    w: Work,
    source: AbstractSource,
    by: MatchKind,
    score: f32,
    from: &str,
) -> Record {
    Record {
        id: p.id.clone(),
        url: p.url.clone(),
        abstract_text: w.abstract_text.unwrap_or_default(),
        source,
        by,
        score,
        from: from.to_string(),
        matched_title: w.title,
    }
}

/// Look up abstracts for `papers[i]` of every `i` in `wanted`. Found abstracts,
/// failures and progress go to `sink` as they happen.
pub fn lookup(
    papers: &[Paper],
    wanted: &[usize],
    opts: &OnlineOptions,
    sink: &mut dyn FnMut(Event),
) -> Report {
    let mut s = Services {
        opts,
        client: Client::new(opts.timeout, BACKOFF),
        arxiv_pace: Pace::new(ARXIV_INTERVAL),
        api_pace: Pace::new(API_INTERVAL),
        report: Report {
            looked_up: wanted.len(),
            ..Report::default()
        },
    };
    let total = wanted.len();
    let mut done = 0usize;
    let mut by_arxiv: Vec<(usize, String)> = Vec::new();
    let mut rest: Vec<(usize, Route)> = Vec::new();
    for &i in wanted {
        match route(&papers[i]) {
            Route::Arxiv(a) => by_arxiv.push((i, a)),
            r => rest.push((i, r)),
        }
    }
    // arXiv in batches; what arXiv does not answer is searched by title.
    let arxiv_url = opts.endpoints.arxiv.clone();
    for batch in by_arxiv.chunks(ARXIV_BATCH) {
        if s.unreachable() {
            return s.report;
        }
        let ids: Vec<&str> = batch.iter().map(|(_, a)| a.as_str()).collect();
        let joined = ids.join(",");
        let max = batch.len().to_string();
        let entries = s
            .ask(
                "arxiv",
                &arxiv_url,
                &[("id_list", &joined), ("max_results", &max)],
                arxiv::parse,
                sink,
            )
            .unwrap_or_default();
        let mut found = Vec::new();
        for (i, a) in batch {
            match entries.iter().find(|e| &e.id == a) {
                Some(e) => {
                    let w = Work {
                        title: e.title.clone(),
                        abstract_text: Some(e.summary.clone()),
                    };
                    found.push(record(
                        &papers[*i],
                        w,
                        AbstractSource::Arxiv,
                        MatchKind::ArxivId,
                        1.0,
                        &arxiv_url,
                    ));
                    done += 1;
                }
                None => rest.push((*i, Route::Title)),
            }
        }
        s.report.found += found.len();
        if !found.is_empty() {
            sink(Event::Found(found));
        }
        sink(Event::Progress { done, total });
    }
    for (i, r) in rest {
        if s.unreachable() {
            return s.report;
        }
        let p = &papers[i];
        let hit = match &r {
            Route::Doi(d) => s
                .by_doi(d, sink)
                .map(|(w, src)| (w, src, MatchKind::Doi, 1.0))
                .or_else(|| {
                    s.by_title(&p.title, sink)
                        .map(|(w, src, sc)| (w, src, MatchKind::Fuzzy, sc))
                }),
            _ => s
                .by_title(&p.title, sink)
                .map(|(w, src, sc)| (w, src, MatchKind::Fuzzy, sc)),
        };
        if let Some((w, src, by, score)) = hit {
            let from = match src {
                AbstractSource::Crossref => opts.endpoints.crossref.clone(),
                _ => opts.endpoints.openalex.clone(),
            };
            // An exact title is a title match, not a fuzzy one.
            let by = if by == MatchKind::Fuzzy
                && normalize_title(&w.title) == normalize_title(&p.title)
            {
                MatchKind::Title
            } else {
                by
            };
            s.report.found += 1;
            sink(Event::Found(vec![record(p, w, src, by, score, &from)]));
        }
        done += 1;
        sink(Event::Progress { done, total });
    }
    s.report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(id: &str, url: &str) -> Paper {
        Paper {
            id: id.into(),
            title: "T".into(),
            url: url.into(),
            ..Default::default()
        }
    }

    #[test]
    fn dois_are_safe_in_a_path() {
        assert_eq!(
            doi_path("10.1145/3397271.3401075"),
            "10.1145/3397271.3401075"
        );
        assert_eq!(
            doi_path("10.1002/(SICI)1097<693::AID>3.0.CO;2-O #x"),
            "10.1002/(SICI)1097%3C693::AID%3E3.0.CO;2-O%20%23x"
        );
    }

    #[test]
    fn papers_go_to_arxiv_then_doi_then_title() {
        assert_eq!(
            route(&paper("x", "https://arxiv.org/pdf/2106.09685v2.pdf")),
            Route::Arxiv("2106.09685".into())
        );
        assert_eq!(
            route(&paper("x", "https://doi.org/10.1145/3397271.3401075")),
            Route::Doi("10.1145/3397271.3401075".into())
        );
        assert_eq!(
            route(&paper("x", "https://openai.com/blog/clip/")),
            Route::Title
        );
    }
}
