//! Languages and message lookup. Every string a user reads comes from `locales/<lang>/main.ftl`.
//! The language is taken from the `lang` cookie, then `Accept-Language`, then Spanish.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "es",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the interface. Spanish and English are complete (a test keeps them so);
/// Quechua and Aymara cover at least the delegate's journey and fall back to Spanish message by
/// message (CLDR has no plural rules for them: their messages use `*[other]` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Es,
    En,
    /// Quechua (Runa Simi; Southern Quechua as written in Bolivia).
    Qu,
    /// Aymara (Aymar aru).
    Ay,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Es, Lang::En, Lang::Qu, Lang::Ay];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
            Lang::Qu => "qu",
            Lang::Ay => "ay",
        }
    }

    /// The language's name in itself, as the switcher shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Es => "Español",
            Lang::En => "English",
            Lang::Qu => "Runa Simi",
            Lang::Ay => "Aymar aru",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            // The macrolanguage codes and the ISO 639-3 codes of the varieties spoken in Bolivia
            // and Peru (South Bolivian, Cusco, Ayacucho Quechua; Central Aymara).
            "qu" | "quh" | "quz" | "quy" => Some(Lang::Qu),
            "ay" | "ayr" => Some(Lang::Ay),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut options: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::from_code(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        options.sort_by(|a, b| b.0.total_cmp(&a.0));
        options.first().map(|(_, l)| *l)
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Es => unic_langid::langid!("es"),
            Lang::En => unic_langid::langid!("en"),
            Lang::Qu => unic_langid::langid!("qu"),
            Lang::Ay => unic_langid::langid!("ay"),
        }
    }
}

/// Message lookup for one request's language. Templates call `i18n.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: Lang,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The message `key`, or the key itself if it is missing (a test checks none are missing).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.lang.langid(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with arguments, e.g. `t_args("seats-total", &[("count", 220.into())])`.
    pub fn t_args(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Num(n) => FluentValue::from(*n),
                    Arg::Str(s) => FluentValue::from(s.clone()),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.lang.langid(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// The sentence for an act kind as the record stores it (`vote.opened`); the stored kind
    /// itself only for a kind this version does not know.
    pub fn act_sentence(&self, kind: &str) -> String {
        kind.parse::<asamblea_app::domain::ActKind>()
            .map(|k| self.t(&k.message_key()))
            .unwrap_or_else(|_| kind.to_string())
    }

    /// Whether a message exists in this language (used by tests and for data-driven names).
    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.lang.langid(), key).is_some()
    }

    /// A translated name for data that has one (`prefix-key`), else the stored name.
    pub fn name_or(&self, prefix: &str, key: &str, stored: &str) -> String {
        let id = format!("{prefix}-{key}");
        LOCALES
            .try_lookup(&self.lang.langid(), &id)
            .unwrap_or_else(|| stored.to_string())
    }
}

/// An argument to a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Num(i64),
    Str(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

/// The cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "lang";

impl<S: Send + Sync> FromRequestParts<S> for I18n {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let from_cookie =
            crate::cookies::get(&parts.headers, LANG_COOKIE).and_then(|c| Lang::from_code(&c));
        let from_header = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language);
        Ok(I18n::new(from_cookie.or(from_header).unwrap_or(Lang::Es)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_best_supported() {
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.8, es;q=0.9"),
            Some(Lang::Es)
        );
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, de;q=0.5"), None);
        assert_eq!(
            Lang::from_accept_language("quh-BO, es;q=0.8"),
            Some(Lang::Qu)
        );
        assert_eq!(Lang::from_accept_language("ay, es;q=0.8"), Some(Lang::Ay));
    }

    /// The message ids defined in `locales/<lang>/*.ftl`.
    fn defined(lang: &str) -> std::collections::BTreeSet<String> {
        let ids = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| {
                    !l.starts_with([' ', '#', '\t', '.', '*', '[', '}']) && l.contains(" =")
                })
                .map(|l| l.split(" =").next().unwrap_or_default().trim().to_string())
                .collect()
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut set = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            set.extend(ids(&text));
        }
        set
    }

    #[test]
    fn both_languages_define_the_same_messages() {
        let es = defined("es");
        let en = defined("en");
        let missing_en: Vec<_> = es.difference(&en).collect();
        let missing_es: Vec<_> = en.difference(&es).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_es.is_empty(), "missing in Spanish: {missing_es:?}");
        assert!(es.len() > 20);
    }

    /// The messages of the delegate's journey (log in, the account, ask to speak, vote, see the
    /// result; and every message of "my assembly now", `sessions/my_now.html`): Quechua and
    /// Aymara must have their own; everything else may fall back to Spanish.
    const DELEGATE_JOURNEY: &[&str] = &[
        "nav-now",
        "nav-home",
        "nav-language",
        "nav-login",
        "nav-logout",
        "nav-vote",
        "login-title",
        "login-card-title",
        "login-card-help",
        "login-card-pickup",
        "field-card-code",
        "login-submit",
        "account-title",
        "field-display-name",
        "field-role",
        "role-delegate",
        "account-logout-everywhere",
        "ses-speakers-ask",
        "ses-speakers-ask-button",
        "ses-speakers-floor",
        "ses-speakers-waiting",
        "ses-speakers-withdraw",
        "ses-choice-yes",
        "ses-choice-no",
        "ses-choice-abstain",
        "ses-vote-cast",
        "ses-vote-you-voted",
        "ses-vote-not-present",
        "ses-result-passed",
        "ses-result-failed",
        "ses-result-winner",
        "dlg-vote-title",
        "dlg-vote-code",
        "dlg-vote-open",
        "dlg-vote-cast",
        "dlg-vote-done",
        "dlg-vote-done-title",
    ];

    /// The message keys a template asks for (`t("…")`, `t_args("…", …)`).
    fn template_keys(path: &str) -> Vec<String> {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .join(path);
        let text = std::fs::read_to_string(file).unwrap();
        let keys: Vec<String> = [".t(\"", ".t_args(\""]
            .iter()
            .flat_map(|open| text.split(open).skip(1))
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect();
        assert!(!keys.is_empty(), "{path} asks for no message");
        keys
    }

    #[test]
    fn quechua_and_aymara_cover_the_delegates_journey_and_add_nothing_spanish_lacks() {
        let es = defined("es");
        for lang in ["qu", "ay"] {
            let ids = defined(lang);
            let unknown: Vec<_> = ids.difference(&es).collect();
            assert!(
                unknown.is_empty(),
                "{lang} defines what Spanish does not: {unknown:?}"
            );
            let missing: Vec<_> = DELEGATE_JOURNEY
                .iter()
                .map(|k| k.to_string())
                .chain(template_keys("sessions/my_now.html"))
                .filter(|k| !ids.contains(k))
                .collect();
            assert!(
                missing.is_empty(),
                "{lang} lacks the delegate's {missing:?}"
            );
        }
    }

    #[test]
    fn quechua_falls_back_to_spanish_message_by_message() {
        let qu = I18n::new(Lang::Qu);
        assert!(
            !defined("qu").contains("nav-accounts"),
            "the test needs a message qu lacks"
        );
        // Its own message where it has one, the Spanish one where it has none.
        assert_ne!(qu.t("nav-login"), I18n::new(Lang::Es).t("nav-login"));
        assert_eq!(qu.t("nav-accounts"), I18n::new(Lang::Es).t("nav-accounts"));
        // A message with a number in it, though CLDR has no plural rules for Quechua.
        let voted = qu.t_args("ses-vote-voted", &[("n", Arg::Num(3))]);
        assert!(
            voted.contains('3') && !voted.contains("ses-vote"),
            "{voted}"
        );
    }

    #[test]
    fn every_act_kind_has_a_sentence_in_both_languages() {
        for lang in [Lang::Es, Lang::En] {
            let i18n = I18n::new(lang);
            let missing: Vec<String> = asamblea_app::domain::ActKind::ALL
                .iter()
                .map(|k| k.message_key())
                .filter(|key| !i18n.has(key))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: no sentence for {missing:?}",
                lang.code()
            );
        }
    }

    /// The message ids the code names literally: `t("…")`, `t_args("…"`, `has("…")` in the web
    /// crate's sources and templates, and every `"error-…"` key of the app's errors.
    fn keys_named_in(dir: &std::path::Path, out: &mut std::collections::BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                keys_named_in(&path, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for opener in [".t(\"", ".t_args(\"", ".has(\"", "\"error-"] {
                let mut rest = text.as_str();
                while let Some(at) = rest.find(opener) {
                    let start = at + opener.len();
                    let tail = &rest[start..];
                    let end = tail
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .unwrap_or(tail.len());
                    let key = if opener == "\"error-" {
                        format!("error-{}", &tail[..end])
                    } else {
                        tail[..end].to_string()
                    };
                    // A key ends at its closing quote; `error-` followed by `{` is a format!.
                    if tail[end..].starts_with('"') && key.len() > 3 && !key.ends_with('-') {
                        out.insert(key);
                    }
                    rest = &tail[end..];
                }
            }
        }
    }

    #[test]
    fn every_key_the_code_names_is_defined_in_both_languages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys = std::collections::BTreeSet::new();
        keys_named_in(&root.join("src"), &mut keys);
        keys_named_in(&root.join("templates"), &mut keys);
        keys_named_in(&root.join("../app/src"), &mut keys);
        assert!(keys.len() > 100, "only {} keys found", keys.len());
        for lang in ["es", "en"] {
            let ids = defined(lang);
            let missing: Vec<&String> = keys.iter().filter(|k| !ids.contains(*k)).collect();
            assert!(missing.is_empty(), "{lang}: missing {missing:?}");
        }
    }
}
