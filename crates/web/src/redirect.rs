//! The one check for every redirect to a path the request supplied (`?back=`, a form's `back`):
//! only a path on this server, never another site.

/// `candidate` if it is a local path, else `None`.
///
/// A local path starts with one `/` followed by something other than `/` or `\`, and holds no
/// backslash, no control character and no white space: browsers read `/\evil.example` and
/// `/<TAB>/evil.example` as `//evil.example`, another site.
pub fn local_path(candidate: &str) -> Option<&str> {
    let rest = candidate.strip_prefix('/')?;
    if rest.starts_with('/') {
        return None;
    }
    if candidate
        .chars()
        .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    {
        return None;
    }
    // It must read back as a path (and query), with no scheme or host.
    let uri: axum::http::Uri = candidate.parse().ok()?;
    if uri.scheme().is_some() || uri.authority().is_some() {
        return None;
    }
    Some(candidate)
}

/// [`local_path`], or `/` when the candidate is missing or not local.
pub fn local_or_home(candidate: Option<&str>) -> String {
    candidate.and_then(local_path).unwrap_or("/").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_pass() {
        for ok in [
            "/",
            "/record",
            "/assemblies/a-1/seats?x=1&y=%2F",
            "/elections/3#top",
            "/%2F/not-a-host",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn other_sites_are_refused() {
        for bad in [
            "",
            "record",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example/",
            "/ok\\..\\x",
            "/\u{0}x",
            "/\u{a0}/evil.example",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_or_home(Some("/\\evil.example")), "/");
        assert_eq!(local_or_home(None), "/");
    }
}
