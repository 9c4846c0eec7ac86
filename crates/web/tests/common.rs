//! Test support: a real server on loopback over a fresh database (SQLite file or PostgreSQL).

#![allow(dead_code)]

use std::net::SocketAddr;

use asamblea_store::Store;
use asamblea_store::testing::TestDb;
use asamblea_web::AppState;
use tokio::sync::oneshot;

pub struct TestServer {
    pub url: String,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Serves `store` on 127.0.0.1 with an OS-chosen port.
    pub async fn start(store: Store) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            asamblea_web::serve(listener, AppState::new(store), shutdown)
                .await
                .expect("serve");
        });
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        TestServer {
            url: format!("http://{addr}"),
            client,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), t).await;
        }
    }
}

/// Runs `body` on a fresh SQLite database.
pub async fn sqlite() -> TestDb {
    TestDb::sqlite().await
}

/// A fresh PostgreSQL database, or `None` (test skipped) when `ASAMBLEA_TEST_POSTGRES` is unset.
pub async fn postgres(test: &str) -> Option<TestDb> {
    TestDb::postgres_if_configured(test).await
}
