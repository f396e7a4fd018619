//! I/O errors in Chinese. The operating system's own text ("File exists
//! (os error 17)") never reaches an officer: [`text`] says what happened in
//! their words, the caller names the path and what was being done, and
//! [`advice`] (or the caller, where it knows better) what to do.

use std::io::{Error, ErrorKind as K};

/// What happened, in Chinese. An error that already carries a Chinese
/// message (one of ours, naming its file) keeps it.
pub fn text(e: &Error) -> String {
    if let Some(inner) = e.get_ref() {
        let own = inner.to_string();
        if own.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
            return own;
        }
    }
    if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
        return "文件正被其他程序打开".into();
    }
    let said = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        // On Windows also a file held open by another program.
        K::PermissionDenied => "没有权限，或文件正被其他程序打开",
        K::AlreadyExists => "这个位置已经有一个同名的文件",
        K::NotADirectory => "路径中的某一级是文件，不是文件夹",
        K::IsADirectory => "这个位置是一个文件夹，不是文件",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ReadOnlyFilesystem => "磁盘是只读的（如光盘、写保护的 U 盘、只读的共享文件夹）",
        K::StorageFull | K::QuotaExceeded => "磁盘空间不足",
        K::FileTooLarge => "文件超过了这个磁盘允许的大小",
        K::ResourceBusy | K::ExecutableFileBusy | K::Deadlock | K::WouldBlock => {
            "文件正被其他程序占用"
        }
        K::InvalidFilename => "文件名不合法（太长，或含有系统不允许的字符）",
        K::TooManyLinks => "链接（快捷方式）太多或形成了循环",
        K::CrossesDevices => "不能在两个磁盘之间直接移动文件",
        k if network(k) => "网络共享文件夹连接中断或超时",
        K::Interrupted => "操作被中断",
        K::UnexpectedEof | K::InvalidData | K::WriteZero => "文件内容不完整或已损坏",
        K::OutOfMemory => "内存不足",
        K::Unsupported | K::NotSeekable => "这个磁盘或文件系统不支持这项操作",
        K::InvalidInput => "路径写得不对",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("系统报告了错误（错误代码 {code}）"),
                None => "系统报告了错误".into(),
            };
        }
    };
    said.into()
}

/// A network share's trouble: the folder is on another machine.
fn network(k: K) -> bool {
    matches!(
        k,
        K::TimedOut
            | K::ConnectionRefused
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::NotConnected
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::StaleNetworkFileHandle
            | K::BrokenPipe
    )
}

/// What an officer can do about it, where the kind of error says.
pub fn advice(e: &Error) -> Option<&'static str> {
    Some(match e.kind() {
        K::PermissionDenied | K::ResourceBusy | K::ExecutableFileBusy => {
            "请关闭打开这个文件的 Word、WPS 或 PDF 阅读器后重试，或换一个有写入权限的文件夹"
        }
        K::ReadOnlyFilesystem => "请换一个可以写入的文件夹",
        K::IsADirectory => "请把占用这个名字的文件夹改名或移走",
        K::StorageFull | K::QuotaExceeded => "请清理磁盘空间后重试，或换一个磁盘",
        K::InvalidFilename => "请换一个短一些、只用汉字、字母和数字的名字",
        k if network(k) => "请检查网络连接后重试，或先复制到本机的文件夹",
        _ => return None,
    })
}

/// Why a new file could not be created at `path`, and what to do: a
/// missing folder is named as such (the system says only “not found”).
pub fn creating(path: &std::path::Path, e: &Error) -> String {
    let shown = path.display();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    match (e.kind(), parent) {
        (K::NotFound, Some(dir)) => format!(
            "无法创建 {shown}：文件夹 {} 不存在。请先建好这个文件夹，或换一个位置",
            dir.display()
        ),
        _ => format!("无法创建 {shown}：{}", explained(e)),
    }
}

/// `text`, then the advice when there is one: “what；what to do”.
pub fn explained(e: &Error) -> String {
    match advice(e) {
        Some(a) => format!("{}。{a}", text(e)),
        None => text(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an officer can meet, by the system's own numbers (Linux).
    #[cfg(target_os = "linux")]
    #[test]
    fn system_errors_read_in_chinese() {
        for (code, says) in [
            (17, "已经有一个同名的文件"),
            (20, "不是文件夹"),
            (30, "磁盘是只读的"),
            (13, "没有权限"),
            (1, "没有权限"),
            (28, "磁盘空间不足"),
            (36, "文件名不合法"),
            (2, "不存在"),
            (21, "是一个文件夹"),
            (40, "系统报告了错误（错误代码 40）"),
        ] {
            let e = Error::from_raw_os_error(code);
            let t = explained(&e);
            assert!(t.contains(says), "{code}: {t}");
            // No English: product names and a lone letter (“U 盘”) only.
            let mut words = t.split(|c: char| !c.is_ascii_alphabetic());
            let named = ["Word", "WPS", "PDF"];
            assert!(
                words.all(|w| w.len() < 2 || named.contains(&w)),
                "{code}: {t}"
            );
        }
    }

    #[test]
    fn our_own_message_is_kept() {
        let e = Error::new(K::PermissionDenied, "a.pdf：文件正被其他程序打开");
        assert_eq!(text(&e), "a.pdf：文件正被其他程序打开");
        let e = Error::new(K::StorageFull, "No space left on device at path x");
        assert_eq!(text(&e), "磁盘空间不足");
    }
}
