//! Where `asamblea election` and `asamblea trustee` read and publish: a board directory of JSON
//! files, or a server's board (`http://HOST:PORT/api/v1/boards/ID`). The same documents either
//! way (`asamblea_ballot_crypto::board`); over HTTP each publication is checked by the server
//! and becomes an act on its record. Over HTTP a publisher shows its board token (`--token`,
//! or `ASAMBLEA_BOARD_TOKEN`): trustee `I`'s, the credential authority's or the organizer's,
//! made when the board was opened; casting a ballot needs none (the credential signs it).
//! Plain `http://` only: no TLS is built into the binary (put the server behind a proxy and use
//! its loopback address, as `record verify --against` does).

use asamblea_ballot_crypto::ballot::Ballot;
use asamblea_ballot_crypto::board::Draft;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Write;
use std::path::{Path, PathBuf};

pub type Failure = (i32, String);

pub fn io_err(what: &str, p: &Path, e: impl std::fmt::Display) -> Failure {
    (2, format!("cannot {what} {}: {e}", p.display()))
}

pub fn refused(msg: impl Into<String>) -> Failure {
    (1, msg.into())
}

/// `--board` and `--token`, shared by every step.
#[derive(Debug, Clone, clap::Args)]
pub struct BoardArgs {
    /// A board directory, or a server's board `http://HOST:PORT/api/v1/boards/ID`.
    #[arg(long)]
    pub board: String,
    /// The board token of whoever publishes (over HTTP only); for `election new`, an
    /// administrator's API token (`POST /api/v1/session`).
    #[arg(long, env = "ASAMBLEA_BOARD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

pub enum Board {
    Dir(PathBuf),
    Http(Http),
}

pub struct Http {
    /// `http://HOST:PORT/api/v1/boards/ID`, without a trailing slash.
    url: String,
    token: Option<String>,
    client: reqwest::Client,
    rt: tokio::runtime::Runtime,
}

/// The board's tokens, made when a server opens a board: each is shown once.
#[derive(serde::Deserialize)]
struct Opened {
    tokens: Vec<(String, String)>,
}

impl Board {
    pub fn open(args: &BoardArgs) -> Result<Board, Failure> {
        if !args.board.starts_with("http://") && !args.board.starts_with("https://") {
            return Ok(Board::Dir(PathBuf::from(&args.board)));
        }
        if args.board.starts_with("https://") {
            return Err(refused(
                "https:// boards are not built in: give the server's http:// address (a loopback behind the TLS proxy)",
            ));
        }
        let url = args.board.trim_end_matches('/').to_string();
        if !url.contains("/api/v1/boards/") {
            return Err(refused(format!(
                "{url}: a server's board is http://HOST:PORT/api/v1/boards/ID"
            )));
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| (2, format!("cannot start the async runtime: {e}")))?;
        Ok(Board::Http(Http {
            url,
            // An empty `ASAMBLEA_BOARD_TOKEN` is no token (a trustee's own is then used).
            token: args.token.clone().filter(|t| !t.trim().is_empty()),
            client: fresh_connections(),
            rt,
        }))
    }

    /// Replaces the token (a trustee's, kept in its secret file), unless one was given.
    pub fn with_token(mut self, token: Option<String>) -> Board {
        if let Board::Http(h) = &mut self
            && h.token.is_none()
        {
            h.token = token;
        }
        self
    }

    pub fn token(&self) -> Option<String> {
        match self {
            Board::Dir(_) => None,
            Board::Http(h) => h.token.clone(),
        }
    }

    /// The document `name`, or `None` if it is not on the board yet.
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Failure> {
        match self {
            Board::Dir(dir) => {
                let p = dir.join(format!("{name}.json"));
                if !p.exists() {
                    return Ok(None);
                }
                let text = std::fs::read(&p).map_err(|e| io_err("read", &p, e))?;
                serde_json::from_slice(&text)
                    .map(Some)
                    .map_err(|e| refused(format!("{}: {e}", p.display())))
            }
            Board::Http(h) => h.get(&format!("{}/{name}", h.url), name),
        }
    }

    /// The document `name`, which must be on the board.
    pub fn need<T: DeserializeOwned>(&self, name: &str) -> Result<T, Failure> {
        self.get(name)?
            .ok_or_else(|| refused(format!("{name} is not on the board yet")))
    }

    /// Publishes `name` (a server refuses a second publication, or one it can tell is false).
    pub fn put<T: Serialize>(&self, name: &str, v: &T) -> Result<(), Failure> {
        match self {
            Board::Dir(dir) => write(&dir.join(format!("{name}.json")), v, false),
            Board::Http(h) => h.send(
                h.client.put(format!("{}/{name}", h.url)).json(v),
                &format!("publishing {name}"),
            ),
        }
    }

    /// Opens a new board with its draft. Over HTTP, the board's tokens (organizer, credential
    /// authority, each trustee) are written to `tokens_out` (mode 0600).
    pub fn create(&self, d: &Draft, tokens_out: Option<&Path>) -> Result<(), Failure> {
        match self {
            Board::Dir(dir) => {
                std::fs::create_dir_all(dir.join("ballots"))
                    .map_err(|e| io_err("create", dir, e))?;
                if dir.join("election.json").exists() {
                    return Err(refused(format!(
                        "{} already holds an election",
                        dir.display()
                    )));
                }
                write(&dir.join("election.json"), d, false)
            }
            Board::Http(h) => {
                let Some(out) = tokens_out else {
                    return Err(refused(
                        "a server's board makes tokens for the trustees and the credential authority: give --tokens-out FILE",
                    ));
                };
                let (base, id) = h.url.rsplit_once('/').unwrap_or((&h.url, ""));
                if id != d.election_id {
                    return Err(refused(format!(
                        "the board's address ends in {id:?}, the election is {:?}",
                        d.election_id
                    )));
                }
                let mut rq = h.client.post(base).json(d);
                if let Some(t) = &h.token {
                    rq = rq.bearer_auth(t);
                }
                let r: Opened = h.call(rq, "opening the board")?;
                let text: String = r
                    .tokens
                    .iter()
                    .map(|(who, tok)| format!("{who} {tok}\n"))
                    .collect();
                write_bytes(out, text.as_bytes(), true)
            }
        }
    }

    /// Every ballot on the board, each with where it was found; a directory's unreadable file is
    /// an `Err` with the reason (a server keeps only ballots it checked).
    #[allow(
        clippy::type_complexity,
        reason = "a list of (label, ballot or why not)"
    )]
    pub fn ballots(&self) -> Result<Vec<(String, Result<Ballot, String>)>, Failure> {
        match self {
            Board::Dir(board) => {
                let dir = board.join("ballots");
                let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map_err(|e| io_err("read", &dir, e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect();
                names.sort();
                Ok(names
                    .into_iter()
                    .map(|p| {
                        let file = p
                            .file_name()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let b = std::fs::read(&p)
                            .map_err(|e| e.to_string())
                            .and_then(|t| serde_json::from_slice(&t).map_err(|e| e.to_string()));
                        (file, b)
                    })
                    .collect())
            }
            Board::Http(h) => {
                let list: Vec<Ballot> = h
                    .get(&format!("{}/ballots", h.url), "ballots")?
                    .unwrap_or_default();
                Ok(list
                    .into_iter()
                    .map(|b| (b.tracking_code(), Ok(b)))
                    .collect())
            }
        }
    }

    /// Casts a ballot (a directory keeps the last of each credential; a server refuses a
    /// second, and any ballot whose proofs or credential it cannot check).
    pub fn cast(&self, b: &Ballot) -> Result<(), Failure> {
        match self {
            Board::Dir(dir) => write(
                &dir.join("ballots")
                    .join(format!("{}.json", hex::encode(b.credential))),
                b,
                false,
            ),
            Board::Http(h) => h.send(
                h.client.post(format!("{}/ballots", h.url)).json(b),
                "casting the ballot",
            ),
        }
    }
}

impl Http {
    fn get<T: DeserializeOwned>(&self, url: &str, name: &str) -> Result<Option<T>, Failure> {
        self.rt.block_on(async {
            let r = self
                .client
                .get(url)
                .send()
                .await
                .map_err(|e| (2, format!("cannot reach {url}: {e}")))?;
            if r.status() == reqwest::StatusCode::NOT_FOUND {
                return Ok(None);
            }
            if !r.status().is_success() {
                return Err(refused(format!("{url}: {}", r.status())));
            }
            r.json()
                .await
                .map(Some)
                .map_err(|e| refused(format!("{name} from {url}: {e}")))
        })
    }

    fn send(&self, rq: reqwest::RequestBuilder, what: &str) -> Result<(), Failure> {
        self.call::<serde_json::Value>(rq, what).map(|_| ())
    }

    fn call<T: DeserializeOwned>(
        &self,
        mut rq: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<T, Failure> {
        if let Some(t) = &self.token {
            rq = rq.header("x-board-token", t);
        }
        self.rt.block_on(async {
            let r = rq
                .send()
                .await
                .map_err(|e| (2, format!("{what}: cannot reach {}: {e}", self.url)))?;
            let status = r.status();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            if !status.is_success() {
                let msg = body["message"].as_str().unwrap_or("");
                let detail = body["detail"]
                    .as_str()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                return Err(refused(format!(
                    "{what}: the server refused ({status}) {msg}{detail}"
                )));
            }
            serde_json::from_value(body).map_err(|e| refused(format!("{what}: {e}")))
        })
    }
}

/// An HTTP client that opens a connection per request. A trustee checks every ballot of a board
/// between two requests (more than 10 s for a few thousand), while its runtime is not polled; the
/// server meanwhile closes the idle connection (`asamblea_web::HEADER_READ_TIMEOUT`), and a pooled
/// connection reused after that failed the next request ("error sending request") on every retry.
fn fresh_connections() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap_or_default()
}

/// Writes whole or not at all (a temporary file renamed into place); `private` files are 0600.
pub fn write<T: Serialize>(p: &Path, v: &T, private: bool) -> Result<(), Failure> {
    let bytes = serde_json::to_vec_pretty(v).map_err(|e| io_err("encode", p, e))?;
    write_bytes(p, &bytes, private)
}

pub fn write_bytes(p: &Path, bytes: &[u8], private: bool) -> Result<(), Failure> {
    let tmp = p.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let _ = private;
    let mut f = opts.open(&tmp).map_err(|e| io_err("write", &tmp, e))?;
    f.write_all(bytes).map_err(|e| io_err("write", &tmp, e))?;
    f.sync_all().map_err(|e| io_err("write", &tmp, e))?;
    std::fs::rename(&tmp, p).map_err(|e| io_err("write", p, e))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Duration;

    use super::*;

    /// A server that answers each request on a connection, then closes the connection once it
    /// has been idle for 200 ms (as the real server does after its header timeout).
    fn closing_server() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let mut conn = conn.unwrap();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let mut seen = Vec::new();
                    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                        match conn.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => seen.extend_from_slice(&buf[..n]),
                        }
                    }
                    let _ = conn.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4\r\n\r\nnull",
                    );
                    std::thread::sleep(Duration::from_millis(200));
                    let _ = conn.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        format!("http://{addr}/api/v1/boards/b")
    }

    #[test]
    fn a_request_after_a_long_check_does_not_reuse_a_closed_connection() {
        let url = closing_server();
        let board = Board::open(&BoardArgs {
            board: url.clone(),
            token: None,
        })
        .unwrap();
        let Board::Http(h) = &board else {
            panic!("an http board")
        };
        for _ in 0..3 {
            h.get::<serde_json::Value>(&url, "doc").unwrap();
            // The trustee checks ballots: the runtime is not polled meanwhile.
            std::thread::sleep(Duration::from_millis(600));
        }
    }
}
