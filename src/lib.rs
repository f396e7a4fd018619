//! gen-report: a department's YAML data → 部门整体支出绩效自评报告 (DOCX, PDF).
//!
//! `contract §N` in comments cites `docs/contract.md`, the contract as the
//! code keeps it.
//!
//! The pipeline, one module per stage:
//! `load` (YAML → located input) → `model` (validate, compute every figure)
//! → `template` (Tera → document markup) → `document` (format-free tree)
//! → `docx` / `layout` + `pdf` (backends). `render` runs one department
//! through all stages; `batch` runs many and writes the files.

pub mod batch;
pub mod cli;
pub mod console;
pub mod diag;
pub mod document;
pub mod docx;
pub mod format;
pub mod launch;
pub mod layout;
pub mod load;
pub mod model;
pub mod oserror;
pub mod pdf;
pub mod render;
pub mod starter;
pub mod template;
