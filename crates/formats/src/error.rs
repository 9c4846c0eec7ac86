use std::fmt;

/// A parse failure: where it happened and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number, when the error belongs to a line.
    pub line: Option<usize>,
    /// The field or column concerned, when there is one.
    pub field: Option<String>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl ParseError {
    pub fn at_line(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            field: None,
            message: message.into(),
        }
    }
    pub fn at_field(line: usize, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            field: Some(field.into()),
            message: message.into(),
        }
    }
    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            line: None,
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.field) {
            (Some(l), Some(c)) => write!(f, "line {l}, field {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for ParseError {}
