//! What every page template receives as `page`: language, user, form token, current path.

use asamblea_app::Account;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::CurrentUser;
use crate::csrf::CsrfToken;
use crate::i18n::{I18n, Lang};
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct PageCtx {
    pub i18n: I18n,
    pub user: Option<Account>,
    pub csrf: String,
    pub path: String,
    pub notice: Option<String>,
    /// A refusal to show above the page (styled as an error, announced to screen readers).
    pub error: Option<String>,
    /// What the user typed in a refused form, shown again in its fields (`kept("title")`).
    pub kept: Vec<(String, String)>,
    /// Scheme and host of this server as the browser reached it, e.g. `http://10.0.0.5:8080`.
    pub origin: String,
}

impl PageCtx {
    /// The languages to switch to, with their own names.
    pub fn languages(&self) -> Vec<(&'static str, &'static str)> {
        Lang::ALL.iter().map(|l| (l.code(), l.own_name())).collect()
    }

    /// The logged-in account, or a 401 page asking to log in.
    pub fn require_user(&self) -> Result<&Account, crate::error::PageError> {
        self.user.as_ref().ok_or_else(|| {
            crate::error::PageError::status(
                axum::http::StatusCode::UNAUTHORIZED,
                "error-login-required",
            )
        })
    }

    /// The logged-in account as the author of an action, or a 401 page asking to log in.
    pub fn actor(&self) -> Result<asamblea_app::Actor, crate::error::PageError> {
        Ok(asamblea_app::Actor::Account(self.require_user()?.clone()))
    }

    /// The actor of a form post: its CSRF token checked, then the logged-in account.
    pub fn form_actor(&self, csrf: &str) -> Result<asamblea_app::Actor, crate::error::PageError> {
        self.check_csrf(csrf)?;
        self.actor()
    }

    /// Refuses a form whose token does not match this browser's CSRF cookie (a 403 page).
    pub fn check_csrf(&self, submitted: &str) -> Result<(), crate::error::PageError> {
        if crate::csrf::CsrfToken(self.csrf.clone()).matches(submitted) {
            Ok(())
        } else {
            Err(crate::error::PageError::status(
                axum::http::StatusCode::FORBIDDEN,
                "error-csrf",
            ))
        }
    }

    /// Whether to show the link to the accounts (the app decides: `may_manage_accounts`).
    pub fn may_manage_accounts(&self) -> bool {
        self.user.as_ref().is_some_and(|u| {
            asamblea_app::actions::accounts::may_manage_accounts(&asamblea_app::Actor::Account(
                u.clone(),
            ))
        })
    }

    pub fn with_notice(mut self, key: &str) -> Self {
        self.notice = Some(self.i18n.t(key));
        self
    }

    /// The page with a refusal's message, shown as an error.
    pub fn with_error(mut self, key: &str) -> Self {
        self.error = Some(self.i18n.t(key));
        self
    }

    /// Keeps what was typed in a form's fields, to show it again if the form is refused.
    pub fn keep<'a>(
        mut self,
        fields: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Self {
        for (name, value) in fields {
            if let Some(v) = value {
                self.kept.push((name.to_string(), v.to_string()));
            }
        }
        self
    }

    /// Whether field `name` of a refused form had `value` (which row's form was sent, which
    /// option was chosen, which box was ticked: a name may be kept more than once).
    pub fn kept_is(&self, name: &str, value: impl std::fmt::Display) -> bool {
        let value = value.to_string();
        self.kept.iter().any(|(n, v)| n == name && *v == value)
    }

    /// The value typed in field `name` of a refused form, or "".
    pub fn kept(&self, name: &str) -> &str {
        self.kept
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ok(i18n) = I18n::from_request_parts(parts, state).await;
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let Ok(CsrfToken(csrf)) = CsrfToken::from_request_parts(parts, state).await;
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let origin = match &state.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => {
                let host = parts
                    .headers
                    .get(axum::http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("localhost");
                let scheme = if state.secure_cookies {
                    "https"
                } else {
                    "http"
                };
                format!("{scheme}://{host}")
            }
        };
        Ok(PageCtx {
            i18n,
            user,
            csrf,
            path,
            notice: None,
            error: None,
            kept: Vec::new(),
            origin,
        })
    }
}
