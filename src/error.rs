//! The library's error type: one enum for every boundary, with the path, line or
//! value that went wrong and the fix, so the CLI can print it on one line.

use std::path::PathBuf;

/// Everything that can go wrong inside readnext.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {}", io_message(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A reading list could not be parsed.
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// A reading list parsed but holds nothing readnext can use.
    #[error("{path}: {message}")]
    EmptyList { path: PathBuf, message: String },

    /// A model file is missing, fails its checksum, or is not a model readnext can run.
    #[error("model {model}: {message}")]
    Model { model: String, message: String },

    /// The embedder failed while running the network.
    #[error("embedding failed: {0}")]
    Embed(String),

    /// The on-disk index cannot be used as it is.
    #[error("index {path}: {message}")]
    Index { path: PathBuf, message: String },

    /// A paper reference matched nothing, or more than one paper.
    #[error("{message}")]
    Resolve {
        query: String,
        message: String,
        candidates: Vec<String>,
    },

    /// A value given by the user is out of range or malformed.
    #[error("{0}")]
    Invalid(String),

    /// The work was stopped by a signal (SIGINT, SIGTERM) between two steps.
    #[error("{message}")]
    Interrupted { signal: i32, message: String },
}

/// What an I/O error means for the person who gave the path, and what to do about it.
fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder; check the path".to_string(),
        ErrorKind::PermissionDenied => {
            "permission denied; check its permissions or give another path".to_string()
        }
        ErrorKind::IsADirectory => "is a folder; give a file".to_string(),
        ErrorKind::InvalidData => format!("{e}; save the file as UTF-8 text"),
        _ => e.to_string(),
    }
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn model(model: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Model {
            model: model.into(),
            message: message.into(),
        }
    }

    pub(crate) fn index(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Index {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Result with readnext's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_name_the_path_and_the_fix() {
        let missing = std::fs::read("/nonexistent/readnext-list.md").unwrap_err();
        assert_eq!(
            Error::io("/nonexistent/readnext-list.md", missing).to_string(),
            "/nonexistent/readnext-list.md: no such file or folder; check the path"
        );
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("latin1.tsv");
        std::fs::write(&bad, b"title\ttopic\nCaf\xe9\tx\n").unwrap();
        let e = std::fs::read_to_string(&bad).unwrap_err();
        let msg = Error::io(&bad, e).to_string();
        assert!(msg.ends_with("save the file as UTF-8 text"), "{msg}");
        // Other kinds keep the system's words.
        let other = std::io::Error::other("is a directory; pass a reading list file");
        assert_eq!(
            Error::io("x", other).to_string(),
            "x: is a directory; pass a reading list file"
        );
    }
}
