//! Slow clients (issue 11, RELIABILITY.md): connections that send a request's headers slowly and
//! never finish are closed after `HEADER_READ_TIMEOUT`, and normal requests are answered at
//! once meanwhile. Before the fix, axum's `serve` set no timer and they stayed open for ever.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{self, TestServer};

#[tokio::test]
async fn slowloris_connections_are_closed_and_service_goes_on() {
    let db = common::sqlite().await;
    let s = TestServer::start(db.store.clone()).await;
    let addr = s.url.trim_start_matches("http://").to_string();
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut c = tokio::net::TcpStream::connect(&addr).await.unwrap();
        c.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(c);
    }
    let started = Instant::now();
    let limit = asamblea_web::HEADER_READ_TIMEOUT + Duration::from_secs(5);
    let mut closed = 0;
    for c in &mut slow {
        // One more byte now and then, as slowloris does; the server must still close it.
        let _ = c.write_all(b"a").await;
        let left = limit.saturating_sub(started.elapsed());
        let r = s.client.get(s.at("/healthz")).send().await.unwrap();
        assert!(r.status().is_success(), "served while slow clients wait");
        let mut buf = [0u8; 512];
        match tokio::time::timeout(left, c.read(&mut buf)).await {
            Ok(Ok(_)) | Ok(Err(_)) => closed += 1,
            Err(_) => break,
        }
    }
    assert_eq!(closed, 50, "every slow connection closed within {limit:?}");
    assert!(started.elapsed() >= asamblea_web::HEADER_READ_TIMEOUT - Duration::from_secs(1));
    s.stop().await;
    db.cleanup().await;
}

/// Clients that send their headers and a few bytes of their body and then stop: the server cuts
/// each once the body has been idle for `BODY_IDLE` (an answer, then the close) and serves others
/// meanwhile. Before, nothing bounded a stalled body: the connection stayed open.
#[tokio::test]
async fn a_stalled_body_is_cut_and_service_goes_on() {
    let db = common::sqlite().await;
    let s = TestServer::start(db.store.clone()).await;
    let addr = s.url.trim_start_matches("http://").to_string();
    let mut stalled = Vec::new();
    for _ in 0..20 {
        let mut c = tokio::net::TcpStream::connect(&addr).await.unwrap();
        c.write_all(b"POST /api/v1/vote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"code\":")
            .await
            .unwrap();
        stalled.push(c);
    }
    let started = Instant::now();
    let limit = asamblea_web::BODY_IDLE + Duration::from_secs(5);
    let r = s.client.get(s.at("/healthz")).send().await.unwrap();
    assert!(r.status().is_success(), "served while bodies stall");
    let mut cut = 0;
    for c in &mut stalled {
        let left = limit.saturating_sub(started.elapsed());
        let mut buf = [0u8; 512];
        // An answer or the close: either way the connection is not held.
        match tokio::time::timeout(left, c.read(&mut buf)).await {
            Ok(_) => cut += 1,
            Err(_) => break,
        }
    }
    assert_eq!(cut, 20, "every stalled body cut within {limit:?}");
    assert!(started.elapsed() >= asamblea_web::BODY_IDLE - Duration::from_secs(1));
    s.stop().await;
    db.cleanup().await;
}
