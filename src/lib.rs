//! gen-report: a department's YAML data → 部门整体支出绩效自评报告 (DOCX, PDF).
//!
//! The pipeline, one module per stage:
//! `load` (YAML → located input) → `model` (validate, compute every figure)
//! → `template` (Tera → document markup) → `document` (format-free tree)
//! → `docx` / `layout` + `pdf` (backends). `batch` runs many departments.

pub mod diag;
pub mod document;
pub mod layout;
pub mod pdf;
