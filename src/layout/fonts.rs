//! Font discovery: which installed font plays each role (body 仿宋, h1 黑体,
//! h2 楷体, title 小标宋, page number 宋体), and the per-character fallback.
//!
//! [`Fonts::discover`] runs once per process; the result is immutable,
//! `Send + Sync`, and shared by reference across render threads. Each role
//! looks fonts up by family name through a candidate list, Windows fonts
//! first, so a machine with 仿宋_GB2312 installed uses it and a bare Linux
//! box falls back to Fandol or Noto CJK. This file only finds and loads
//! font files; measuring glyphs is `metrics.rs`, drawing is `pdf/`.

use super::font_files::FontFiles;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Weight at or above which a face counts as bold (CSS semi-bold and up).
const BOLD_MIN_WEIGHT: u16 = 600;

/// Families that stand in for any role when the role's own candidates lack a
/// character: the Noto CJK families cover all of GB 18030's common
/// ideographs; on Windows, SimSun-ExtB (every Windows 10/11) and
/// SimSun-ExtG (Windows 11) cover the rarer extension blocks.
const UNIVERSAL_FALLBACK: &[(&str, bool)] = &[
    ("Noto Serif CJK SC", false),
    ("Noto Sans CJK SC", false),
    ("Source Han Serif SC", false),
    ("Source Han Sans SC", false),
    ("SimSun", false),
    ("Microsoft YaHei", false),
    ("SimSun-ExtB", false),
    ("SimSun-ExtG", false),
];

pub use crate::document::style::Role;

/// Candidate families of a role, best first: `(family name, bold)`. The
/// role's own family (the one the DOCX names, [`Role::family`]) comes
/// first, then the substitute the DOCX declares for it ([`Role::substitute`],
/// a stock Windows font), other Windows and Founder names, the open fonts a
/// Linux box has, and last a font of another design that Windows or
/// Kylin/UOS ships, so that every role finds a face of its own on a stock
/// machine (the tests below hold the lists to that).
pub fn candidates(role: Role) -> impl Iterator<Item = (&'static str, bool)> {
    std::iter::once((role.family(), false)).chain(fallbacks(role).iter().copied())
}

/// The families after [`Role::family`] in [`candidates`].
fn fallbacks(role: Role) -> &'static [(&'static str, bool)] {
    match role {
        Role::Body => &[
            ("FangSong_GB2312", false),
            ("FangSong", false),
            ("仿宋", false),
            ("方正仿宋_GBK", false),
            ("FZFangSong-Z02", false),
            ("STFangsong", false),
            ("FandolFang", false),
            ("Noto Serif CJK SC", false),
            // Windows without the Chinese supplemental fonts; Linux with
            // only the sans Noto.
            ("SimSun", false),
            ("Noto Sans CJK SC", false),
        ],
        Role::Heading1 => &[
            ("SimHei", false),
            ("方正黑体_GBK", false),
            ("FZHei-B01", false),
            ("Microsoft YaHei", false),
            ("FandolHei", false),
            ("Noto Sans CJK SC", false),
            ("Source Han Sans SC", false),
            ("WenQuanYi Micro Hei", false),
            ("WenQuanYi Zen Hei", false),
        ],
        Role::Heading2 => &[
            ("KaiTi_GB2312", false),
            ("KaiTi", false),
            ("楷体", false),
            ("方正楷体_GBK", false),
            ("FZKai-Z03", false),
            ("STKaiti", false),
            ("FandolKai", false),
            ("LXGW WenKai", false),
            ("AR PL UKai CN", false),
            ("Noto Serif CJK SC", false),
            ("SimSun", false),
            ("Noto Sans CJK SC", false),
        ],
        Role::Title => &[
            ("方正小标宋_GBK", false),
            ("FZXiaoBiaoSong-B05S", false),
            ("FZXiaoBiaoSong-B05", false),
            ("华文中宋", false),
            ("STZhongsong", false),
            // The DOCX's substitute, as Word shows the title without 小标宋.
            ("SimSun", false),
            ("FandolSong", true),
            ("Noto Serif CJK SC", true),
            ("AR PL UMing CN", false),
            ("Noto Sans CJK SC", false),
        ],
        Role::PageNumber => &[
            ("SimSun", false),
            ("FandolSong", false),
            ("Noto Serif CJK SC", false),
            ("AR PL UMing CN", false),
            ("Noto Sans CJK SC", false),
        ],
    }
}

/// Whether an installed face's family name is a candidate's: names are
/// compared without regard to ASCII case, as Windows does.
fn same_family(installed: &str, candidate: &str) -> bool {
    installed.eq_ignore_ascii_case(candidate)
}

/// Position of a role in [`Fonts`]' per-role tables.
fn index(role: Role) -> usize {
    role as usize
}

/// Index of a face in [`Fonts`].
pub type FaceId = usize;

/// One loaded font face.
pub struct Face {
    /// Family name as matched, e.g. `FandolFang`.
    pub family: String,
    /// Weight class (400 regular, 700 bold).
    pub weight: u16,
    /// The file it came from.
    pub path: PathBuf,
    /// Face index inside a collection (`.ttc`), else 0.
    pub index: u32,
    /// The whole file, shared between faces of one collection.
    pub data: FontData,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("weight", &self.weight)
            .field("path", &self.path)
            .field("index", &self.index)
            .finish()
    }
}

/// The fonts of every role, loaded once and shared by all renders.
#[derive(Debug)]
pub struct Fonts {
    faces: Vec<Face>,
    /// Per role: the faces to try for a character, best first. Starts with
    /// the role's own candidates, then every other loaded face.
    chains: [Vec<FaceId>; 5],
    /// Roles whose candidates were all missing and that borrowed another
    /// role's font.
    substitutions: Vec<(Role, FaceId)>,
}

/// No usable font was found, or a font file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontError {
    /// None of the candidate families of any role is installed.
    NoFonts {
        /// The folders that were searched besides the system ones.
        searched: Vec<PathBuf>,
    },
    /// A font file was found but could not be read or parsed.
    Unreadable { path: PathBuf, message: String },
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontError::NoFonts { searched } => {
                write!(
                    f,
                    "找不到可用的中文字体（仿宋、黑体、楷体、小标宋、宋体均未安装）"
                )?;
                if !searched.is_empty() {
                    let dirs: Vec<String> =
                        searched.iter().map(|p| p.display().to_string()).collect();
                    write!(f, "；已搜索系统字体目录及 {}", dirs.join("、"))?;
                }
                write!(f, "。{}", install_hint())
            }
            FontError::Unreadable { path, message } => {
                write!(f, "无法读取字体文件 {}：{message}", path.display())
            }
        }
    }
}

impl std::error::Error for FontError {}

/// What to do when no font is found, on Windows: its own fonts are there
/// unless an English Windows lacks the Chinese supplemental fonts.
pub const INSTALL_HINT_WINDOWS: &str = "Windows 自带仿宋、黑体、楷体、宋体（C:\\Windows\\Fonts 中的 \
     simfang.ttf、simhei.ttf、simkai.ttf、simsun.ttc）；英文版 Windows 请在“设置 → 应用 → 可选功能”中\
     添加“中文(简体)补充字体”。也可以把这些字体文件（以及方正小标宋简体）复制到一个文件夹，\
     运行时加上 --font-dir 这个文件夹";

/// What to do when no font is found, on Kylin, UOS and other Linux
/// systems: install the open fonts they package, or bring Windows' own.
pub const INSTALL_HINT_LINUX: &str = "请安装中文字体：银河麒麟、统信 UOS、Debian、Ubuntu 上运行 \
     sudo apt install fonts-noto-cjk（或在应用商店搜索“Noto CJK”）；也可以把 Windows 电脑上的 \
     simfang.ttf、simhei.ttf、simkai.ttf、simsun.ttc（以及方正小标宋简体）复制到一个文件夹，\
     运行时加上 --font-dir 这个文件夹";

/// The install hint of the system this program was built for.
pub fn install_hint() -> &'static str {
    if cfg!(windows) {
        INSTALL_HINT_WINDOWS
    } else {
        INSTALL_HINT_LINUX
    }
}

impl Fonts {
    /// Finds the fonts of every role among the system fonts and the given
    /// extra folders (or files), which take precedence.
    pub fn discover(extra_dirs: &[PathBuf]) -> Result<Fonts, FontError> {
        Fonts::from_files(&FontFiles::list(extra_dirs))
    }

    /// Finds the fonts of every role among the files listed (in their
    /// order: the `--font-dir` ones win ties).
    pub fn from_files(files: &FontFiles) -> Result<Fonts, FontError> {
        if let Some(dir) = files.missing.first() {
            return Err(FontError::Unreadable {
                path: dir.clone(),
                message: "字体目录不存在；请检查 --font-dir 后面写的文件夹名".into(),
            });
        }
        let mut db = fontdb::Database::new();
        for f in &files.files {
            match db.load_font_file(&f.path) {
                Err(e) if f.named => {
                    return Err(FontError::Unreadable {
                        path: f.path.clone(),
                        message: crate::oserror::text(&e),
                    });
                }
                // In a folder: skipped, as fontdb skips what it cannot read.
                _ => {}
            }
        }
        Fonts::from_db(&db, &files.extra)
    }

    /// What identifies the fonts chosen, for the manifest: each role's
    /// faces in order, each by its file's path, size and modification time
    /// and its index in a collection. The same identity, the same glyphs
    /// for every character (hashing the files instead would read the Noto
    /// collections, 19–27 MB each, whenever a font folder changes).
    pub fn identity(&self, files: &FontFiles) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for chain in &self.chains {
            h.update((chain.len() as u64).to_le_bytes());
            for &id in chain {
                let face = &self.faces[id];
                let path = face.path.to_string_lossy();
                h.update((path.len() as u64).to_le_bytes());
                h.update(path.as_bytes());
                h.update(face.index.to_le_bytes());
                let file = files.get(&face.path);
                h.update(file.map_or(0, |f| f.size).to_le_bytes());
                h.update(file.and_then(|f| f.mtime_ns).unwrap_or(0).to_le_bytes());
            }
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Loads only the given font files or folders, ignoring system fonts
    /// (tests use it to simulate a machine with fewer fonts).
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<Fonts, FontError> {
        let mut db = fontdb::Database::new();
        for dir in dirs {
            if dir.is_file() {
                let _ = db.load_font_file(dir);
            } else {
                db.load_fonts_dir(dir);
            }
        }
        Fonts::from_db(&db, dirs)
    }

    fn from_db(db: &fontdb::Database, searched: &[PathBuf]) -> Result<Fonts, FontError> {
        let mut loader = Loader::default();
        let mut chains: [Vec<FaceId>; 5] = Default::default();
        for role in Role::ALL {
            for (family, bold) in candidates(role) {
                if let Some(info) = find_face(db, family, bold) {
                    let id = loader.load(info, family)?;
                    if !chains[index(role)].contains(&id) {
                        chains[index(role)].push(id);
                    }
                }
            }
        }
        let mut universal: Vec<FaceId> = Vec::new();
        for &(family, bold) in UNIVERSAL_FALLBACK {
            if let Some(info) = find_face(db, family, bold) {
                universal.push(loader.load(info, family)?);
            }
        }
        if loader.faces.is_empty() {
            return Err(FontError::NoFonts {
                searched: searched.to_vec(),
            });
        }
        // Every role's own faces first, then the universal fallbacks, then
        // the other roles' faces, so a character is drawn whenever any
        // loaded font has it.
        let mut substitutions = Vec::new();
        let own: Vec<Vec<FaceId>> = chains.to_vec();
        for role in Role::ALL {
            let chain = &mut chains[index(role)];
            if chain.is_empty()
                && let Some(&first) = own.iter().flatten().next()
            {
                substitutions.push((role, first));
            }
            for id in universal.iter().chain(own.iter().flatten()) {
                if !chain.contains(id) {
                    chain.push(*id);
                }
            }
        }
        Ok(Fonts {
            faces: loader.faces,
            chains,
            substitutions,
        })
    }

    /// All loaded faces; a [`FaceId`] indexes this slice.
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The face that sets a role's text (before per-character fallback).
    pub fn primary(&self, role: Role) -> &Face {
        &self.faces[self.chains[index(role)][0]]
    }

    /// The faces tried in order for a character of this role.
    pub fn chain(&self, role: Role) -> &[FaceId] {
        &self.chains[index(role)]
    }

    /// Roles none of whose candidate fonts is installed, with the face that
    /// stands in for them. The CLI shows these as warnings.
    pub fn substitutions(&self) -> impl Iterator<Item = (Role, &Face)> {
        self.substitutions
            .iter()
            .map(|&(role, id)| (role, &self.faces[id]))
    }
}

/// The bytes of a font file, shared between the faces of a collection and
/// handed to the PDF writer without a copy.
pub type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Reads font files once each and keeps their faces.
#[derive(Default)]
struct Loader {
    faces: Vec<Face>,
    files: Vec<(PathBuf, FontData)>,
}

impl Loader {
    fn load(&mut self, info: &fontdb::FaceInfo, family: &str) -> Result<FaceId, FontError> {
        let path = match &info.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
            fontdb::Source::Binary(_) => PathBuf::from("<memory>"),
        };
        if let Some(id) = self
            .faces
            .iter()
            .position(|f| f.path == path && f.index == info.index)
        {
            return Ok(id);
        }
        let data = match self.files.iter().find(|(p, _)| *p == path) {
            Some((_, data)) => data.clone(),
            None => {
                let data = read_source(&info.source, &path)?;
                self.files.push((path.clone(), data.clone()));
                data
            }
        };
        if skrifa::FontRef::from_index((*data).as_ref(), info.index).is_err() {
            return Err(FontError::Unreadable {
                path,
                message: "不是有效的 OpenType 字体".into(),
            });
        }
        self.faces.push(Face {
            family: family.to_string(),
            weight: weight(info),
            path,
            index: info.index,
            data,
        });
        Ok(self.faces.len() - 1)
    }
}

fn read_source(source: &fontdb::Source, path: &Path) -> Result<FontData, FontError> {
    let unreadable = |e: std::io::Error| FontError::Unreadable {
        path: path.to_path_buf(),
        message: crate::oserror::text(&e),
    };
    match source {
        fontdb::Source::Binary(data) | fontdb::Source::SharedFile(_, data) => Ok(data.clone()),
        fontdb::Source::File(_) => {
            let file = std::fs::File::open(path).map_err(unreadable)?;
            // SAFETY: the mapping is read-only and private to this process,
            // and font files are not written or truncated while a run reads
            // them (they are installed system or --font-dir files). Mapping
            // instead of reading means only the pages a report draws from
            // are ever loaded: the Noto collections are 19–27 MB each and
            // give at most a glyph or two.
            let map = unsafe { memmap2::Mmap::map(&file) }.map_err(unreadable)?;
            Ok(Arc::new(map))
        }
    }
}

/// The installed face of a family whose weight best matches: for a regular
/// candidate the one nearest 400, for a bold one the nearest 700 among faces
/// of at least [`BOLD_MIN_WEIGHT`]. Upright faces only. Earlier-loaded faces
/// (the `--font-dir` folders) win ties.
fn find_face<'a>(
    db: &'a fontdb::Database,
    family: &str,
    bold: bool,
) -> Option<&'a fontdb::FaceInfo> {
    let target: i32 = if bold { 700 } else { 400 };
    db.faces()
        .filter(|f| f.style == fontdb::Style::Normal)
        .filter(|f| f.families.iter().any(|(name, _)| same_family(name, family)))
        .filter(|f| bold == (weight(f) >= BOLD_MIN_WEIGHT))
        .min_by_key(|f| (i32::from(weight(f)) - target).abs())
}

/// A face's weight class, trusting the PostScript name when the OS/2 table
/// says 400 for a bold face (FandolSong-Bold and FandolHei-Bold do).
fn weight(f: &fontdb::FaceInfo) -> u16 {
    let ps = f.post_script_name.to_ascii_lowercase();
    let named_bold = ["bold", "heavy", "black"].iter().any(|w| ps.contains(w));
    if named_bold && f.weight.0 < BOLD_MIN_WEIGHT {
        700
    } else {
        f.weight.0
    }
}

#[cfg(test)]
#[path = "stock_fonts_tests.rs"]
mod stock_fonts_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_shareable_across_threads() {
        fn check<T: Send + Sync>() {}
        check::<Fonts>();
    }

    #[test]
    fn every_role_resolves_on_this_machine() {
        let fonts = Fonts::discover(&[]).expect("run scripts/setup.sh to install fonts");
        for role in Role::ALL {
            let face = fonts.primary(role);
            assert!(!(*face.data).as_ref().is_empty(), "{role:?}");
        }
        assert_eq!(fonts.substitutions().count(), 0);
        // Noto is in every chain, so rare characters have a fallback.
        for role in Role::ALL {
            assert!(
                fonts
                    .chain(role)
                    .iter()
                    .any(|&id| fonts.faces()[id].family.starts_with("Noto")),
                "{role:?}"
            );
        }
    }

    #[test]
    fn empty_folder_gives_an_actionable_error() {
        let dir = std::env::temp_dir().join("gen-report-no-fonts");
        std::fs::create_dir_all(&dir).unwrap();
        let err = Fonts::from_dirs(std::slice::from_ref(&dir)).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(install_hint()), "{msg}");
        // Officers never see a developer's script (issue 18), and each
        // system's advice names a way that works there.
        for hint in [INSTALL_HINT_WINDOWS, INSTALL_HINT_LINUX] {
            assert!(!hint.contains("setup.sh"), "{hint}");
            assert!(hint.contains("--font-dir"), "{hint}");
        }
        assert!(INSTALL_HINT_WINDOWS.contains("补充字体"));
        assert!(INSTALL_HINT_LINUX.contains("apt install fonts-noto-cjk"));
    }

    #[test]
    fn a_missing_font_dir_is_reported() {
        let dir = PathBuf::from("/nonexistent/gen-report-fonts");
        let err = Fonts::discover(std::slice::from_ref(&dir)).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/gen-report-fonts"));
    }

    #[test]
    fn font_dir_fonts_are_found_by_family() {
        let fandol = PathBuf::from("/usr/local/share/fonts/fandol");
        let fonts = Fonts::from_dirs(&[fandol]).expect("Fandol installed by scripts/setup.sh");
        assert_eq!(fonts.primary(Role::Body).family, "FandolFang");
        assert_eq!(fonts.primary(Role::Title).family, "FandolSong");
        assert!(fonts.primary(Role::Title).weight >= 600, "FandolSong Bold");
        assert_eq!(fonts.primary(Role::Heading1).family, "FandolHei");
        assert!(fonts.primary(Role::Heading1).weight < 600, "regular 黑体");
    }

    #[test]
    fn windows_names_win_over_open_fonts() {
        // The PDF looks first for the family the DOCX names.
        for role in Role::ALL {
            assert_eq!(candidates(role).next(), Some((role.family(), false)));
        }
        assert_eq!(Role::Body.family(), "仿宋_GB2312");
    }
}
