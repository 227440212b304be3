//! A paper's links: where a link is written in text, and URLs compared as one form per
//! paper page (scheme, `www.`, case and a trailing slash aside; a PDF and its landing
//! page, a DOI and its publishers' pages, one form).

use super::normalize::strip_doi_prefix;
use std::sync::OnceLock;

/// Where the first web link written in `text` lies (byte range): from `https://` or
/// `http://` up to a space, a brace or a quote, without the punctuation a sentence or
/// a bracket puts after it (`… at https://x.org/a.pdf.`, `(https://…)`, `<https://…>`).
pub fn find_link(text: &str) -> Option<std::ops::Range<usize>> {
    let at = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '{' | '}' | '"'))
        .unwrap_or(rest.len());
    let link = rest[..end].trim_end_matches(['>', ')', ']', ',', ';', '.']);
    Some(at..at + link.len())
}

/// A URL reduced for comparison: no scheme, no `www.`, no fragment, no trailing slash,
/// lowercase; and a paper's PDF and its landing page one form where the site names both
/// by one key (`paper_page`: OpenReview, the ACL Anthology, NeurIPS, PMLR, CVF, DOI pages).
pub fn normalize_url(url: &str) -> String {
    let u = url.trim();
    let u = u.split('#').next().unwrap_or(u);
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.trim_end_matches('/').to_lowercase();
    paper_page(&u).unwrap_or(u)
}

/// Where a site serves one paper at several addresses, the one form of them all (of a
/// URL already lowercase, without scheme and `www.`): `openreview.net/pdf?id=X` and
/// `forum?id=X`; the ACL Anthology's `ID.pdf`, `ID/` and the older
/// `aclweb.org/anthology/…/ID.pdf`; NeurIPS's `hash/H-Abstract.html` and
/// `file/H-Paper.pdf`; PMLR's `vN/K.html` and `vN/K/K.pdf`; CVF's `html/N.html` and
/// `papers/N.pdf`; `dx.doi.org` and `doi.org`, and the DOI pages of the ACM Digital
/// Library (`doi/`, `doi/abs/`, `doi/pdf/`) and Springer (`article/`, `content/pdf/…pdf`)
/// as their `doi.org` link; IEEE Xplore's `document/N` and `abstract/document/N`;
/// Semantic Scholar's `paper/Title-Slug/SHA`, `paper/SHA` and its PDF host; PubMed's and
/// PubMed Central's old and new addresses; bioRxiv's and medRxiv's versions, `.full`
/// and `.full.pdf` pages and Nature's `articles/X(.pdf)` as their `doi.org` link; and
/// any publisher page whose path is `/doi/[abs|full|pdf|epdf|…/]10.…` (Wiley, Taylor &
/// Francis, SAGE, Science, PNAS, ACS, SIAM …) as its `doi.org` link.
fn paper_page(u: &str) -> Option<String> {
    // (the hosts a pattern is for, the pattern, its one form): a URL of any other host
    // (every arXiv link of a dump) is not run through the patterns at all.
    type Form = (&'static [&'static str], regex::Regex, &'static str);
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let forms: [(&'static [&'static str], &str, &'static str); 15] = [
            (
                &["openreview.net/"],
                r"^openreview\.net/(?:forum|pdf|attachment)\?(?:.*&)?id=([^&]+).*$",
                "openreview.net/forum?id=$1",
            ),
            (
                &["aclanthology.org/", "aclweb.org/"],
                r"^(?:aclanthology\.org|aclweb\.org/anthology)/(?:[a-z]/[a-z]\d\d/)?([a-z0-9.\-]+?)(?:\.pdf)?$",
                "aclanthology.org/$1",
            ),
            (
                &["proceedings.neurips.cc/", "papers.nips.cc/"],
                r"^(?:proceedings\.neurips\.cc|papers\.nips\.cc)/paper(?:_files/paper)?/(\d{4})/(?:hash|file)/([0-9a-f]{32})-(?:abstract|paper)(?:-conference)?\.(?:html|pdf)$",
                "proceedings.neurips.cc/paper/$1/hash/$2",
            ),
            (
                &["proceedings.mlr.press/"],
                r"^proceedings\.mlr\.press/(v\d+)/([a-z0-9\-_]+?)(?:\.html|/[a-z0-9\-_]+\.pdf)$",
                "proceedings.mlr.press/$1/$2",
            ),
            (
                &["openaccess.thecvf.com/"],
                r"^openaccess\.thecvf\.com/(content[^/]*(?:/[^/]+)?)/(?:html|papers)/([^/]+?)\.(?:html|pdf)$",
                "openaccess.thecvf.com/$1/$2",
            ),
            (&["dx.doi.org/"], r"^dx\.doi\.org/(.+)$", "doi.org/$1"),
            (
                &["dl.acm.org/"],
                r"^dl\.acm\.org/doi/(?:abs/|pdf/|full/|fullhtml/|epdf/|book/)?(10\.\d+/[^?]+).*$",
                "doi.org/$1",
            ),
            (
                &["link.springer.com/"],
                r"^link\.springer\.com/(?:article|chapter|content/pdf)/(10\.\d+/[^?]+?)(?:\.pdf)?(?:\?.*)?$",
                "doi.org/$1",
            ),
            (
                &["ieeexplore.ieee.org/"],
                r"^ieeexplore\.ieee\.org/(?:abstract/)?document/(\d+)(?:/.*)?$",
                "ieeexplore.ieee.org/document/$1",
            ),
            (
                &["semanticscholar.org/paper/", "api.semanticscholar.org/"],
                r"^(?:api\.)?semanticscholar\.org/(?:graph/v1/)?paper/(?:[^/?]+/)?([0-9a-f]{40})(?:[/?].*)?$",
                "semanticscholar.org/paper/$1",
            ),
            (
                &["pdfs.semanticscholar.org/"],
                r"^pdfs\.semanticscholar\.org/([0-9a-f]{4})/([0-9a-f]{36})\.pdf$",
                "semanticscholar.org/paper/$1$2",
            ),
            (
                &["pubmed.ncbi.nlm.nih.gov/", "ncbi.nlm.nih.gov/pubmed/"],
                r"^(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)(?:[/?].*)?$",
                "pubmed.ncbi.nlm.nih.gov/$1",
            ),
            (
                &["pmc.ncbi.nlm.nih.gov/", "ncbi.nlm.nih.gov/pmc/", "europepmc.org/"],
                r"^(?:pmc\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pmc|europepmc\.org)/(?:articles|article/pmc)/(pmc\d+)(?:[/?].*)?$",
                "pmc.ncbi.nlm.nih.gov/articles/$1",
            ),
            (
                &["biorxiv.org/", "medrxiv.org/"],
                r"^(?:bio|med)rxiv\.org/content/(?:early/\d{4}/\d\d/\d\d/)?(10\.1101/[0-9.]+?)(?:v\d+)?(?:\.full|\.abstract|\.full\.pdf|\.full-text|\.supplementary-material)?(?:[/?].*)?$",
                "doi.org/$1",
            ),
            (
                &["nature.com/"],
                r"^nature\.com/articles/([a-z0-9.\-]+?)(?:\.pdf)?(?:\?.*)?$",
                "doi.org/10.1038/$1",
            ),
        ];
        forms
            .into_iter()
            .map(|(hosts, re, to)| {
                // Built from constant patterns: compiling them cannot fail.
                #[allow(clippy::unwrap_used)]
                (hosts, regex::Regex::new(re).unwrap(), to)
            })
            .collect()
    });
    static PUBLISHER_DOI: OnceLock<regex::Regex> = OnceLock::new();
    let publisher_doi = PUBLISHER_DOI.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(
            r"^[^/]+/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|fullhtml|reader|book|suppl)/)?(10\.\d{4,9}/[^?]+?)(?:\?.*)?$",
        )
        .unwrap()
    });
    let form = |re: &regex::Regex, to: &str| match re.replace(u, to) {
        std::borrow::Cow::Owned(form) => Some(form),
        std::borrow::Cow::Borrowed(_) => None,
    };
    forms
        .iter()
        .filter(|(hosts, _, _)| hosts.iter().any(|h| u.starts_with(h)))
        .find_map(|(_, re, to)| form(re, to))
        .or_else(|| {
            u.contains("/doi/")
                .then(|| form(publisher_doi, "doi.org/$1"))
                .flatten()
        })
}

/// The `doi.org` form [`normalize_url`] gives a DOI's link, for comparing a paper's DOI
/// with a URL: `None` for what is no DOI (`10.` and a registrant code, a slash, more).
pub fn doi_url_form(doi: &str) -> Option<String> {
    let d = strip_doi_prefix(doi);
    let (registrant, rest) = d.split_once('/')?;
    let code = registrant.strip_prefix("10.")?;
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_digit() || c == '.') && !rest.is_empty())
        .then(|| normalize_url(&format!("doi.org/{d}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_papers_pdf_and_its_page_are_one_url() {
        for (a, b) in [
            (
                "https://openreview.net/pdf?id=BZ5a1r-kVsf",
                "https://openreview.net/forum?id=BZ5a1r-kVsf",
            ),
            (
                "https://openreview.net/attachment?id=BZ5a1r-kVsf&name=pdf",
                "openreview.net/forum?id=BZ5a1r-kVsf&noteId=x",
            ),
            (
                "https://aclanthology.org/2023.findings-acl.426.pdf",
                "https://aclanthology.org/2023.findings-acl.426/",
            ),
            (
                "https://www.aclweb.org/anthology/P18-1226.pdf",
                "https://aclanthology.org/P18-1226",
            ),
            (
                "https://www.aclweb.org/anthology/P/P18/P18-1226.pdf",
                "https://aclanthology.org/P18-1226/",
            ),
            (
                "https://proceedings.neurips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf",
                "https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html",
            ),
            (
                "https://proceedings.neurips.cc/paper_files/paper/2022/file/9d5609613524ecf4f15af0f7b31abca4-Paper-Conference.pdf",
                "https://papers.nips.cc/paper/2022/hash/9d5609613524ecf4f15af0f7b31abca4-Abstract-Conference.html",
            ),
            (
                "http://proceedings.mlr.press/v139/radford21a/radford21a.pdf",
                "https://proceedings.mlr.press/v139/radford21a.html",
            ),
            (
                "https://openaccess.thecvf.com/content/CVPR2022/papers/Rombach_High-Resolution_Image_Synthesis_With_Latent_Diffusion_Models_CVPR_2022_paper.pdf",
                "https://openaccess.thecvf.com/content/CVPR2022/html/Rombach_High-Resolution_Image_Synthesis_With_Latent_Diffusion_Models_CVPR_2022_paper.html",
            ),
            (
                "http://dx.doi.org/10.18653/v1/2020.acl-main.703",
                "https://doi.org/10.18653/v1/2020.acl-main.703",
            ),
            (
                "https://dl.acm.org/doi/pdf/10.1145/3336191.3371770",
                "https://doi.org/10.1145/3336191.3371770",
            ),
            (
                "https://dl.acm.org/doi/abs/10.1145/3336191.3371770?casa_token=x",
                "https://dl.acm.org/doi/10.1145/3336191.3371770",
            ),
            (
                "https://link.springer.com/content/pdf/10.1007/s10791-020-09377-2.pdf",
                "https://link.springer.com/article/10.1007/s10791-020-09377-2",
            ),
            (
                "https://ieeexplore.ieee.org/abstract/document/9234567/",
                "https://ieeexplore.ieee.org/document/9234567",
            ),
            (
                "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
                "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
            ),
            (
                "https://pdfs.semanticscholar.org/204e/3073870fae3d05bcbc2f6a8e263d9b72e776.pdf",
                "https://api.semanticscholar.org/graph/v1/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776?fields=title",
            ),
            (
                "https://www.ncbi.nlm.nih.gov/pubmed/32109013",
                "https://pubmed.ncbi.nlm.nih.gov/32109013/",
            ),
            (
                "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7092803/pdf/main.pdf",
                "https://pmc.ncbi.nlm.nih.gov/articles/PMC7092803/",
            ),
            (
                "https://www.biorxiv.org/content/10.1101/2020.03.22.002386v3.full.pdf",
                "https://doi.org/10.1101/2020.03.22.002386",
            ),
            (
                "https://www.medrxiv.org/content/10.1101/2020.04.14.20062463v1",
                "https://www.medrxiv.org/content/10.1101/2020.04.14.20062463v2.full",
            ),
            (
                "https://www.nature.com/articles/s41586-021-03819-2.pdf",
                "https://doi.org/10.1038/s41586-021-03819-2",
            ),
            (
                "https://www.science.org/doi/full/10.1126/sciadv.adf0873",
                "https://www.science.org/doi/10.1126/sciadv.adf0873",
            ),
            (
                "https://onlinelibrary.wiley.com/doi/epdf/10.1111/cogs.12345",
                "https://doi.org/10.1111/cogs.12345",
            ),
            (
                "https://www.tandfonline.com/doi/abs/10.1080/01621459.2017.1285773?journalCode=uasa20",
                "http://dx.doi.org/10.1080/01621459.2017.1285773",
            ),
        ] {
            assert_eq!(normalize_url(a), normalize_url(b), "{a} ~ {b}");
        }
        // Different papers stay apart; other sites keep their path.
        for (a, b) in [
            (
                "https://openreview.net/forum?id=AAA",
                "https://openreview.net/forum?id=BBB",
            ),
            (
                "https://aclanthology.org/P18-1226.pdf",
                "https://aclanthology.org/P18-1227.pdf",
            ),
            ("https://example.com/a.pdf", "https://example.com/a"),
            (
                "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
                "https://www.semanticscholar.org/paper/304e3073870fae3d05bcbc2f6a8e263d9b72e776",
            ),
            (
                "https://www.biorxiv.org/content/10.1101/2020.03.22.002386v1",
                "https://www.biorxiv.org/content/10.1101/2020.03.22.002387v1",
            ),
            ("https://example.com/doi/guide", "https://doi.org/guide"),
        ] {
            assert_ne!(normalize_url(a), normalize_url(b), "{a} ≁ {b}");
        }
    }

    #[test]
    fn a_dois_link_is_the_form_its_pages_take() {
        for (doi, page) in [
            (
                "10.1145/3336191.3371770",
                "https://dl.acm.org/doi/abs/10.1145/3336191.3371770",
            ),
            (
                "DOI: 10.1038/S41586-021-03819-2",
                "https://www.nature.com/articles/s41586-021-03819-2",
            ),
            (
                "https://doi.org/10.1111/cogs.12345",
                "https://onlinelibrary.wiley.com/doi/full/10.1111/cogs.12345",
            ),
        ] {
            assert_eq!(doi_url_form(doi), Some(normalize_url(page)), "{doi}");
        }
        for not_doi in [
            "",
            "10.",
            "10./x",
            "11.1145/x",
            "10.1145",
            "10.1145/",
            "10.abc/x",
            "LoRA",
        ] {
            assert_eq!(doi_url_form(not_doi), None, "{not_doi}");
        }
    }

    #[test]
    fn urls_compare_without_scheme_and_slash() {
        assert_eq!(
            normalize_url("https://www.Example.com/a/"),
            normalize_url("http://example.com/a")
        );
    }
}
