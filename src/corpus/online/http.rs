//! One polite HTTP GET: a descriptive User-Agent, timeouts, and retries with backoff on
//! 429 and 5xx answers that honour `Retry-After`. A request that still fails says why in
//! one line; it never ends the whole lookup.

use std::time::{Duration, Instant};

/// What a GET brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// A 2xx answer's body.
    Body(String),
    /// 404: the service does not know the thing asked for.
    NotFound,
}

/// Retries after a 429 or 5xx answer.
const STATUS_RETRIES: u32 = 3;
/// Retries after a transport error (refused, reset, timed out): one, since a slow
/// service stays slow.
const TRANSPORT_RETRIES: u32 = 1;
/// The longest `Retry-After` honoured; a longer one fails the request.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// A blocking HTTP client with readnext's User-Agent and timeouts.
pub struct Client {
    agent: ureq::Agent,
    /// First backoff when an answer gives no `Retry-After` (doubles each retry).
    backoff: Duration,
}

/// The User-Agent sent with every request: names readnext and, when the user sets
/// `READNEXT_MAILTO`, a contact address (the "polite pool" of OpenAlex and Crossref).
pub fn user_agent() -> String {
    let base = format!(
        "readnext/{} (local reading-list recommender; abstracts for the user's own list)",
        env!("CARGO_PKG_VERSION")
    );
    match std::env::var("READNEXT_MAILTO") {
        Ok(m) if !m.trim().is_empty() => format!("{base} mailto:{}", m.trim()),
        _ => base,
    }
}

impl Client {
    /// A client whose connects and reads each give up after `timeout`.
    pub fn new(timeout: Duration, backoff: Duration) -> Client {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(timeout)
            .timeout_read(timeout)
            .timeout_write(timeout)
            .user_agent(&user_agent())
            .build();
        Client { agent, backoff }
    }

    /// GET `url` with the query `params` (encoded here); retried as the module says,
    /// every try (retries too) kept apart by the service's `pace`.
    pub fn get(
        &self,
        pace: &mut Pace,
        url: &str,
        params: &[(&str, &str)],
    ) -> Result<Fetched, String> {
        let mut status_tries = 0;
        let mut transport_tries = 0;
        let mut wait = self.backoff;
        loop {
            pace.wait();
            let mut req = self.agent.get(url);
            for (k, v) in params {
                req = req.query(k, v);
            }
            match req.call() {
                Ok(resp) => {
                    return resp
                        .into_string()
                        .map(Fetched::Body)
                        .map_err(|e| format!("{url}: the answer could not be read ({e})"));
                }
                Err(ureq::Error::Status(404, _)) => return Ok(Fetched::NotFound),
                Err(ureq::Error::Status(code, resp))
                    if code == 429 || (500..600).contains(&code) =>
                {
                    if status_tries >= STATUS_RETRIES {
                        return Err(format!(
                            "{url}: HTTP {code} after {} tries",
                            status_tries + 1
                        ));
                    }
                    status_tries += 1;
                    let pause = match resp.header("Retry-After").and_then(parse_retry_after) {
                        Some(d) if d > MAX_RETRY_AFTER => {
                            return Err(format!(
                                "{url}: HTTP {code}, asked to wait {} s; try again later",
                                d.as_secs()
                            ))
                        }
                        Some(d) => d,
                        None => wait,
                    };
                    sleep(pause);
                    wait *= 2;
                }
                Err(ureq::Error::Status(code, _)) => {
                    return Err(format!("{url}: HTTP {code}"));
                }
                Err(ureq::Error::Transport(t)) => {
                    if transport_tries >= TRANSPORT_RETRIES {
                        // ureq's message names the full URL already.
                        return Err(t.to_string());
                    }
                    transport_tries += 1;
                    sleep(wait);
                    wait *= 2;
                }
            }
        }
    }
}

/// `Retry-After` in seconds (the HTTP-date form is left to the backoff).
fn parse_retry_after(v: &str) -> Option<Duration> {
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn sleep(d: Duration) {
    let until = Instant::now() + d;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        if left.is_zero() {
            break;
        }
        std::thread::sleep(left);
    }
}

/// Keeps requests to one service at least `interval` apart.
pub struct Pace {
    interval: Duration,
    last: Option<Instant>,
}

impl Pace {
    pub fn new(interval: Duration) -> Pace {
        Pace {
            interval,
            last: None,
        }
    }

    /// Wait until the next request may go out, and count it as gone.
    pub fn wait(&mut self) {
        if let Some(last) = self.last {
            sleep(self.interval.saturating_sub(last.elapsed()));
        }
        self.last = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_seconds_only() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn the_user_agent_names_readnext() {
        assert!(user_agent().starts_with("readnext/"));
    }
}
