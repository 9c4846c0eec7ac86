//! `asamblea-load`: the load tool. It starts `asamblea serve --demo --no-demo-story` itself on a
//! fresh data directory (or an empty PostgreSQL database), sets up its own scenario through the
//! API, and for each scenario and each number of clients:
//!
//! 1. prepares the run's ballots: **members** with one-time voting codes in an election of their
//!    organization (`members.rs`), or **delegates** of a session in secret votes (`session.rs`);
//! 2. opens the observers (`GET /events`, `observers.rs`);
//! 3. drives C concurrent clients through the ballots, for a number of ballots or a duration,
//!    optionally killing the server with SIGKILL in the middle, starting it again and sending every
//!    unanswered ballot again with its `cast_key` (`drive.rs`);
//! 4. closes the votes and checks that every acknowledged ballot was counted exactly once;
//! 5. reports throughput, latency percentiles, errors by kind, the server's CPU time and peak
//!    resident memory, and the observers' latencies (ballots' acts and the close).
//!
//! At the end the server is killed with SIGKILL and `asamblea record verify` must pass on its
//! data. The database's own durable insert rate is measured in the same run (`dbrate.rs`).

pub mod api;
pub mod dbrate;
pub mod drive;
pub mod encrypted;
pub mod fds;
pub mod members;
pub mod observers;
pub mod screens;
pub mod server;
pub mod session;
pub mod source;
pub mod stats;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::{Mutex, watch};

use api::Api;
use drive::{Ballot, Outcome, Target};
use encrypted::{BallotKind, Trustees};
use server::Launch;
use stats::{Tally, check_counts, line, summary};

/// Errors are sentences for whoever runs the tool.
pub type Fallible<T> = Result<T, String>;

const SLUG: &str = "asamblea-popular-1971";
/// How long after the last close the observers are given to read it.
const CLOSE_WAIT: Duration = Duration::from_secs(3);

/// What kind of ballot a run casts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Members of an organization with one-time voting codes (`POST /api/v1/vote`).
    Members,
    /// Delegates in a session, secret ballots (`POST /api/v1/votes/{id}/ballots`).
    Session,
}

impl Scenario {
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Members => "members (voting codes)",
            Scenario::Session => "session (secret)",
        }
    }
}

/// Everything a run of the tool is told.
#[derive(Clone, Debug)]
pub struct Config {
    pub binary: PathBuf,
    /// `None`: SQLite in the data directory.
    pub database: Option<String>,
    /// `None`: a fresh temporary directory.
    pub data_dir: Option<PathBuf>,
    /// `taskset -c CPUS` for the server.
    pub server_cpus: Option<String>,
    pub listen: String,
    pub scenarios: Vec<Scenario>,
    pub clients: Vec<usize>,
    /// Loopback source addresses the clients and observers are spread over (1: the default
    /// address).
    pub client_addresses: u16,
    /// Ballots prepared per run (the most a run casts).
    pub ballots: usize,
    /// Stop sending after this long (else when the ballots are all cast).
    pub duration: Option<Duration>,
    /// Delegates seated for the session scenario (each votes once per vote).
    pub delegates: usize,
    pub observers: usize,
    /// Observers that note every act, for the ballots' act-to-screen latency.
    pub tracked_observers: usize,
    /// Observers ask for every act (`/events?every=true`) instead of coalesced batches.
    pub observe_every: bool,
    /// SIGKILL the server after this many acknowledged ballots of each run.
    pub kill_after: Option<usize>,
    /// SIGKILL the server after each run's last answer, before the close (the run's figures are
    /// untouched; the count then shows that nothing acknowledged was lost).
    pub kill_at_end: bool,
    /// Seconds for each measure of the database's own insert rate (0: not measured).
    pub db_rate_seconds: f64,
    pub setup_concurrency: usize,
    /// How the ballots are cast, one run of each scenario and number of clients per kind, in
    /// this order. The first encrypted kind sets the assembly's secret ballots to encrypted for
    /// good (runs of plaintext ballots after it are refused), so plaintext goes first.
    pub kinds: Vec<BallotKind>,
    /// Run the observers in a second process, this `asamblea-load` binary (`observe`), so the
    /// clients and the screens each have their own limit on open files; `None`: in this one.
    pub observers_process: Option<PathBuf>,
}

/// Runs everything `cfg` asks; writes the human report to `out` as it goes and returns the whole
/// report as JSON. An error is returned only when the tool could not do its job (set-up failed);
/// a failed check is in the report (`"ok": false`).
pub async fn run(cfg: &Config, out: &mut (dyn Write + Send)) -> Fallible<Value> {
    if cfg.ballots == 0 {
        return Err("--ballots: at least 1".into());
    }
    if cfg.clients.is_empty() || cfg.clients.contains(&0) {
        return Err("--clients: one or more numbers, each at least 1".into());
    }
    if cfg.kinds.is_empty() {
        return Err("no kind of ballot to cast".into());
    }
    if let Some(i) = cfg.kinds.iter().position(|k| k.encrypted())
        && cfg.kinds[i..].contains(&BallotKind::Plaintext)
    {
        return Err(
            "plaintext runs go before the encrypted ones (the assembly stays encrypted)".into(),
        );
    }
    if cfg.scenarios.contains(&Scenario::Session) && cfg.delegates == 0 {
        return Err("--delegates: at least 1 for the session runs".into());
    }
    let temp;
    let data_dir = match &cfg.data_dir {
        Some(d) => d.clone(),
        None => {
            temp = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
            temp.path().to_path_buf()
        }
    };
    let launch = Launch {
        binary: cfg.binary.clone(),
        data_dir: data_dir.clone(),
        database: cfg.database.clone(),
        cpus: cfg.server_cpus.clone(),
        listen: cfg.listen.clone(),
    };
    let backend = if cfg.database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    // Every client and observer holds a connection: a run that cannot fit the limit on open
    // files (here and in the server) is refused now rather than stalling in the middle.
    let clients = cfg.clients.iter().max().copied().unwrap_or(0);
    let connections = clients + cfg.observers;
    // Observers in their own process: this one holds the clients' connections only, the other
    // checks the observers' against its own limit when it starts.
    let here = if cfg.observers_process.is_some() {
        clients
    } else {
        connections
    };
    fds::check(here, None, "this tool").map_err(|e| {
        if cfg.observers_process.is_none() && cfg.observers > 0 {
            format!("{e}; or --observers-process, to hold the observers in a second process")
        } else {
            e
        }
    })?;
    let server = launch.start().await?;
    fds::check(connections, Some(server.pid), "the server")?;
    let setup_token = server
        .setup_token
        .clone()
        .ok_or("the server printed no set-up link: give the tool an empty database")?;
    let api = Api::new(&server.url)?;
    let admin = api::set_up_admin(&api, &setup_token).await?;
    let (url_tx, _) = watch::channel(server.url.clone());
    let target = Arc::new(Target {
        server: Mutex::new(server),
        launch: launch.clone(),
        url: url_tx,
        ticks: server::clock_ticks(),
    });
    let say = |out: &mut (dyn Write + Send), s: String| {
        let _ = writeln!(out, "{s}");
        let _ = out.flush();
    };
    say(
        out,
        format!("asamblea-load: {backend}, server {}", cfg.binary.display()),
    );

    let db_rate = if cfg.db_rate_seconds > 0.0 {
        let v = dbrate::measure(&data_dir, cfg.database.as_deref(), cfg.db_rate_seconds).await?;
        say(out, format!("database's own durable inserts: {v}"));
        v
    } else {
        Value::Null
    };

    let assemblies = api.get_ok(&admin, "/api/v1/assemblies").await?;
    let assembly = assemblies
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["slug"] == SLUG)
        .and_then(|a| a["id"].as_i64())
        .ok_or("the demo assembly is missing (the server is started with --demo)")?;
    let organizations = members::organizations_with_seats(&api, &admin, SLUG).await?;
    let mut used = BTreeSet::new();
    let mut hall = None;
    let mut runs = Vec::new();
    let mut all_ok = true;

    // Every members' run's election is opened now, before a hall is seated.
    let members_runs = if cfg.scenarios.contains(&Scenario::Members) {
        cfg.kinds.len() * cfg.clients.len()
    } else {
        0
    };
    let mut elections = Vec::with_capacity(members_runs);
    for _ in 0..members_runs {
        elections
            .push(members::open_election(&api, &admin, assembly, &organizations, &mut used).await?);
    }
    elections.reverse();
    let mut trustees: Option<Trustees> = None;
    let mut left_open: Vec<i64> = Vec::new();
    let runs_of: Vec<(BallotKind, Scenario, usize)> = cfg
        .kinds
        .iter()
        .flat_map(|&k| {
            cfg.scenarios
                .iter()
                .flat_map(move |&s| cfg.clients.iter().map(move |&c| (k, s, c)))
        })
        .collect();
    for (kind, scenario, clients) in runs_of {
        let api = Api::new(&target.url.borrow().clone())?;
        if kind.encrypted() && trustees.is_none() {
            // No vote may be open when the assembly's ballots change: the ones a duration
            // left without ballots are closed now.
            for v in std::mem::take(&mut left_open) {
                session::close(&api, &admin, v).await?;
            }
            let t = Instant::now();
            let made = encrypted::set_up(
                &api,
                &admin,
                &cfg.binary,
                SLUG,
                &data_dir.join("load-trustees"),
            )
            .await?;
            say(
                out,
                format!(
                    "set-up: secret ballots encrypted ({} of {} trustees), key ceremony by `asamblea trustee` processes in {:.1} s",
                    encrypted::THRESHOLD,
                    encrypted::TRUSTEES,
                    t.elapsed().as_secs_f64()
                ),
            );
            trustees = Some(made);
        }
        let t = Instant::now();
        let label = format!("{backend} {} {} {clients}", scenario.name(), kind.name());
        // Set-up (not measured).
        let (ballots, closer): (Vec<Ballot>, Closer) = match scenario {
            Scenario::Members => {
                let opened = elections.pop().ok_or("no election opened for this run")?;
                let (e, b) = members::prepare(&api, &admin, opened, cfg.ballots, kind).await?;
                (b, Closer::Election(e))
            }
            Scenario::Session => {
                if hall.is_none() {
                    let store = asamblea_store::Store::open(cfg.database.as_deref(), &data_dir)
                        .await
                        .map_err(|e| format!("opening the server's database: {e}"))?;
                    // Not on the organizations of the members' elections: an election
                    // seats its elected at the close (an encrypted one once its trustees
                    // have decrypted), which needs the seats the hall would fill.
                    let hall_organizations: Vec<i64> = organizations
                        .iter()
                        .copied()
                        .filter(|o| !used.contains(o))
                        .collect();
                    let h = session::seat(
                        &api,
                        &store,
                        &admin,
                        SLUG,
                        assembly,
                        &hall_organizations,
                        cfg.delegates,
                        cfg.setup_concurrency,
                    )
                    .await?;
                    store.close().await;
                    say(
                        out,
                        format!(
                            "set-up: {} delegates seated, checked in and logged in, in {:.1} s",
                            h.tokens.len(),
                            t.elapsed().as_secs_f64()
                        ),
                    );
                    hall = Some(h);
                }
                let h = hall.as_ref().ok_or("no hall")?;
                let (votes, b) =
                    session::prepare(&api, &admin, assembly, h, cfg.ballots, &label, kind).await?;
                (b, Closer::Votes(votes))
            }
        };
        say(
            out,
            format!(
                "\n== {label} clients: {} ballots prepared in {:.1} s",
                ballots.len(),
                t.elapsed().as_secs_f64()
            ),
        );
        let ballots = Arc::new(ballots);
        let head = api.get_ok("", "/api/v1/record/head").await?;
        let after = head["position"].as_i64().unwrap_or(0);
        let before = fds::Usage::now(target.server.lock().await.pid);
        let mut observers = screens::Screens::open(
            cfg.observers_process.as_deref(),
            cfg.observers,
            cfg.tracked_observers,
            if cfg.observe_every {
                "/events?every=true"
            } else {
                "/events"
            },
            after,
            target.url.subscribe(),
            cfg.client_addresses,
        )
        .await?;
        let (connected, connect_time) = (observers.connected(), observers.connect_time());
        let mut observed = fds::Usage::now(target.server.lock().await.pid);
        let mut before = before;
        if let screens::Screens::Apart(a) = &observers {
            // What the observers cost the tool is what their own process grew by.
            (before.tool_rss_kib, before.tool_fds) = (a.usage.0, a.usage.1);
            (observed.tool_rss_kib, observed.tool_fds) = (a.usage.2, a.usage.3);
        }
        let observer_cost = observed.per_observer(&before, connected);
        let observers_pid = observers.pid();
        let outcome = drive::drive(
            target.clone(),
            ballots.clone(),
            clients,
            cfg.client_addresses,
            cfg.duration,
            cfg.kill_after,
        )
        .await;
        let restart_at_end = if cfg.kill_at_end {
            let opened = observers.opened().await;
            let mut s = target.server.lock().await;
            s.kill9().await;
            let t = Instant::now();
            *s = launch.start().await?;
            let _ = target.url.send(s.url.clone());
            let restart = t.elapsed();
            drop(s);
            // The screens come back before the close, so its figure is not their reconnection.
            let back = observers.back(opened, Duration::from_secs(10)).await;
            Some((restart, back))
        } else {
            None
        };
        // The close, and the count checked against what was acknowledged.
        let api = Api::new(&target.url.borrow().clone())?;
        // Only the votes that were sent ballots are closed (clients take ballots in order,
        // so those are the first `sent`): a duration may leave later votes untouched, and on
        // PostgreSQL every close rewrites the ballot tables (issue 14), which is not measured.
        let touched: BTreeSet<i64> = ballots[..outcome.sent.min(ballots.len())]
            .iter()
            .map(|b| b.target)
            .collect();
        let decrypt = trustees.as_ref().map(|t| (cfg.binary.as_path(), t));
        let mut decrypted_in = None;
        let (counted, closes) = closer
            .close(&api, &admin, &touched, decrypt, &mut decrypted_in)
            .await?;
        if let Closer::Votes(votes) = &closer {
            left_open.extend(votes.iter().filter(|v| !touched.contains(v)));
        }
        // Screens that have not read the close within this are counted as not seen.
        tokio::time::sleep(CLOSE_WAIT).await;
        let observers_cpu = observers_pid
            .and_then(|p| server::cpu_seconds(p, target.ticks))
            .map(|(u, s)| round2(u + s));
        let traces = observers.stop().await?;
        let mut report = report_run(
            &label,
            scenario,
            kind,
            clients,
            &ballots,
            &outcome,
            &counted,
            &closes,
            &traces,
            connected,
            observed.server_rss_kib,
        );
        report["observers"]["cost"] = observer_cost;
        report["observers"]["connect_s"] = json!(round2(connect_time.as_secs_f64()));
        if let Some(cpu) = observers_cpu {
            report["observers"]["process_cpu_s"] = json!(cpu);
        }
        if let Some(d) = decrypted_in {
            report["trustees_decrypted_s"] = json!(round2(d.as_secs_f64()));
        }
        if let Some((d, (back_in, back, reopened))) = restart_at_end {
            report["killed_at_end_restart_s"] = json!(round2(d.as_secs_f64()));
            if connected > 0 {
                let in_s = round2(back_in.as_secs_f64());
                report["observers"]["back_after_restart"] =
                    json!({"streams": back, "reopened": reopened, "in_s": in_s});
            }
        }
        all_ok &= report["ok"] == true;
        say(out, human(&report));
        runs.push(report);
    }

    // The end: SIGKILL, then the record must verify on what is left.
    {
        let mut s = target.server.lock().await;
        s.kill9().await;
    }
    let (verified, said) = server::record_verify(&launch).await;
    all_ok &= verified;
    say(
        out,
        format!(
            "\nafter kill -9 at the end: record verify {}: {said}",
            if verified { "passed" } else { "FAILED" }
        ),
    );
    say(
        out,
        format!("overall: {}", if all_ok { "ok" } else { "FAILED" }),
    );
    Ok(json!({
        "backend": backend,
        "database_insert_rate": db_rate,
        "runs": runs,
        "record_verify": {"passed": verified, "output": said},
        "ok": all_ok,
    }))
}

/// How a run's votes are closed and counted.
enum Closer {
    Election(members::Election),
    Votes(Vec<i64>),
}

impl Closer {
    /// Closes the run's election, or its votes that were sent ballots: what was counted, and when
    /// each close was requested. Encrypted ones wait for their trustees: `decrypt` (the
    /// `asamblea` binary and the trustees) decrypts them all, then each board's decrypted tally
    /// is what was counted.
    async fn close(
        &self,
        api: &Api,
        admin: &str,
        touched: &BTreeSet<i64>,
        decrypt: Option<(&std::path::Path, &Trustees)>,
        decrypted_in: &mut Option<Duration>,
    ) -> Fallible<(Tally, Vec<Instant>)> {
        let mut counted = Tally::new();
        let mut requested = Vec::new();
        let mut counting = Vec::new();
        match self {
            Closer::Election(e) => {
                requested.push(Instant::now());
                match members::close(api, admin, e).await? {
                    Some((t, _voters)) => counted.extend(t),
                    None => counting.push(e.id),
                }
            }
            Closer::Votes(votes) => {
                for &v in votes.iter().filter(|v| touched.contains(v)) {
                    requested.push(Instant::now());
                    match session::close(api, admin, v).await? {
                        Some(t) => counted.extend(t),
                        None => counting.push(v),
                    }
                }
            }
        }
        if counting.is_empty() {
            return Ok((counted, requested));
        }
        let (binary, trustees) =
            decrypt.ok_or("a vote waits for trustees the tool did not set up")?;
        // `trustee follow --once` reports a share it could not publish (a busy server) and
        // ends: it is run again until every board is decrypted, as a trustee would.
        let t = Instant::now();
        let mut attempt = 1;
        loop {
            let said = encrypted::decrypt(binary, &api.url, trustees).await?;
            match self.decrypted(api, &counting).await {
                Ok(tally) => {
                    counted.extend(tally);
                    break;
                }
                Err(e) if attempt >= DECRYPT_TRIES => {
                    return Err(format!("{e} (the trustees said: {})", said.join(" | ")));
                }
                Err(_) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
        *decrypted_in = Some(t.elapsed());
        Ok((counted, requested))
    }
}

impl Closer {
    /// The decrypted count of the encrypted votes or election that were `counting`.
    async fn decrypted(&self, api: &Api, counting: &[i64]) -> Fallible<Tally> {
        let mut counted = Tally::new();
        match self {
            Closer::Election(e) => counted.extend(members::decrypted(api, e).await?),
            Closer::Votes(_) => {
                for &v in counting {
                    counted.extend(session::decrypted(api, v).await?);
                }
            }
        }
        Ok(counted)
    }
}

/// Times the trustees are run until every closed board is decrypted.
const DECRYPT_TRIES: usize = 5;

/// The run's report as JSON.
#[allow(clippy::too_many_arguments)] // one run's every measure
fn report_run(
    label: &str,
    scenario: Scenario,
    kind: BallotKind,
    clients: usize,
    ballots: &[Ballot],
    o: &Outcome,
    counted: &Tally,
    closes: &[Instant],
    traces: &[observers::Trace],
    observers: usize,
    rss_observed_kib: u64,
) -> Value {
    let mut acked = Tally::new();
    let mut reference: BTreeMap<i64, Instant> = BTreeMap::new();
    let mut latencies = Vec::with_capacity(o.acked.len());
    for a in &o.acked {
        let b = &ballots[a.index];
        *acked.entry((b.target, b.choice.clone())).or_default() += 1;
        if !a.resent {
            latencies.push(a.at - a.sent);
        }
        if let Some(p) = a.position {
            let t = reference.entry(p).or_insert(a.at);
            *t = (*t).min(a.at);
        }
    }
    let mut unknown = Tally::new();
    for &i in &o.unknown {
        let b = &ballots[i];
        *unknown.entry((b.target, b.choice.clone())).or_default() += 1;
    }
    // Members' ballots: the box holds the candidate's id as text, which is the choice sent.
    let count = check_counts(&acked, &unknown, counted);
    let window = match (o.first_send, o.last_ack) {
        (Some(a), Some(b)) if b > a => (b - a).as_secs_f64(),
        _ => 0.0,
    };
    let rate = if window > 0.0 {
        o.acked.len() as f64 / window
    } else {
        0.0
    };
    let (act_lat, act_missed) = observers::act_latencies(traces, &reference, 2000);
    let (close_lat, close_missed) = observers::close_latencies(traces, closes, kind.encrypted());
    let kill = o.kill.as_ref().map(|k| {
        json!({
            "acknowledged_before_kill": k.acked_before,
            "unanswered_resent": k.unanswered,
            "resend_found_recorded_before_kill": k.recorded_before_kill,
            "resend_recorded_now": k.recorded_on_resend,
            "resend_failed": k.resend_failed,
            "restart_s": (k.restart.as_secs_f64() * 100.0).round() / 100.0,
        })
    });
    let kill_ok = o.kill.as_ref().is_none_or(|k| k.resend_failed == 0);
    let ok = count["exactly_once"] == true && kill_ok;
    json!({
        "label": label,
        "scenario": scenario.name(),
        "ballots": kind.name(),
        "clients": clients,
        "prepared": ballots.len(),
        "sent": o.sent,
        "acknowledged": o.acked.len(),
        "seconds": (window * 1000.0).round() / 1000.0,
        "ballots_per_s": rate.round(),
        "latency": summary(latencies),
        "errors": o.errors,
        "server_cpu_s": {"user": round2(o.cpu_user), "sys": round2(o.cpu_sys),
            "cores_busy": if window > 0.0 { round2((o.cpu_user + o.cpu_sys) / window) } else { 0.0 }},
        "server_peak_rss_mib": o.peak_rss_kib / 1024,
        "tool_cpu_s": round2(o.tool_cpu),
        "writers": o.writers.iter().map(|w| json!({
            "writer": w.writer,
            "batches": w.batches,
            "ballots": w.jobs,
            "ballots_per_batch": if w.batches > 0 { round2(w.jobs as f64 / w.batches as f64) } else { 0.0 },
            "busy_s": round2(w.busy_s),
            "busy_share": if window > 0.0 { round2(w.busy_s / window) } else { 0.0 },
            "ms_per_batch": if w.batches > 0 { round2(w.busy_s * 1000.0 / w.batches as f64) } else { 0.0 },
            "us_per_ballot_by_phase": w.phases.iter().map(|(phase, s)| json!({
                "phase": phase,
                "us": if w.jobs > 0 { (s * 1e6 / w.jobs as f64).round() } else { 0.0 },
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "server_threads": o.threads.iter().map(|(name, s)| json!({
            "thread": name,
            "cpu_s": round2(*s),
            "us_per_ballot": if o.acked.is_empty() { 0.0 } else { (s * 1e6 / o.acked.len() as f64).round() },
        })).collect::<Vec<_>>(),
        "listen_overflows": o.listen_overflows,
        "server_rss_with_observers_mib": rss_observed_kib / 1024,
        "count": count,
        "kill": kill,
        "observers": {
            "connected": observers,
            "ballot_acts_to_screen": if reference.is_empty() { Value::Null } else { summary(act_lat) },
            "ballot_acts_not_seen": act_missed,
            "close_to_screen": summary(close_lat),
            "close_not_seen": close_missed,
            "reconnects": traces.iter().map(|t| t.reconnects).sum::<usize>(),
        },
        "ok": ok,
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The run's report for a person.
pub fn human(r: &Value) -> String {
    let mut s = String::new();
    let c = &r["count"];
    s.push_str(&format!(
        "acknowledged {} of {} sent in {} s: {} ballots/s\n",
        r["acknowledged"], r["sent"], r["seconds"], r["ballots_per_s"]
    ));
    s.push_str(&format!("latency: {}\n", line(&r["latency"])));
    s.push_str(&format!("errors: {}\n", r["errors"]));
    if r["listen_overflows"].as_u64().unwrap_or(0) > 0 {
        s.push_str(&format!(
            "connections dropped by a full listen queue on this machine: {} (their clients retried after 1 s, 3 s, …)\n",
            r["listen_overflows"]
        ));
    }
    s.push_str(&format!(
        "server: CPU user {} s + sys {} s ({} cores busy), peak RSS {} MiB (RSS {} MiB with the observers connected); this tool: CPU {} s\n",
        r["server_cpu_s"]["user"],
        r["server_cpu_s"]["sys"],
        r["server_cpu_s"]["cores_busy"],
        r["server_peak_rss_mib"],
        r["server_rss_with_observers_mib"],
        r["tool_cpu_s"]
    ));
    if let Some(threads) = r["server_threads"].as_array()
        && !threads.is_empty()
    {
        let each: Vec<String> = threads
            .iter()
            .map(|t| {
                format!(
                    "{} {}",
                    t["thread"].as_str().unwrap_or(""),
                    t["us_per_ballot"]
                )
            })
            .collect();
        s.push_str(&format!(
            "server CPU µs per ballot by thread: {}\n",
            each.join(", ")
        ));
    }
    for w in r["writers"].as_array().into_iter().flatten() {
        s.push_str(&format!(
            "writer ({}): {} batches of {} ballots on average, {} ms each; busy {} s, {} of the window\n",
            w["writer"].as_str().unwrap_or(""),
            w["batches"],
            w["ballots_per_batch"],
            w["ms_per_batch"],
            w["busy_s"],
            w["busy_share"]
        ));
        if let Some(phases) = w["us_per_ballot_by_phase"].as_array()
            && !phases.is_empty()
        {
            let each: Vec<String> = phases
                .iter()
                .map(|p| format!("{} {}", p["phase"].as_str().unwrap_or(""), p["us"]))
                .collect();
            s.push_str(&format!(
                "  its µs per ballot by phase: {}\n",
                each.join(", ")
            ));
        }
    }
    let o = &r["observers"];
    if o["connected"].as_u64().unwrap_or(0) > 0 {
        if !o["ballot_acts_to_screen"].is_null() {
            s.push_str(&format!(
                "observers ({}): ballot acts, acknowledgement → screen: {}; not seen: {}\n",
                o["connected"],
                line(&o["ballot_acts_to_screen"]),
                o["ballot_acts_not_seen"]
            ));
        }
        let cost = &o["cost"];
        s.push_str(&format!(
            "observers ({}): connected in {} s; each: server {} bytes, {} fds; this tool {} bytes, {} fds\n",
            o["connected"],
            o["connect_s"],
            cost["server_bytes_each"],
            cost["server_fds_each"],
            cost["tool_bytes_each"],
            cost["tool_fds_each"]
        ));
        s.push_str(&format!(
            "observers ({}): close request → screen: {}; not seen: {}\n",
            o["connected"],
            line(&o["close_to_screen"]),
            o["close_not_seen"]
        ));
    }
    if let Some(t) = r["killed_at_end_restart_s"].as_f64() {
        s.push_str(&format!(
            "kill -9 after the last answer, before the close: started again in {t} s\n"
        ));
        let back = &r["observers"]["back_after_restart"];
        if back.is_object() {
            s.push_str(&format!(
                "observers: {} of {} streams open again {} s after the restart, before the close\n",
                back["streams"], r["observers"]["connected"], back["in_s"]
            ));
        }
    }
    if let Some(t) = r["trustees_decrypted_s"].as_f64() {
        s.push_str(&format!(
            "after the close, {} trustees (`asamblea trustee follow --once`) decrypted in {t} s; counted: the boards' decrypted tallies\n",
            encrypted::THRESHOLD
        ));
    }
    if let Some(k) = r["kill"].as_object() {
        s.push_str(&format!(
            "kill -9 after {} acknowledged: {} unanswered, sent again with their cast_key: {} had been recorded before the kill, {} recorded now, {} failed; restart {} s\n",
            k["acknowledged_before_kill"], k["unanswered_resent"], k["resend_found_recorded_before_kill"],
            k["resend_recorded_now"], k["resend_failed"], k["restart_s"]
        ));
    }
    s.push_str(&format!(
        "count: {} acknowledged, {} counted, lost {}, counted twice or never answered {}: {}",
        c["acknowledged"],
        c["counted"],
        c["lost"],
        c["counted_twice_or_unsent"],
        if r["ok"] == true {
            "exactly once"
        } else {
            "FAILED"
        }
    ));
    s
}
