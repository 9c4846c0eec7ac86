//! `asamblea serve`: open the database (migrating it), optionally load the demo, print the
//! one-time set-up link when there is no administrator, and serve HTTP until Ctrl-C or SIGTERM.

use asamblea_app::actions::accounts::ensure_setup_token::ensure_setup_token;
use asamblea_app::demo::load_demo::load_demo;
use asamblea_app::demo::load_demo_federation::load_demo_federation;
use asamblea_app::demo::load_demo_story::load_demo_story;
use asamblea_app::demo::load_mandate_story::load_mandate_story;
use asamblea_store::Store;
use asamblea_web::AppState;

use super::db_args::DbArgs;

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Load the demo federation (the People's Assembly of 1971) and its story (an election,
    /// credentials, a recall, a first session) if they are not there yet.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: load the federation only, without the story (an empty assembly, for tests).
    #[arg(long)]
    pub no_demo_story: bool,
    /// The address people use to reach this server, for the printed set-up link
    /// (default: http://<listen>).
    #[arg(long, value_name = "URL", env = "ASAMBLEA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Mark cookies Secure (when served over HTTPS, e.g. behind a reverse proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// The hall's own network (e.g. 10.0.0.0/8), repeatable or comma-separated: wrong card and
    /// voting codes from there are not throttled per address (a whole hall shares one address
    /// behind its router); passwords stay throttled per account and address.
    #[arg(
        long,
        value_name = "CIDR",
        env = "ASAMBLEA_HALL_NETWORK",
        value_delimiter = ','
    )]
    pub hall_network: Vec<String>,
}

pub fn run(args: ServeArgs) -> i32 {
    super::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("asamblea: cannot start the async runtime: {e}");
            return 1;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("asamblea: {message}");
            1
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let networks = args
        .hall_network
        .iter()
        .map(|n| n.parse::<asamblea_app::throttle::Network>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("--hall-network: {e}"))?;
    asamblea_app::throttle::set_hall_networks(networks);
    let store = Store::open_with_key(
        args.db.database.as_deref(),
        &args.db.data_dir,
        args.db.key_source(),
    )
    .await
    .map_err(|e| e.to_string())?;
    if args.demo {
        match load_demo(&store).await {
            Ok(true) => println!("Loaded the demo: the People's Assembly of 1971 (220 seats)."),
            Ok(false) => println!("The demo is already loaded."),
            Err(e) => return Err(format!("loading the demo failed: {e}")),
        }
        // The story is an extra: if it fails, the server still starts with the federation.
        let story = if args.no_demo_story {
            Ok(false)
        } else {
            load_demo_story(&store).await
        };
        match story {
            Ok(true) => println!(
                "Told the demo story: an election, credentials, a recall and a first session."
            ),
            Ok(false) => {}
            Err(e) => eprintln!("asamblea: the demo story could not be told: {e}"),
        }
        if !args.no_demo_story {
            match load_demo_federation(&store).await {
                Ok(true) => println!(
                    "Told the demo federation: Oruro and La Paz, a forward adopted nationally, a substitute, a proxy."
                ),
                Ok(false) => {}
                Err(e) => eprintln!("asamblea: the demo federation could not be told: {e}"),
            }
        }
        // The mandate and a general strike fired by the Political Command (after the story).
        if !args.no_demo_story {
            match load_mandate_story(&store).await {
                Ok(true) => println!(
                    "Told the mandate: demands ranked into a platform, a general strike fired, adherence."
                ),
                Ok(false) => {}
                Err(e) => eprintln!("asamblea: the mandate story could not be told: {e}"),
            }
        }
    }
    let listener = listen(&args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let base = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    if let Some(token) = ensure_setup_token(&store)
        .await
        .map_err(|e| format!("set-up: {e}"))?
    {
        println!("No administrator yet. Open this one-time set-up link to create one:");
        println!("  {}/setup/{token}", base.trim_end_matches('/'));
    }
    println!("Asamblea is listening on http://{local}");
    let state = AppState::serving(store, args.secure_cookies, args.public_url);
    asamblea_web::serve(listener, state, shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// How many connections may wait to be accepted. Tokio's `bind` asks for 1,024; a hall whose
/// thousands of phones connect at the same moment overflowed it (connections dropped and retried
/// by the phones after 1 s or 3 s: issue 15's load tool counts them). The kernel caps the number
/// at `net.core.somaxconn` (4,096 by default on current Linux).
const LISTEN_BACKLOG: u32 = 8192;

/// Binds `addr` (`host:port`) with a long accept queue and address reuse (a restarted server
/// binds again at once while the old connections time out).
async fn listen(addr: &str) -> std::io::Result<tokio::net::TcpListener> {
    let mut last = None;
    for a in tokio::net::lookup_host(addr).await? {
        let socket = if a.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(a).and_then(|()| socket.listen(LISTEN_BACKLOG)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the address resolves to nothing",
        )
    }))
}
