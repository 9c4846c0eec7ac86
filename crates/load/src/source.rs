//! Where this tool's connections come from. Thousands of connections from one address to one
//! port make the kernel search longer and longer for a free source port in each `connect` (most
//! of this tool's CPU in a hall of 10,000, and screens that could not come back after a kill):
//! phones come from many addresses, so the clients and observers can be spread over loopback
//! addresses when the server listens on loopback (`--client-addresses`).

use std::net::{IpAddr, Ipv4Addr};

/// Whether the server's address (`http://host:port`) is an IPv4 loopback one.
pub fn on_loopback(url: &str) -> bool {
    let host = url.trim_start_matches("http://").split(':').next();
    host.and_then(|h| h.parse::<Ipv4Addr>().ok())
        .is_some_and(|ip| ip.is_loopback())
}

/// The source address of connection `k` spread over `n` loopback addresses: 127.0.1.1,
/// 127.0.1.2, ... (`None` when `n` is 1 or the server is not on loopback: the system chooses).
pub fn address(url: &str, k: usize, n: u16) -> Option<IpAddr> {
    (n > 1 && on_loopback(url)).then(|| {
        let first = u32::from(Ipv4Addr::new(127, 0, 1, 1));
        IpAddr::V4(Ipv4Addr::from(first + (k % usize::from(n)) as u32))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_spread_over_loopback_addresses_only_when_asked() {
        let url = "http://127.0.0.1:8080";
        assert!(on_loopback(url));
        assert!(!on_loopback("http://10.0.0.1:8080"));
        assert!(!on_loopback("http://localhost:8080"));
        assert_eq!(address(url, 7, 1), None);
        assert_eq!(address("http://10.0.0.1:8080", 7, 300), None);
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        assert_eq!(address(url, 0, 300), ip("127.0.1.1"));
        assert_eq!(address(url, 255, 300), ip("127.0.2.0"));
        assert_eq!(address(url, 299, 300), ip("127.0.2.44"));
        assert_eq!(address(url, 300, 300), ip("127.0.1.1"));
    }
}
