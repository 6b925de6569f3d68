//! Maps and sets keyed by short strings — words and short phrases — for the lookups the
//! annotators make at nearly every token ("is this a surname?", "does a place name start
//! here?").
//!
//! A key of at most 15 bytes is held as a 128-bit integer (its bytes and its length) in the
//! table itself; longer keys are held as strings beside them. A lookup of a short word then
//! hashes two machine words and compares integers in the slot it probes: it never follows a
//! pointer to the key's bytes elsewhere in memory, which in the large lists (surnames, place
//! names) was a second cache miss for every word found, and a `memcmp` call. A lookup may also
//! fold the word to ASCII lowercase on the way, eight bytes at a time, where a map's keys are
//! lowercase ([`StrMap::get_ascii_lowercase`]): no copy of the word is made.
//!
//! Not here: which words the lists hold, or approximate filters (`document::Shapes`).

use rustc_hash::FxHashMap;

/// Longest key held as an integer.
const SHORT: usize = 15;

/// A key of at most [`SHORT`] bytes as an integer: its bytes (little-endian, zero after the
/// last) and its length in the top byte, so that no two keys share one.
#[inline]
fn short_key(b: &[u8]) -> Option<(u64, u64)> {
    let n = b.len();
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("four bytes")));
    let (lo, hi) = match n {
        // (The second load overlaps the first; shifted into place, the shared bytes agree.)
        9..=SHORT => (word(0), word(n - 8) >> ((16 - n) * 8)),
        8 => (word(0), 0),
        4..=7 => (half(0) | half(n - 4) << ((n - 4) * 8), 0),
        1..=3 => (u64::from(b[0]) | u64::from(b[n / 2]) << (n / 2 * 8) | u64::from(b[n - 1]) << ((n - 1) * 8), 0),
        0 => (0, 0),
        _ => return None,
    };
    Some((lo, hi | (n as u64) << 56))
}

/// `x` with its ASCII capitals made lowercase, eight bytes at once (other bytes unchanged).
#[inline]
fn ascii_lowercase_u64(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = x & (0x7F * ONES);
    // The top bit of each byte: set from 'A' (0x41) up, and from past 'Z' (0x5B) up; no byte
    // carries into the next (each sum stays under 0x100).
    let from_a = low7 + (0x80 - 0x41) * ONES;
    let past_z = low7 + (0x80 - 0x5B) * ONES;
    let capital = from_a & !past_z & !x & (0x80 * ONES);
    x | capital >> 2
}

#[inline]
fn join((lo, hi): (u64, u64)) -> u128 {
    u128::from(lo) | u128::from(hi) << 64
}

/// A map from strings to `V` that looks short keys up as integers (see the module doc).
#[derive(Clone, Debug)]
pub struct StrMap<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for StrMap<V> {
    fn default() -> Self {
        StrMap { short: FxHashMap::default(), long: FxHashMap::default() }
    }
}

impl<V> StrMap<V> {
    /// An empty map with room for `n` short keys.
    pub fn with_capacity(n: usize) -> Self {
        StrMap { short: FxHashMap::with_capacity_and_hasher(n, Default::default()), long: FxHashMap::default() }
    }

    /// Insert `value` under `key`, returning the value it replaces.
    pub fn insert(&mut self, key: &str, value: V) -> Option<V> {
        match short_key(key.as_bytes()) {
            Some(k) => self.short.insert(join(k), value),
            None => self.long.insert(key.into(), value),
        }
    }

    /// The value under `key`, inserted from `make` if there is none.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        match short_key(key.as_bytes()) {
            Some(k) => self.short.entry(join(k)).or_insert_with(make),
            None => self.long.entry(key.into()).or_insert_with(make),
        }
    }

    /// The value under exactly `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        match short_key(key.as_bytes()) {
            Some(k) => self.short.get(&join(k)),
            None => self.long.get(key),
        }
    }

    /// The value under `key` in ASCII lowercase (for a map whose keys are lowercase).
    #[inline]
    pub fn get_ascii_lowercase(&self, key: &str) -> Option<&V> {
        self.get_ascii_lowercase_bytes(key.as_bytes())
    }

    /// [`StrMap::get_ascii_lowercase`] for a key given as bytes (bytes that are no UTF-8 are
    /// no key).
    #[inline]
    pub fn get_ascii_lowercase_bytes(&self, key: &[u8]) -> Option<&V> {
        match short_key(key) {
            Some((lo, hi)) => self.short.get(&join((ascii_lowercase_u64(lo), ascii_lowercase_u64(hi)))),
            None => self.long.get(std::str::from_utf8(&key.to_ascii_lowercase()).ok()?),
        }
    }

    /// Whether there is a value under exactly `key`.
    #[inline]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Give back the room no key uses: the smallest table for these keys.
    pub fn shrink_to_fit(&mut self) {
        self.short.shrink_to_fit();
        self.long.shrink_to_fit();
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<K: AsRef<str>, V> FromIterator<(K, V)> for StrMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut map = StrMap::default();
        map.extend(items);
        map
    }
}

impl<K: AsRef<str>, V> Extend<(K, V)> for StrMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k.as_ref(), v);
        }
    }
}

/// A set of strings that looks short ones up as integers (see the module doc).
#[derive(Clone, Debug, Default)]
pub struct StrSet(StrMap<()>);

impl StrSet {
    /// An empty set with room for `n` short strings.
    pub fn with_capacity(n: usize) -> Self {
        StrSet(StrMap::with_capacity(n))
    }

    /// Add `s`; whether it was new.
    pub fn insert(&mut self, s: &str) -> bool {
        self.0.insert(s, ()).is_none()
    }

    /// Whether exactly `s` is in the set.
    #[inline]
    pub fn contains(&self, s: &str) -> bool {
        self.0.contains_key(s)
    }

    /// Whether `s` in ASCII lowercase is in the set (for a set of lowercase strings).
    #[inline]
    pub fn contains_ascii_lowercase(&self, s: &str) -> bool {
        self.0.get_ascii_lowercase(s).is_some()
    }

    /// How many strings there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for StrSet {
    fn from_iter<I: IntoIterator<Item = S>>(items: I) -> Self {
        let mut set = StrSet::default();
        set.extend(items);
        set
    }
}

impl<S: AsRef<str>> Extend<S> for StrSet {
    fn extend<I: IntoIterator<Item = S>>(&mut self, items: I) {
        for s in items {
            self.insert(s.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_every_length_are_told_apart() {
        // Every length up to past the integer keys, with keys that differ in one byte
        // anywhere, or by a zero byte at the end (which a zero-padded key alone would not
        // tell from the shorter one).
        let mut keys: Vec<String> = Vec::new();
        for n in 0..=20 {
            let base: String = "abcdefghijklmnopqrstuvwxyz"[..n].to_string();
            keys.push(base.clone());
            keys.push(format!("{base}\0"));
            for i in 0..n {
                let mut k = base.clone().into_bytes();
                k[i] = b'Z';
                keys.push(String::from_utf8(k).unwrap());
            }
        }
        keys.sort();
        keys.dedup();
        let map: StrMap<usize> = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        assert_eq!(map.len(), keys.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(k), Some(&i), "{k:?}");
        }
        assert_eq!(map.get("abcdefghijklmnopqrstuvwxyz"), None);
        assert_eq!(map.get("zz"), None);
    }

    #[test]
    fn lowercase_lookups_fold_ascii_capitals_only() {
        let set: StrSet =
            ["said", "über", "at", "a", "percentage", "international monetary fund"].into_iter().collect();
        for s in ["said", "Said", "SAID", "sAiD", "At", "A", "PERCENTAGE", "Percentage", "International Monetary Fund"]
        {
            assert!(set.contains_ascii_lowercase(s), "{s:?}");
        }
        // Not Unicode case folding: "Über" stays "Über". Bytes beside the letters stay apart
        // ("@" is 'A' - 1, "[" is 'Z' + 1; their lowercase neighbours are "`" and "{").
        for s in ["Über", "s@id", "sai[", "saidd", "sai", ""] {
            assert!(!set.contains_ascii_lowercase(s), "{s:?}");
        }
        assert!(set.contains_ascii_lowercase("über"));
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b; 8]);
            assert_eq!(ascii_lowercase_u64(x), u64::from_le_bytes([b.to_ascii_lowercase(); 8]), "{b:#x}");
        }
    }

    #[test]
    fn a_shrunk_map_keeps_every_key_and_no_more() {
        let keys: Vec<String> =
            (0..5000).map(|i| format!("key {i}")).chain((0..50).map(|i| "long ".repeat(i))).collect();
        let mut map: StrMap<usize> = StrMap::with_capacity(100_000);
        map.extend(keys.iter().enumerate().map(|(i, k)| (k, i)));
        map.shrink_to_fit();
        assert_eq!(map.len(), keys.len());
        assert!(keys.iter().enumerate().all(|(i, k)| map.get(k) == Some(&i)));
        assert!(map.get("key 5000").is_none() && map.get("long long long").is_none());
    }

    #[test]
    fn exact_lookups_keep_case() {
        let map: StrMap<u8> = [("New York", 1), ("new", 2), ("South Korea", 3)].into_iter().collect();
        assert_eq!(map.get("New York"), Some(&1));
        assert_eq!(map.get("new york"), None);
        assert_eq!(map.get("New"), None);
        assert_eq!(map.get_ascii_lowercase("NEW"), Some(&2));
        let mut map = map;
        *map.get_or_insert_with("New", || 0) += 5;
        *map.get_or_insert_with("new", || 0) += 5;
        assert_eq!((map.get("New"), map.get("new")), (Some(&5), Some(&7)));
    }
}
