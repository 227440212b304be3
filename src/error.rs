//! The library's error type: one enum for every boundary, with the path, line or
//! value that went wrong and the fix, so the CLI can print it on one line.

use std::path::PathBuf;

/// Everything that can go wrong inside readnext.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
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
