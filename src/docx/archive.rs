//! The ZIP container of a DOCX (ECMA-376 Part 2, Annex C; PKWARE APPNOTE
//! 4.3): each part deflated by libdeflate, with its CRC-32 and sizes in its
//! local header (no data descriptors), the fixed 1980-01-01 00:00 time so
//! the bytes never depend on when they were made, then the central
//! directory and its end record.
//!
//! Written here rather than through the `zip` crate, which can only deflate
//! through its own encoder (zlib-rs, which zeroes a fresh window for each of
//! a DOCX's twelve parts: about 5% of a county run), and rather than
//! `rawzip`, which always writes data descriptors.

use super::DocxError;

/// Signatures of the three records (APPNOTE 4.3.7, 4.3.12, 4.3.16).
const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// 2.0: the version that introduced deflate (APPNOTE 4.4.3.2).
const VERSION: u16 = 20;
/// Compression method 8, deflate.
const DEFLATED: u16 = 8;
/// MS-DOS date of 1980-01-01 (day 1, month 1, year 0), time 00:00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// libdeflate's level 6: a little smaller than zlib's 6, in about two
/// thirds of the time.
const LEVEL: i32 = 6;

/// Packs `(name, bytes)` parts, in order, into a deflated ZIP archive.
pub(super) fn pack(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, DocxError> {
    let too_big = || DocxError::Internal("写入 ZIP 压缩包失败：文件过大".into());
    let mut out = Vec::new();
    let mut central = Vec::new();
    let count = u16::try_from(parts.len()).map_err(|_| too_big())?;
    for (name, bytes) in parts {
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        let data = deflate(bytes)?;
        let entry = Entry {
            name: name.as_bytes(),
            crc: libdeflater::crc32(bytes),
            compressed: u32::try_from(data.len()).map_err(|_| too_big())?,
            size: u32::try_from(bytes.len()).map_err(|_| too_big())?,
        };
        let name_len = u16::try_from(entry.name.len()).map_err(|_| too_big())?;
        put32(&mut out, LOCAL_HEADER);
        put16(&mut out, VERSION);
        entry.common(&mut out, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(entry.name);
        out.extend_from_slice(&data);

        put32(&mut central, CENTRAL_HEADER);
        put16(&mut central, VERSION); // made by: MS-DOS, 2.0
        put16(&mut central, VERSION); // needed to extract
        entry.common(&mut central, name_len);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, 0); // external attributes
        put32(&mut central, offset);
        central.extend_from_slice(entry.name);
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    put32(&mut out, END_OF_CENTRAL_DIRECTORY);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk of the central directory
    put16(&mut out, count); // entries on this disk
    put16(&mut out, count); // entries in all
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// What the local and the central header of a part share.
struct Entry<'a> {
    name: &'a [u8],
    crc: u32,
    compressed: u32,
    size: u32,
}

impl Entry<'_> {
    /// Flags through name length, the run both headers have in common
    /// (APPNOTE 4.3.7 and 4.3.12).
    fn common(&self, out: &mut Vec<u8>, name_len: u16) {
        put16(out, 0); // flags: sizes known, ASCII name
        put16(out, DEFLATED);
        put16(out, DOS_TIME);
        put16(out, DOS_DATE);
        put32(out, self.crc);
        put32(out, self.compressed);
        put32(out, self.size);
        put16(out, name_len);
    }
}

/// Raw deflate (no zlib header: the ZIP headers carry the CRC), with one
/// compressor per thread kept for the next part and the next department.
fn deflate(bytes: &[u8]) -> Result<Vec<u8>, DocxError> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<libdeflater::Compressor> =
            std::cell::RefCell::new(libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(LEVEL).unwrap_or_default(),
            ));
    }
    COMPRESSOR.with_borrow_mut(|c| {
        let mut out = vec![0; c.deflate_compress_bound(bytes.len())];
        // The buffer has the bound's size, so there is always room.
        let n = c
            .deflate_compress(bytes, &mut out)
            .map_err(|e| DocxError::Internal(format!("写入 ZIP 压缩包失败：{e:?}")))?;
        out.truncate(n);
        Ok(out)
    })
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn parts_read_back_whole_with_fixed_time_and_no_descriptor() {
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let parts: [(&str, &[u8]); 3] = [
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", &big),
            ("empty.xml", b""),
        ];
        let bytes = pack(&parts).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        for (i, (name, data)) in parts.iter().enumerate() {
            let mut f = zip.by_index(i).unwrap();
            assert_eq!(f.name(), *name);
            assert_eq!(f.compression(), zip::CompressionMethod::Deflated);
            assert_eq!(f.last_modified(), Some(zip::DateTime::default()));
            let mut back = Vec::new();
            // Reading to the end checks the CRC-32.
            f.read_to_end(&mut back).unwrap();
            assert_eq!(&back, data, "{name}");
        }
        // Bit 3 clear: sizes and CRC are in the local headers themselves.
        assert_eq!(&bytes[6..8], &[0, 0]);
        assert!(bytes.len() < big.len() / 4, "deflated: {}", bytes.len());
        assert_eq!(pack(&parts).unwrap(), bytes, "deterministic");
    }
}
