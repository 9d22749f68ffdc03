//! LEB128 variable-length unsigned integers: the index's only number format.

pub fn write(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A cursor over index bytes. Every read checks bounds: index files come
/// over the network and may be truncated or corrupt.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub &'static str);

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "corrupt search index: {}", self.0)
    }
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn varint(&mut self) -> Result<u64, Corrupt> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .bytes
                .get(self.pos)
                .ok_or(Corrupt("truncated number"))?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Corrupt("number too long"))
    }

    pub fn usize(&mut self) -> Result<usize, Corrupt> {
        usize::try_from(self.varint()?).map_err(|_| Corrupt("number too large"))
    }

    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8], Corrupt> {
        let end = self
            .pos
            .checked_add(len)
            .ok_or(Corrupt("length overflow"))?;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(Corrupt("truncated data"))?;
        self.pos = end;
        Ok(slice)
    }

    pub fn str(&mut self) -> Result<&'a str, Corrupt> {
        let len = self.usize()?;
        std::str::from_utf8(self.bytes(len)?).map_err(|_| Corrupt("text is not UTF-8"))
    }
}

pub fn write_str(out: &mut Vec<u8>, s: &str) {
    write(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            write(&mut out, v);
        }
        let mut r = Reader::new(&out);
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert!(r.is_empty());
        assert!(r.varint().is_err());
    }

    #[test]
    fn overlong_and_truncated_input_is_an_error() {
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert!(Reader::new(&[0x80]).varint().is_err());
        let mut r = Reader::new(&[5, b'a']);
        assert!(r.str().is_err());
    }
}
