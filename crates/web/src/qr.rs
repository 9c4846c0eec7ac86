//! QR codes for credential cards: scanning one opens the login page with the card's code filled in.

/// An SVG QR code of `<origin>/login?code=<code>`.
pub fn login_qr_svg(origin: &str, code: &str) -> String {
    let url = format!("{}/login?code={}", origin.trim_end_matches('/'), code);
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(qr) => qr
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(160, 160)
            .build(),
        Err(_) => String::new(),
    }
}
