//! Which bytes of a text are letters, digits, word bytes: one bit per byte, found eight bytes at
//! a time, so that runs (a word, a number) are found with a bit scan. (Also one bit per item of
//! a list, such as the tokens that begin with a capital.)
//!
//! A loop that reads bytes until a word ends takes a branch per byte that goes the other way
//! once per word, and the processor guesses it wrong there: on news text that costs more than
//! the reading. Masks are built without branches (lane arithmetic on 64-bit words), and a run's
//! end is the next clear bit.
//!
//! ASCII only: a byte of 0x80 or above is in no class here (callers decode those as chars).
//! Not here: what a run means (the tokenizer and the trigger scan of [`crate::windows`] decide).

/// The ASCII classes of eight bytes at once (one per 8-bit lane, the first byte in the lowest),
/// each lane marked by its high bit.
#[derive(Clone, Copy)]
pub struct Lanes {
    /// `0`–`9`.
    pub digit: u64,
    /// `a`–`z`, `A`–`Z`.
    pub letter: u64,
    /// `_` (a word byte to regexes' `\b`).
    pub underscore: u64,
}

impl Lanes {
    /// The classes of the eight bytes of `x` (as [`u64::from_le_bytes`] reads them).
    #[inline]
    pub fn of(x: u64) -> Lanes {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Lanes below 0x80 only, with the high bit cleared so that adding to a lane never
        // carries into the next.
        let ascii = !x & HIGH;
        let v = x & !HIGH;
        let at_least = |v: u64, lo: u64| (v + ONES * (0x80 - lo)) & HIGH;
        let at_most = |v: u64, hi: u64| !(v + ONES * (0x7f - hi)) & HIGH;
        let digit = at_least(v, b'0'.into()) & at_most(v, b'9'.into()) & ascii;
        let lower = v | (ONES * 0x20);
        let letter = at_least(lower, b'a'.into()) & at_most(lower, b'z'.into()) & ascii;
        let underscore = at_least(v, b'_'.into()) & at_most(v, b'_'.into()) & ascii;
        Lanes { digit, letter, underscore }
    }
}

/// The high bits of eight lanes as eight bits (lane `j`'s as bit `j`).
#[inline]
pub fn lane_bits(lanes: u64) -> u64 {
    ((lanes >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The eight-byte words of `bytes` in order, the last padded with zero bytes.
pub fn eights(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let whole = bytes.chunks_exact(8);
    let mut last = [0u8; 8];
    last[..whole.remainder().len()].copy_from_slice(whole.remainder());
    whole
        .map(|c| u64::from_le_bytes(c.try_into().expect("eight bytes")))
        .chain([u64::from_le_bytes(last)])
        .take(bytes.len().div_ceil(8))
}

/// One bit per byte of a text (or per item of a list: bit `i % 64` of block `i / 64`): whether
/// byte `i` is in a class.
pub struct Mask {
    blocks: Vec<u64>,
}

impl Mask {
    /// The masks of `bytes` for `N` classes at once, each given by `class` as lane bits
    /// ([`Lanes`]) of eight bytes.
    pub fn build<const N: usize>(bytes: &[u8], class: impl Fn(Lanes) -> [u64; N]) -> [Mask; N] {
        let blocks = bytes.len().div_ceil(64);
        let mut out: [Vec<u64>; N] = std::array::from_fn(|_| vec![0u64; blocks]);
        for (j, x) in eights(bytes).enumerate() {
            let lanes = class(Lanes::of(x));
            for (mask, l) in out.iter_mut().zip(lanes) {
                mask[j / 8] |= lane_bits(l) << (8 * (j % 8));
            }
        }
        out.map(|blocks| Mask { blocks })
    }

    /// The mask of a list's items that are in the class.
    pub fn of_items(items: impl ExactSizeIterator<Item = bool>) -> Mask {
        let mut blocks = vec![0u64; items.len().div_ceil(64)];
        for (i, member) in items.enumerate() {
            blocks[i / 64] |= u64::from(member) << (i % 64);
        }
        Mask { blocks }
    }

    /// The mask of where runs of at least `n` (1 or more) members begin: bit `i` is set when
    /// items `i..i + n` are all members.
    pub fn runs_of(&self, n: usize) -> Mask {
        let b = &self.blocks;
        // Bit i of the mask shifted down by s: bit i + s, from the next block past the top.
        let shifted = |k: usize, s: usize| match s {
            0 => b[k],
            1..64 => b[k] >> s | b.get(k + 1).map_or(0, |next| next << (64 - s)),
            _ => 0,
        };
        let blocks = (0..b.len()).map(|k| (0..n.max(1)).fold(!0, |run, s| run & shifted(k, s))).collect();
        Mask { blocks }
    }

    /// A mask of `len` items, none in the class (to mark items as they are taken).
    pub fn empty(len: usize) -> Mask {
        Mask { blocks: vec![0; len.div_ceil(64)] }
    }

    /// Put items `start..end` in the class.
    pub fn insert_range(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        for k in start / 64..end.div_ceil(64).min(self.blocks.len()) {
            // Bits from..to of block k (0 < to - from <= 64).
            let from = start.max(k * 64) - k * 64;
            let to = end.min(k * 64 + 64) - k * 64;
            self.blocks[k] |= (u64::MAX >> (64 - (to - from))) << from;
        }
    }

    /// The 64-bit blocks.
    pub fn blocks(&self) -> &[u64] {
        &self.blocks
    }

    /// Whether byte `at` is in the class.
    #[inline]
    pub fn has(&self, at: usize) -> bool {
        self.blocks.get(at / 64).is_some_and(|b| b >> (at % 64) & 1 == 1)
    }

    /// The first byte from `at` on that is not in the class (the text's end when the rest is).
    #[inline]
    pub fn run_end(&self, at: usize) -> usize {
        // (Past the last block, which was full, the text ends inside the run: a last block that
        // is not full has clear bits past the end.)
        self.first_from(at, !0, usize::MAX).unwrap_or(self.blocks.len() * 64)
    }

    /// The first item from `at` on, and before `end`, that is in the class.
    #[inline]
    pub fn next_in(&self, at: usize, end: usize) -> Option<usize> {
        self.first_from(at, 0, end)
    }

    /// The first position from `at` on, and before `end`, whose bit is set once the blocks are
    /// XORed with `flip` (0: members; all ones: non-members). Blocks past `end` are not read.
    #[inline]
    fn first_from(&self, at: usize, flip: u64, end: usize) -> Option<usize> {
        let mut k = at / 64;
        let mut bits = (self.blocks.get(k)? ^ flip) & (u64::MAX << (at % 64));
        loop {
            if bits != 0 {
                let j = k * 64 + bits.trailing_zeros() as usize;
                return (j < end).then_some(j);
            }
            k += 1;
            if k * 64 >= end {
                return None;
            }
            bits = self.blocks.get(k)? ^ flip;
        }
    }
}

/// A text's ASCII letters and digits, and its ASCII digits: built once per document (by
/// [`crate::tokenize::analyze`]) for the tokenizer, which reads words, and the trigger scan of
/// [`crate::windows`], which reads words and numbers.
pub struct TextMasks {
    /// `a`–`z`, `A`–`Z`, `0`–`9`.
    pub alnum: Mask,
    /// `0`–`9`.
    pub digits: Mask,
}

impl TextMasks {
    /// The masks of `text`.
    pub fn of(text: &str) -> TextMasks {
        let [alnum, digits] = Mask::build(text.as_bytes(), |l| [l.letter | l.digit, l.digit]);
        TextMasks { alnum, digits }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_mark_the_classes_of_every_byte_and_find_run_ends() {
        // Every byte value, in several alignments, and runs that cross 64-byte blocks.
        let mut bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        bytes.extend(b"_under_score 1990s 3pm ".repeat(9));
        bytes.extend([b'x'; 130]);
        for skip in [0, 1, 7, 63] {
            let bytes = &bytes[skip..];
            let [alnum, digit] = Mask::build(bytes, |l| [l.letter | l.digit, l.digit]);
            for (i, &b) in bytes.iter().enumerate() {
                assert_eq!((alnum.has(i), digit.has(i)), (b.is_ascii_alphanumeric(), b.is_ascii_digit()), "{b:#x}");
                let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                assert_eq!(alnum.run_end(i), end, "run end from {i}");
            }
            assert_eq!(alnum.run_end(bytes.len()), bytes.len());
            let mut taken = Mask::empty(bytes.len());
            let mut expected = vec![false; bytes.len()];
            for (start, end) in [(3, 9), (60, 64), (64, 65), (70, 200), (201, 201), (250, 260), (300, 299), (320, 384)]
            {
                let end = end.min(bytes.len());
                taken.insert_range(start, end);
                expected.iter_mut().take(end).skip(start).for_each(|e| *e = true);
            }
            for (i, &e) in expected.iter().enumerate() {
                assert_eq!(taken.has(i), e, "taken {i}");
            }
            for n in [1, 2, 4] {
                let runs = digit.runs_of(n);
                for i in 0..bytes.len() {
                    let expected = bytes.get(i..i + n).is_some_and(|r| r.iter().all(u8::is_ascii_digit));
                    assert_eq!(runs.has(i), expected, "a run of {n} digits at {i}");
                }
            }
            for end in [0, 63, 64, 200, usize::MAX] {
                for i in (0..bytes.len()).step_by(5) {
                    let expected = (i..bytes.len().min(end)).find(|&j| bytes[j].is_ascii_digit());
                    assert_eq!(digit.next_in(i, end), expected, "next digit from {i} before {end}");
                }
            }
        }
    }
}
