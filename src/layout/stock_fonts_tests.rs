//! Issue 18: the candidate lists of [`super::candidates`] against the font
//! families a stock machine has, so that every role finds a face of its own
//! on the systems officers use, with no font installed by hand.
//!
//! The names are the family names in the fonts' `name` tables, English and
//! Chinese, as fontdb reads them:
//! - Windows 10/11, Chinese edition: simfang.ttf (FangSong/仿宋), simhei.ttf
//!   (SimHei/黑体), simkai.ttf (KaiTi/楷体), simsun.ttc (SimSun/宋体,
//!   NSimSun/新宋体), simsunb.ttf (SimSun-ExtB), msyh.ttc (Microsoft
//!   YaHei/微软雅黑), Deng.ttf (DengXian/等线). An English Windows lacks
//!   FangSong, KaiTi, SimHei and DengXian until "Chinese (Simplified)
//!   Supplemental Fonts" is added, but keeps SimSun and Microsoft YaHei.
//! - UOS 20 (deepin): the desktop's metapackage depends on `fonts-noto`,
//!   which recommends `fonts-noto-cjk` (Noto Sans CJK SC and Noto Serif CJK
//!   SC, in NotoSansCJK-*.ttc and NotoSerifCJK-*.ttc).
//! - Kylin V10: its desktop font is Noto Sans CJK SC; the narrowest case,
//!   that font alone, is tested, so that any Kylin image passes.

use super::{Role, candidates, same_family};

/// `(family names of one installed face, has a bold face)`.
type Installed = &'static [(&'static [&'static str], bool)];

const WINDOWS_CHINESE: Installed = &[
    (&["FangSong", "仿宋"], false),
    (&["SimHei", "黑体"], false),
    (&["KaiTi", "楷体"], false),
    (&["SimSun", "宋体"], false),
    (&["NSimSun", "新宋体"], false),
    (&["SimSun-ExtB"], false),
    (&["Microsoft YaHei", "微软雅黑"], true),
    (&["DengXian", "等线"], true),
];

const WINDOWS_ENGLISH: Installed = &[
    (&["SimSun", "宋体"], false),
    (&["NSimSun", "新宋体"], false),
    (&["SimSun-ExtB"], false),
    (&["Microsoft YaHei", "微软雅黑"], true),
];

const UOS: Installed = &[
    (&["Noto Sans CJK SC"], true),
    (&["Noto Serif CJK SC"], true),
];

const KYLIN_NARROWEST: Installed = &[(&["Noto Sans CJK SC"], false)];

/// The first candidate of `role` that `installed` has, as
/// `Fonts::from_db` picks it (bold candidates need a bold face).
fn resolve(role: Role, installed: Installed) -> Option<(&'static str, bool)> {
    candidates(role).find(|&(family, bold)| {
        installed.iter().any(|(names, has_bold)| {
            names.iter().any(|n| same_family(n, family)) && (!bold || *has_bold)
        })
    })
}

#[test]
fn every_role_finds_a_face_of_its_own_on_stock_systems() {
    for (system, installed) in [
        ("Windows 10/11 中文版", WINDOWS_CHINESE),
        ("Windows 10/11 英文版", WINDOWS_ENGLISH),
        ("统信 UOS 20", UOS),
        ("银河麒麟 V10（只有 Noto Sans CJK SC）", KYLIN_NARROWEST),
    ] {
        for role in Role::ALL {
            assert!(
                resolve(role, installed).is_some(),
                "{system}: {role:?} finds none of {:?}",
                candidates(role).collect::<Vec<_>>()
            );
        }
    }
}

/// Both names of a stock Windows face.
fn aliases(name: &str) -> &'static [&'static str] {
    WINDOWS_CHINESE
        .iter()
        .map(|(names, _)| *names)
        .find(|names| names.contains(&name))
        .unwrap_or(&[])
}

#[test]
fn on_windows_each_role_uses_the_font_the_docx_falls_back_to() {
    // Word shows a role whose family is missing in the substitute the DOCX
    // declares (Role::substitute); the PDF must use the same face, so that
    // the title is 宋体 in both and not a font Windows lacks.
    for role in Role::ALL {
        let (got, _) = resolve(role, WINDOWS_CHINESE).unwrap();
        assert!(
            aliases(role.substitute()).contains(&got),
            "{role:?}: PDF uses {got}, the DOCX falls back to {}",
            role.substitute()
        );
    }
}

#[test]
fn on_uos_the_roles_keep_their_design() {
    // Serif for 仿宋, 楷体, 小标宋 and 宋体; sans for 黑体 — bold for the title.
    for role in Role::ALL {
        let want = match role {
            Role::Heading1 => ("Noto Sans CJK SC", false),
            Role::Title => ("Noto Serif CJK SC", true),
            _ => ("Noto Serif CJK SC", false),
        };
        assert_eq!(resolve(role, UOS), Some(want), "{role:?}");
    }
}
