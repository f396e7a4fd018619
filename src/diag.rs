//! Diagnostics: errors and warnings as plain values with a location.
//!
//! Every stage returns a list of these instead of printing or panicking, so
//! one run reports every problem of a file. Only `batch` prints them, through
//! its `Display`, as `file:line:column: 错误: message` followed by
//! the key path and hints.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a value sits in the input: line and column (1-based) and the key
/// path such as `收支.基本支出.人员经费` or `收支.项目支出[2].金额`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The input file; `None` for problems not tied to a file (templates, I/O).
    pub file: Option<PathBuf>,
    /// Location in the file; line 0 when the problem has no single place.
    pub pos: Pos,
    pub message: String,
    /// What to write instead, or other advice.
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            pos,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(pos, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One line summary without hints, for the summary workbook.
    pub fn short(&self) -> String {
        let mut s = String::new();
        if self.pos.line > 0 {
            s.push_str(&format!("第{}行 ", self.pos.line));
        }
        if !self.pos.path.is_empty() {
            s.push_str(&format!("{}：", self.pos.path));
        }
        s.push_str(&self.message);
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if self.pos.line > 0 {
                write!(f, ":{}:{}", self.pos.line, self.pos.col)?;
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(f, "{label}: {}", self.message)?;
        if !self.pos.path.is_empty() {
            write!(f, "\n    位置: {}", self.pos.path)?;
        }
        for hint in &self.hints {
            write!(f, "\n    提示: {hint}")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// Adds a hint in place, to a diagnostic just pushed onto a list.
    pub fn with(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hints.push(hint.into());
        self
    }
}
