//! Stage 1: find the input documents, read them, decode them, strip HTML, and find each one's date.
//!
//! [`walk`] turns the command line's paths into a sorted list of inputs (deterministic whatever
//! the file system's order). [`Units`] streams them as units of work, one per file or one per
//! JSONL line, reading JSONL lazily so a huge JSONL file never sits in memory whole. [`load`]
//! reads one unit into a [`Document`] or a [`InputError`] that says what to do about it.
//!
//! Not here: tokenizing or annotating; this stage only produces documents.

use crate::calendar;
use crate::document::{DateSource, Document};
use crate::masks::{eights, Lanes};
use crate::windows::Pattern;
use chrono::NaiveDate;
use encoding_rs::Encoding;
use regex::Regex;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::LazyLock;

/// File extensions read when walking a folder; anything else there is skipped.
pub const EXTENSIONS: &[&str] = &["txt", "text", "md", "html", "htm", "jsonl"];

/// Settings for reading documents.
#[derive(Clone, Debug)]
pub struct CorpusOptions {
    /// Files larger than this many bytes become error records (`--max-bytes`).
    pub max_bytes: u64,
    /// Decode files without a byte-order mark with this encoding instead of strict UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// The document date for every document (`--doc-date`), overriding the text's own.
    pub doc_date: Option<NaiveDate>,
    /// Read standard input as JSONL rather than as one text document.
    pub stdin_jsonl: bool,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions { max_bytes: 50_000_000, encoding: None, doc_date: None, stdin_jsonl: false }
    }
}

/// One input found by [`walk`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, its id (the path relative to the argument it was found under) and its size
    /// when it was found (0 when unknown: only a hint for cutting work into chunks).
    File { path: PathBuf, id: String, bytes: u64 },
    /// Standard input (`-`).
    Stdin,
}

/// A problem with one input: written as an error record and a line on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `file:line` for a JSONL line, `-` for standard input).
    pub path: String,
    /// What went wrong and what to do about it.
    pub message: String,
}

impl InputError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { path: path.into(), message: message.into() }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn has_known_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Expand the command line's paths into inputs: files as given, folders walked recursively in
/// sorted order (hidden entries and unknown extensions skipped, symlinked folders not followed,
/// so a symlink loop cannot trap the walk). Paths that cannot be read become errors. Collects
/// the whole list; [`Walk`] streams it.
pub fn walk(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for item in Walk::new(paths) {
        match item {
            Ok(i) => inputs.push(i),
            Err(e) => errors.push(e),
        }
    }
    (inputs, errors)
}

/// What a folder's listing says of one entry, read with the folder open: the entry's type
/// comes with its name, and a file's size from a lookup relative to the folder (not a walk of
/// its whole path again).
enum Entry {
    Folder,
    /// A regular file with a known extension, and its size.
    File(u64),
    Symlink,
    /// A file of an unknown extension, a pipe, a socket, a device: skipped.
    Other,
    /// Gone (or unreadable) by the time the folder was listed.
    Vanished,
}

impl Entry {
    /// What the listing says of `entry`; a file's size only if `sizes` (0 otherwise).
    fn of(entry: &fs::DirEntry, path: &Path, sizes: bool) -> Entry {
        match entry.file_type() {
            Err(_) => Entry::Vanished,
            Ok(t) if t.is_dir() => Entry::Folder,
            Ok(t) if t.is_symlink() => Entry::Symlink,
            Ok(t) if t.is_file() && has_known_extension(path) && !sizes => Entry::File(0),
            Ok(t) if t.is_file() && has_known_extension(path) => match entry.metadata() {
                Ok(m) => Entry::File(m.len()),
                Err(_) => Entry::Vanished,
            },
            Ok(_) => Entry::Other,
        }
    }
}

/// A folder entry still to visit: its path and what the listing said of it.
type Listed = (PathBuf, Entry);

/// The walk of [`walk`] as a stream, in the same order: memory holds the listing of the folders
/// being walked, never the whole corpus (a million files cost no more than a thousand).
pub struct Walk {
    /// The command line's paths still to walk, reversed (the next is popped from the end).
    args: Vec<PathBuf>,
    /// Open folders, innermost last: the walk's root and the entries still to visit (sorted,
    /// reversed, so the next is popped from the end).
    stack: Vec<(Arc<Path>, Vec<Listed>)>,
    /// Errors met while listing a folder, reported before its entries.
    pending: std::collections::VecDeque<InputError>,
    /// Whether files in folders come with their sizes ([`Walk::without_sizes`]).
    sizes: bool,
}

impl Walk {
    /// A walk over the command line's paths.
    pub fn new(paths: &[PathBuf]) -> Walk {
        Walk {
            args: paths.iter().rev().cloned().collect(),
            stack: Vec::new(),
            pending: Default::default(),
            sizes: true,
        }
    }

    /// This walk without the sizes of the files it finds in folders (they come with size 0,
    /// unknown): for a reader that takes the files one at a time and bounds its memory by
    /// what it has read, as a run with one worker does. It saves a system call per file (a
    /// twentieth of the time a one-worker run spends reading a folder of news stories).
    pub fn without_sizes(mut self) -> Walk {
        self.sizes = false;
        self
    }

    /// Open a folder: push its sorted entries, or report why it cannot be read.
    fn open(&mut self, root: Arc<Path>, dir: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.pending.push_back(InputError::new(
                    dir.display().to_string(),
                    format!("cannot read folder: {e}; check its permissions"),
                ));
                return;
            }
        };
        let mut children: Vec<(String, PathBuf, Entry)> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    let name = name.to_str().map_or_else(|| name.to_string_lossy().into_owned(), str::to_owned);
                    if !name.starts_with('.') {
                        let path = entry.path();
                        let kind = Entry::of(&entry, &path, self.sizes);
                        children.push((name, path, kind));
                    }
                }
                Err(e) => self
                    .pending
                    .push_back(InputError::new(dir.display().to_string(), format!("cannot list folder: {e}"))),
            }
        }
        children.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        self.stack.push((root, children.into_iter().rev().map(|(_, p, e)| (p, e)).collect()));
    }

    /// The input (or error) a command-line argument stands for, or None for a folder (opened).
    fn argument(&mut self, arg: PathBuf) -> Option<Result<Input, InputError>> {
        if arg.as_os_str() == "-" {
            return Some(Ok(Input::Stdin));
        }
        match fs::metadata(&arg) {
            Err(e) => {
                Some(Err(InputError::new(arg.display().to_string(), format!("cannot read: {e}; check the path"))))
            }
            Ok(m) if m.is_dir() => {
                let root: Arc<Path> = Arc::from(arg.as_path());
                self.open(root, &arg);
                None
            }
            // A named pipe, socket or device: opening one can wait forever.
            Ok(m) if !m.is_file() => Some(Err(InputError::new(
                arg.display().to_string(),
                "not a regular file (a pipe, socket or device); to read a stream, pipe it to `gleaner extract -`",
            ))),
            Ok(m) => {
                let id =
                    arg.file_name().map_or_else(|| arg.display().to_string(), |n| n.to_string_lossy().into_owned());
                Some(Ok(Input::File { path: arg, id, bytes: m.len() }))
            }
        }
    }
}

impl Iterator for Walk {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(Err(e));
            }
            let Some((root, children)) = self.stack.last_mut() else {
                let arg = self.args.pop()?;
                match self.argument(arg) {
                    Some(item) => return Some(item),
                    None => continue,
                }
            };
            let Some((path, entry)) = children.pop() else {
                self.stack.pop();
                continue;
            };
            let root = root.clone();
            match entry {
                Entry::Vanished => {
                    return Some(Err(InputError::new(path.display().to_string(), "vanished while the folder was read")))
                }
                Entry::Folder => self.open(root, &path),
                Entry::File(bytes) => return Some(Ok(Input::File { id: relative_id(&root, &path), path, bytes })),
                Entry::Other => {}
                Entry::Symlink => {
                    // Follow links to files, never links to folders (a loop would never end).
                    if let Ok(target) = fs::metadata(&path).map(|m| (m.is_file(), m.len())) {
                        if target.0 && has_known_extension(&path) {
                            return Some(Ok(Input::File { id: relative_id(&root, &path), path, bytes: target.1 }));
                        }
                    }
                }
            }
        }
    }
}

/// A document's id: its path from the folder given, `/`-separated.
fn relative_id(root: &Path, path: &Path) -> String {
    // (The walk joins names to the folder as given: where both are plain text with nothing
    // for path parsing to drop, the id is the text after the folder's, as is. Parsing every
    // path into components to join them again was half a percent of a run.)
    if let (Some(r), Some(p), '/') = (root.to_str(), path.to_str(), std::path::MAIN_SEPARATOR) {
        let r = r.trim_end_matches('/');
        let rest = p.strip_prefix(r).and_then(|rest| rest.strip_prefix('/'));
        let plain = |s: &str| s.split('/').all(|c| !c.is_empty() && c != ".");
        if let Some(rest) = rest.filter(|rest| plain(rest) && (r.is_empty() || plain(r.trim_start_matches('/')))) {
            return rest.to_string();
        }
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// One unit of work: a whole file, or one line of a JSONL file.
#[derive(Debug)]
pub enum Unit {
    /// A file (or standard input) holding one document.
    Whole(Input),
    /// One line of a JSONL file (or of standard input with `--stdin-format jsonl`).
    JsonlLine {
        /// The JSONL file, or `-`.
        path: String,
        /// 1-based line number, for error messages and default ids.
        line_no: usize,
        /// The line's bytes.
        line: Vec<u8>,
    },
    /// An input that failed before it could be read (a path that cannot be walked, a JSONL
    /// file that failed while being read).
    Failed(InputError),
}

/// Streams units of work from a list of inputs, opening JSONL files one line at a time.
pub struct Units {
    inputs: Box<dyn Iterator<Item = Result<Input, InputError>> + Send>,
    jsonl: Option<(String, Box<dyn BufRead + Send>, usize)>,
    options: CorpusOptions,
}

impl Units {
    /// Units from the inputs, in order.
    pub fn new(inputs: Vec<Input>, options: &CorpusOptions) -> Units {
        Units::streaming(inputs.into_iter().map(Ok), options)
    }

    /// Units from a stream of inputs (a [`Walk`]), in order; its errors become failed units.
    pub fn streaming(
        inputs: impl Iterator<Item = Result<Input, InputError>> + Send + 'static,
        options: &CorpusOptions,
    ) -> Units {
        Units { inputs: Box::new(inputs), jsonl: None, options: options.clone() }
    }
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

impl Iterator for Units {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some((path, reader, line_no)) = &mut self.jsonl {
                let mut line = Vec::new();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) => self.jsonl = None,
                    Ok(_) => {
                        *line_no += 1;
                        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                            line.pop();
                        }
                        if line.iter().all(|b| b.is_ascii_whitespace()) {
                            continue;
                        }
                        return Some(Unit::JsonlLine { path: path.clone(), line_no: *line_no, line });
                    }
                    Err(e) => {
                        let err = InputError::new(format!("{path}:{}", *line_no + 1), format!("read failed: {e}"));
                        self.jsonl = None;
                        return Some(Unit::Failed(err));
                    }
                }
            }
            let input = match self.inputs.next()? {
                Ok(input) => input,
                Err(e) => return Some(Unit::Failed(e)),
            };
            match &input {
                Input::File { path, .. } if is_jsonl(path) => match fs::File::open(path) {
                    Ok(f) => self.jsonl = Some((path.display().to_string(), Box::new(BufReader::new(f)), 0)),
                    Err(e) => {
                        return Some(Unit::Failed(InputError::new(
                            path.display().to_string(),
                            format!("cannot open: {e}"),
                        )))
                    }
                },
                Input::Stdin if self.options.stdin_jsonl => {
                    self.jsonl = Some(("-".into(), Box::new(BufReader::new(io::stdin())), 0));
                }
                _ => return Some(Unit::Whole(input)),
            }
        }
    }
}

/// Read one unit of work into a document.
pub fn load(unit: Unit, options: &CorpusOptions) -> Result<Document, InputError> {
    match unit {
        Unit::Failed(e) => Err(e),
        Unit::Whole(Input::Stdin) => {
            let mut raw = Vec::new();
            io::stdin()
                .take(options.max_bytes + 1)
                .read_to_end(&mut raw)
                .map_err(|e| InputError::new("-", format!("cannot read standard input: {e}")))?;
            if raw.len() as u64 > options.max_bytes {
                return Err(InputError::new("-", too_large(options.max_bytes)));
            }
            from_raw("-".into(), "-".into(), raw.into(), false, options)
        }
        Unit::Whole(Input::File { path, id, bytes }) => {
            // (What `display` shows, without the formatting machinery: one call per file; a
            // UTF-8 path, as nearly all are, through the fast check, not the lossy decoder.)
            let shown = match path.to_str() {
                Some(p) => p.to_owned(),
                None => path.to_string_lossy().into_owned(),
            };
            let raw = read_bounded(&path, bytes, options.max_bytes).map_err(|m| InputError::new(shown.clone(), m))?;
            let html = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
            from_raw(id, shown, raw.into(), html, options)
        }
        Unit::JsonlLine { path, line_no, line } => from_jsonl(&path, line_no, &line, options),
    }
}

/// A document from raw bytes, read as a file's bytes are: byte-order mark or `--encoding`,
/// UTF-8 otherwise, binary and size checks, HTML converted to text when `html`.
pub fn from_bytes(id: &str, raw: &[u8], html: bool, options: &CorpusOptions) -> Result<Document, InputError> {
    from_raw(id.to_string(), id.to_string(), raw.into(), html, options)
}

/// A document from text already in memory (the library's entry point when not reading files):
/// the same decoding-free path as a file, with the date found in the text unless
/// `options.doc_date` is set.
pub fn from_text(id: &str, text: &str, options: &CorpusOptions) -> Result<Document, InputError> {
    from_raw(id.to_string(), id.to_string(), text.as_bytes().into(), false, options)
}

fn too_large(max: u64) -> String {
    format!("larger than --max-bytes ({max} bytes); split it or raise --max-bytes")
}

/// Bytes a file of unknown size is first read into: most documents fit (news stories are a
/// few kilobytes), and larger ones are then asked their size.
const FIRST_READ: u64 = 8 << 10;

/// Read a file of at most `max` bytes. `walked` is its size when the walk found it (0: unknown;
/// a walked size lets one read bring the whole file).
fn read_bounded(path: &Path, walked: u64, max: u64) -> Result<Vec<u8>, String> {
    let (file, short_read_is_end) = open_in_folder(path).map_err(|e| format!("cannot open: {e}"))?;
    // Unknown, the size is asked of the open file only when a first read does not reach its
    // end (the ask would cost as much as the read that finds the end).
    let len = (walked > 0).then_some(walked);
    // (Bytes the first read of a file of unknown size asks for.)
    let first = FIRST_READ.min(max) + 1;
    if len.is_some_and(|len| len > max) {
        return Err(too_large(max));
    }
    let mut file = file.take(max + 1);
    // One read usually brings the whole file. When it brings just the size the walk saw, or
    // less than the first read's length on a file system where a short read is the end
    // ([`short_read_is_end`]), the file is read as it was then: the second read, that would
    // only find the end, is saved (a system call per file).
    let mut raw = match len {
        Some(len) => {
            let mut raw = vec![0; len as usize + 1];
            let n = read_some(&mut file, &mut raw)?;
            raw.truncate(n);
            if n as u64 == len {
                return Ok(raw);
            }
            raw
        }
        // (Into this thread's buffer, zeroed once, then copied: a fresh buffer zeroed for
        // every file cost more than the copy of the few bytes read.)
        None => {
            let raw = FIRST.with_borrow_mut(|buffer| {
                buffer.resize(first as usize, 0);
                let n = read_some(&mut file, buffer)?;
                Ok::<_, String>(buffer[..n].to_vec())
            })?;
            if short_read_is_end && (raw.len() as u64) < first {
                return Ok(raw);
            }
            raw
        }
    };
    let n = raw.len();
    if len.is_none() && n as u64 == first && first <= max {
        // A longer file than the first read took: room for the rest, by its size now.
        let size = file.get_ref().metadata().map_or(0, |m| m.len());
        if size > max {
            return Err(too_large(max));
        }
        raw.reserve((size as usize + 1).saturating_sub(n));
    }
    // Otherwise read to the end, at most max + 1 bytes: a file that grows while it is read
    // cannot exhaust memory.
    file.read_to_end(&mut raw).map_err(|e| format!("read failed: {e}"))?;
    if raw.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(raw)
}

/// Open `path` for reading, and say whether a read of it that comes back short is its end
/// ([`short_read_is_end`]). On Linux, relative to its folder, kept open by each thread for its
/// next file: files come folder by folder, and a path given whole is looked up by the kernel
/// folder by folder, every time (a twentieth of the time spent opening files).
#[cfg(target_os = "linux")]
fn open_in_folder(path: &Path) -> io::Result<(fs::File, bool)> {
    use nix::fcntl::{open, openat, OFlag};
    use nix::sys::stat::Mode;
    let whole = || Ok((fs::File::open(path)?, false));
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else { return whole() };
    if folder.as_os_str().is_empty() {
        return whole();
    }
    FOLDER.with_borrow_mut(|open_folder| {
        if open_folder.as_ref().is_none_or(|(f, ..)| f.as_path() != folder) {
            *open_folder = None;
            let fd = open(folder, OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty());
            match fd {
                Ok(fd) => {
                    let short = short_read_is_end(&fd);
                    *open_folder = Some((folder.to_path_buf(), fd, short));
                }
                Err(_) => return whole(),
            }
        }
        let (_, fd, short) = open_folder.as_ref().expect("the folder is open");
        let file = openat(fd, name, OFlag::O_RDONLY | OFlag::O_CLOEXEC, Mode::empty()).map_err(io::Error::from)?;
        Ok((fs::File::from(file), *short))
    })
}

#[cfg(not(target_os = "linux"))]
fn open_in_folder(path: &Path) -> io::Result<(fs::File, bool)> {
    Ok((fs::File::open(path)?, false))
}

/// Whether a read of a regular file in the open folder `folder` that brings less than it asked
/// for has reached the file's end: so on the local disk file systems (and tmpfs, and overlays
/// of them), where a file's read comes short only there. Not on file systems whose files are
/// made as they are read (procfs and sysfs hand out a page or so per read), served by another
/// process or machine (FUSE, network file systems), or any other: there a file is read on
/// until a read brings nothing.
#[cfg(target_os = "linux")]
fn short_read_is_end(folder: &impl std::os::fd::AsFd) -> bool {
    use nix::sys::statfs::{
        fstatfs, BTRFS_SUPER_MAGIC, EXT4_SUPER_MAGIC, F2FS_SUPER_MAGIC, OVERLAYFS_SUPER_MAGIC, TMPFS_MAGIC,
        XFS_SUPER_MAGIC,
    };
    // (ext2 and ext3 share ext4's magic number.)
    let local =
        [EXT4_SUPER_MAGIC, XFS_SUPER_MAGIC, BTRFS_SUPER_MAGIC, F2FS_SUPER_MAGIC, TMPFS_MAGIC, OVERLAYFS_SUPER_MAGIC];
    fstatfs(folder).is_ok_and(|s| local.contains(&s.filesystem_type()))
}

/// Close the folder this thread keeps open ([`open_in_folder`]): a run that read files on
/// its caller's thread leaves none open behind it.
pub(crate) fn close_open_folder() {
    #[cfg(target_os = "linux")]
    FOLDER.with_borrow_mut(|open_folder| *open_folder = None);
}

thread_local! {
    /// Each thread's open folder ([`open_in_folder`]).
    #[cfg(target_os = "linux")]
    static FOLDER: std::cell::RefCell<Option<(PathBuf, std::os::fd::OwnedFd, bool)>> = const { std::cell::RefCell::new(None) };
    /// Each thread's buffer for the first read of a file of unknown size.
    static FIRST: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One read into `buf`, again if interrupted.
fn read_some(file: &mut impl Read, buf: &mut [u8]) -> Result<usize, String> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other.map_err(|e| format!("read failed: {e}")),
        }
    }
}

/// Decode raw bytes to text: a byte-order mark decides (UTF-8, UTF-16LE/BE); otherwise strict
/// UTF-8, or `--encoding` where given. Binary and undecodable input is an error.
pub fn decode(raw: &[u8], forced: Option<&'static Encoding>) -> Result<String, String> {
    decode_cow(raw.into(), forced)
}

/// [`decode`], taking the bytes over where it can: read bytes that are UTF-8 become the
/// text without a copy.
fn decode_cow(raw: Cow<[u8]>, forced: Option<&'static Encoding>) -> Result<String, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(&raw) {
        let body = &raw[bom_len..];
        return enc.decode_without_bom_handling_and_without_replacement(body).map(|s| s.into_owned()).ok_or_else(
            || format!("not valid {} although it starts with a {} byte-order mark", enc.name(), enc.name()),
        );
    }
    if let Some(pos) = memchr::memchr(0, &raw) {
        return Err(format!("binary file (NUL byte at offset {pos}); gleaner reads text, HTML and JSONL"));
    }
    if let Some(enc) = forced {
        return enc
            .decode_without_bom_handling_and_without_replacement(&raw)
            .map(|s| s.into_owned())
            .ok_or_else(|| format!("not valid {}; check --encoding", enc.name()));
    }
    let utf8 = match raw {
        Cow::Owned(bytes) => String::from_utf8(bytes).map_err(|e| e.utf8_error()),
        Cow::Borrowed(bytes) => std::str::from_utf8(bytes).map(str::to_owned),
    };
    utf8.map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {}); convert it, or pass --encoding (e.g. --encoding windows-1252)",
            e.valid_up_to()
        )
    })
}

fn sha256_hex(raw: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(raw);
    // (Two digits a byte from a table: `write!` with a format per byte was half the cost of
    // hashing a typical news story.)
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

static TITLE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title[^>]*>(.*?)</title>").expect("valid regex"));

/// Convert HTML to plain text (paragraphs and line breaks kept, markup dropped, no wrapping).
pub fn html_to_text(html: &str) -> Result<String, String> {
    html2text::config::plain_no_decorate()
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), 100_000)
        .map(|s| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n"))
        .map_err(|e| format!("cannot convert HTML to text: {e}"))
}

fn from_raw(
    id: String,
    path: String,
    raw: Cow<[u8]>,
    html: bool,
    options: &CorpusOptions,
) -> Result<Document, InputError> {
    if raw.is_empty() {
        return Err(InputError::new(path, "empty file: nothing to read"));
    }
    // (Hashed and measured first: the bytes of a UTF-8 file become its text.)
    let (bytes, sha256) = (raw.len() as u64, sha256_hex(&raw));
    let decoded = decode_cow(raw, options.encoding).map_err(|m| InputError::new(path.clone(), m))?;
    let (text, title) = if html {
        let title =
            TITLE_TAG.captures(&decoded).map(|c| crate::document::collapse_spaces(&c[1])).filter(|t| !t.is_empty());
        (html_to_text(&decoded).map_err(|m| InputError::new(path.clone(), m))?, title)
    } else {
        let title = first_line_title(&decoded);
        (decoded, title)
    };
    if text.trim().is_empty() {
        return Err(InputError::new(path, "no text in it (only whitespace or markup)"));
    }
    let (date, date_source) = match options.doc_date {
        Some(d) => (Some(d), DateSource::Cli),
        None => match date_from_text(&text) {
            Some(d) => (Some(d), DateSource::Text),
            None => (None, DateSource::None),
        },
    };
    Ok(Document { id, path, bytes, sha256, text, date, date_source, title })
}

#[derive(serde::Deserialize)]
struct JsonlDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    date: Option<String>,
    title: Option<String>,
}

fn from_jsonl(path: &str, line_no: usize, line: &[u8], options: &CorpusOptions) -> Result<Document, InputError> {
    let at = format!("{path}:{line_no}");
    if line.len() as u64 > options.max_bytes {
        return Err(InputError::new(at, too_large(options.max_bytes)));
    }
    let rec: JsonlDoc = serde_json::from_slice(line)
        .map_err(|e| InputError::new(at.clone(), format!("not a JSON object with a \"text\" field: {e}")))?;
    let text = rec
        .text
        .ok_or_else(|| InputError::new(at.clone(), "no \"text\" field; each line needs {\"id\": …, \"text\": …}"))?;
    if text.trim().is_empty() {
        return Err(InputError::new(at, "empty \"text\""));
    }
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => at.clone(),
    };
    let (date, date_source) = if let Some(d) = options.doc_date {
        (Some(d), DateSource::Cli)
    } else if let Some(s) = rec.date.as_deref() {
        let day = s.get(..10).unwrap_or(s);
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| InputError::new(at.clone(), format!("\"date\" {s:?} is not YYYY-MM-DD")))?;
        (Some(d), DateSource::Jsonl)
    } else {
        match date_from_text(&text) {
            Some(d) => (Some(d), DateSource::Text),
            None => (None, DateSource::None),
        }
    };
    let title = rec.title.or_else(|| first_line_title(&text));
    Ok(Document {
        id,
        path: path.to_string(),
        bytes: line.len() as u64,
        sha256: sha256_hex(line),
        text,
        date,
        date_source,
        title,
    })
}

/// A plain-text document's title: its first non-empty line, when that line is short and does not
/// read as a sentence (no final period).
fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= 160 && !line.ends_with('.')).then(|| line.to_string())
}

/// A cue that the full date right after it is the document's own: "Published on April 7, 2017",
/// "Posted: 7 April 2017".
/// (A [`Pattern`]: its search space is each thread's own. `Regex::find_iter` took it from a
/// shared pool, with a few allocations per document on threads other than the first.)
static PUBLISHED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_whole_texts(r"(?i)\b(?:published|posted|updated|released|dated|date)(?:\s+on)?\s*:?\s*")
        .expect("valid regex")
});

/// The longest cue, in characters, whose date counts ("Published on" and its spacing).
const CUE_CHARS: usize = 41;

/// How far from the start (in bytes) a bare full date still counts as the dateline.
const DATELINE_WINDOW: usize = 300;

/// How far past its start a full date is looked for (longer than any written date).
const DATE_REACH: usize = 200;

/// Find a document's own date in its text: a full date right after "Published on" (or a similar
/// cue, at most 40 characters before it) anywhere, else a full date in the dateline (starting in
/// the first few lines). Only the cues and the dateline are searched, not the whole text.
pub fn date_from_text(text: &str) -> Option<NaiveDate> {
    // Every full date has a four-digit year: where the text has none (most news items), or none
    // before the dateline's end, there is nothing to look for.
    let year_at = first_four_digits(text.as_bytes())?;
    // The first full date starting in `from..until`.
    let first_date = |from: usize, until: usize| {
        let window = (from, floor_char_boundary(text, until + DATE_REACH));
        calendar::explicit_dates_in(text, window).into_iter().next().filter(|d| d.start < until)
    };
    let mut published = None;
    // A cue's date starts where the cue ends and holds a four-digit run: so a cue that can count
    // ends at most `DATE_REACH` bytes before some such run, none of which comes before the
    // first, and is at most `CUE_CHARS` characters long. The text before is not searched.
    let from = floor_char_boundary(text, year_at.saturating_sub(1 + DATE_REACH + 4 * CUE_CHARS));
    PUBLISHED.captures_in(text, (from, text.len()), |c| {
        let Some(cue) = c.get(0).filter(|_| published.is_none()) else { return };
        // A cue is a label: capitalized or first on its line ("Published on", "Updated:"), not
        // a word of a sentence ("the payment date April 9", "a letter dated January 26").
        let line_start = text[..cue.start()].rfind('\n').map_or(0, |i| i + 1);
        // (A line that starts with "date" after a line ending mid-sentence is a wrapped
        // sentence: "payment\ndate May 14, 1987".)
        let previous_line = text[..line_start.saturating_sub(1)].rsplit('\n').next().unwrap_or("");
        let wrapped = previous_line.trim_end().ends_with(|c: char| c.is_alphanumeric() || c == ',');
        let label = text[cue.start()..].starts_with(|c: char| c.is_uppercase())
            || (text[line_start..cue.start()].trim().is_empty() && !wrapped);
        if label && cue.as_str().chars().count() <= CUE_CHARS {
            if let Some(d) = first_date(cue.end(), cue.end() + 1).filter(|d| d.start == cue.end()) {
                published = Some(d.date);
            }
        }
    });
    if published.is_some() {
        return published;
    }
    // The dateline: the first full date near the start, standing on its own line or after a
    // place ("LONDON, 12 June 2019 (Reuters) -"). A date inside a sentence there is what the
    // story is about ("notes due April 15, 1994"), not when it was written.
    if year_at + 4 > floor_char_boundary(text, DATELINE_WINDOW + DATE_REACH) {
        return None;
    }
    first_date(0, DATELINE_WINDOW).filter(|d| is_dateline(text, d.start, d.end)).map(|d| d.date)
}

/// Where the first run of four ASCII digits in `bytes` begins.
///
/// Eight bytes at a time: a lane ends such a run when it and the three lanes before it (in
/// this word or the last) hold digits. Most news items have no such run and are read whole;
/// the others stop at their first (a year, an amount, usually in the first lines).
fn first_four_digits(bytes: &[u8]) -> Option<usize> {
    let mut last = 0u64;
    for (k, x) in eights(bytes).enumerate() {
        let d = Lanes::of(x).digit;
        let ends = d & (d << 8 | last >> 56) & (d << 16 | last >> 48) & (d << 24 | last >> 40);
        if ends != 0 {
            return Some(k * 8 + ends.trailing_zeros() as usize / 8 - 3);
        }
        last = d;
    }
    None
}

/// What may come before a dateline's date on its line: nothing, a weekday, or a place in
/// capitalized words and a comma ("WASHINGTON, D.C., Friday,").
static DATELINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*)*(?:,\s*\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*)*)*,\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?$",
    )
    .expect("valid regex")
});

/// What may come after it: the end of the line, a dash or bracket ("- ", "(Reuters)"), a
/// separator, or a clock time ("10:31", ", 10:31", "at 3:00 PM"). (Not a comma and words:
/// "January 2, 1987, resulting in" goes on.)
static DATELINE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*(?:$|[-–—(/|;·•]|(?:,|at)?[ \t]*\d{1,2}[:.]\d\d)").expect("valid regex"));

/// Whether the date at `start..end` stands as a dateline: alone on its line but for a place
/// or weekday before it and a dash, bracket or time after it.
fn is_dateline(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    DATELINE_BEFORE.is_match(&text[line_start..start]) && DATELINE_AFTER.is_match(&text[end..line_end])
}

/// The largest char boundary of `text` at or before `at` (or its length).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_from_the_folder_given() {
        let slow = |root: &str, path: &str| {
            let (root, path) = (Path::new(root), Path::new(path));
            let rel = path.strip_prefix(root).unwrap_or(path);
            rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
        };
        for (root, path) in [
            ("../shared/news", "../shared/news/bbc/a.txt"),
            ("news", "news/a.txt"),
            ("news/", "news/a.txt"),
            ("news//", "news//a.txt"),
            ("/data/news", "/data/news/x/y/z.txt"),
            ("/", "/a.txt"),
            ("./news", "./news/a.txt"),
            ("news", "news/./a.txt"),
            ("news", "news//a.txt"),
            ("news", "newsroom/a.txt"),
            ("a.txt", "a.txt"),
            ("news", "news/.hidden/a.txt"),
            ("news", "news/..txt"),
        ] {
            assert_eq!(relative_id(Path::new(root), Path::new(path)), slow(root, path), "{root} {path}");
        }
        assert_eq!(relative_id(Path::new("../shared/news"), Path::new("../shared/news/bbc/a.txt")), "bbc/a.txt");
    }

    #[test]
    fn content_hashes_are_lowercase_hex_sha256() {
        // (FIPS 180-2's test vectors.)
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn files_are_read_whole_whatever_size_the_walk_saw() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "ten bytes!").unwrap();
        // The size the walk saw, one the file grew from, one it shrank from, and none.
        for walked in [10, 4, 64, 0] {
            assert_eq!(read_bounded(&path, walked, 100).unwrap(), b"ten bytes!", "walked {walked}");
        }
        assert!(read_bounded(&path, 4, 9).unwrap_err().contains("--max-bytes"));
        assert!(read_bounded(&path, 20, 9).unwrap_err().contains("--max-bytes"));
        // Of unknown size (a walk without sizes), around the first read's length, and the
        // limit on either side of it.
        let first = FIRST_READ as usize;
        for len in [0, 1, first - 1, first, first + 1, 3 * first + 5] {
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            fs::write(&path, &bytes).unwrap();
            assert_eq!(read_bounded(&path, 0, 1 << 20).unwrap(), bytes, "len {len}");
            for max in [len as u64, len as u64 + 1, first as u64] {
                let read = read_bounded(&path, 0, max);
                match len as u64 <= max {
                    true => assert_eq!(read.unwrap(), bytes, "len {len} max {max}"),
                    false => assert!(read.unwrap_err().contains("--max-bytes"), "len {len} max {max}"),
                }
            }
            if len > 0 {
                assert!(read_bounded(&path, 0, len as u64 - 1).unwrap_err().contains("--max-bytes"), "len {len}");
            }
        }
    }

    #[test]
    fn files_open_from_folder_to_folder_and_back() {
        let dir = tempfile::tempdir().unwrap();
        for (folder, text) in [("a", "in a"), ("b", "in b")] {
            fs::create_dir(dir.path().join(folder)).unwrap();
            fs::write(dir.path().join(folder).join("x.txt"), text).unwrap();
        }
        // The same name in two folders, taken in turns: each from its own folder.
        for folder in ["a", "b", "a", "a", "b"] {
            let read = read_bounded(&dir.path().join(folder).join("x.txt"), 0, 100).unwrap();
            assert_eq!(read, format!("in {folder}").as_bytes());
        }
        let missing = read_bounded(&dir.path().join("a").join("gone.txt"), 0, 100).unwrap_err();
        assert!(missing.starts_with("cannot open: No such file"), "{missing}");
        let no_folder = read_bounded(&dir.path().join("c").join("x.txt"), 0, 100).unwrap_err();
        assert!(no_folder.starts_with("cannot open: No such file"), "{no_folder}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn files_whose_reads_come_short_before_their_end_are_read_to_it() {
        // procfs makes its files as they are read, a page or so per read: there a first read
        // that comes back short is no end, and the file is read on (it had been cut to its
        // first page). (Files on disk around the first read's length: see
        // `files_are_read_whole_whatever_size_the_walk_saw`.)
        let proc_folder = fs::File::open("/proc/self").unwrap();
        assert!(!short_read_is_end(&proc_folder));
        // (A file of procfs long enough to come in several reads, that does not change from
        // one read to the next: the kernel's symbols, where this system shows them.)
        let symbols = Path::new("/proc/kallsyms");
        if let Some(whole) = fs::read(symbols).ok().filter(|w| w.len() > 4 * FIRST_READ as usize) {
            assert_eq!(read_bounded(symbols, 0, u64::MAX / 2).unwrap().len(), whole.len());
        }
    }

    #[test]
    fn a_walk_without_sizes_finds_the_same_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        for (name, text) in [("b.txt", "bee"), ("a.md", "a"), ("sub/c.html", "<p>c</p>"), ("d.bin", "no")] {
            fs::write(dir.path().join(name), text).unwrap();
        }
        let paths = [dir.path().to_path_buf()];
        let with: Vec<Input> = Walk::new(&paths).map(Result::unwrap).collect();
        let without: Vec<Input> = Walk::new(&paths).without_sizes().map(Result::unwrap).collect();
        let sized = |inputs: &[Input]| -> Vec<(String, u64)> {
            inputs
                .iter()
                .map(|i| match i {
                    Input::File { id, bytes, .. } => (id.clone(), *bytes),
                    Input::Stdin => ("-".into(), 0),
                })
                .collect()
        };
        assert_eq!(sized(&with), [("a.md".to_string(), 1), ("b.txt".into(), 3), ("sub/c.html".into(), 8)]);
        assert_eq!(sized(&without), [("a.md".to_string(), 0), ("b.txt".into(), 0), ("sub/c.html".into(), 0)]);
    }

    #[test]
    fn decodes_utf8_utf16_and_rejects_binary() {
        assert_eq!(decode("héllo".as_bytes(), None).unwrap(), "héllo");
        assert_eq!(decode(b"\xEF\xBB\xBFhi", None).unwrap(), "hi");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Zoë".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16, None).unwrap(), "Zoë");
        assert!(decode(b"ab\x00cd", None).unwrap_err().contains("binary"));
        let err = decode(b"caf\xe9", None).unwrap_err();
        assert!(err.contains("offset 3") && err.contains("--encoding"), "{err}");
        assert_eq!(decode(b"caf\xe9", Some(encoding_rs::WINDOWS_1252)).unwrap(), "café");
    }

    #[test]
    fn finds_publication_date_and_dateline() {
        let d = |s: &str| date_from_text(s).map(|d| d.to_string());
        assert_eq!(
            d("Some text on March 3, 2015 far away.\n\nPublished on April 7, 2017\n"),
            Some("2017-04-07".into())
        );
        assert_eq!(d("LONDON, 12 June 2019 (Reuters) - Shares fell."), Some("2019-06-12".into()));
        assert_eq!(d("No dates here at all."), None);
        // A cue must come right before its date; a bare date counts only near the start.
        assert_eq!(d(&format!("{} Updated on April 7 with a note: March 3, 2015", "x ".repeat(200))), None);
        assert_eq!(d(&format!("{} Updated: 2015-03-03.", "x ".repeat(400))), Some("2015-03-03".into()));
        assert_eq!(d(&format!("{}LONDON, 12 June 2019 -", " ".repeat(280))), Some("2019-06-12".into()));
        assert_eq!(d(&format!("{}LONDON, 12 June 2019 -", " ".repeat(320))), None);
        assert_eq!(d("The bonds pay 8 pct. The payment date April 9, 1987 was set."), None);
        assert_eq!(d("Fees are 1-1/2 pct, payment\ndate May 14, 1987. Done."), None);
        assert_eq!(d("Some text.\n  published on: April 9, 2017\n"), Some("2017-04-09".into()));
        // Far past the first year, and with the longest spacing a cue may have.
        assert_eq!(
            d(&format!("In 1999 it began.{}. Published on April 7, 2017", " x".repeat(600))),
            Some("2017-04-07".into())
        );
        let spaced = format!("{}Published on:{}7 April 2017", "x ".repeat(300), " ".repeat(CUE_CHARS - 13));
        assert_eq!(d(&spaced), Some("2017-04-07".into()));
        assert_eq!(d(&spaced.replacen(": ", ":  ", 1)), None, "a cue one character too long");
        // A date the story is about is no dateline, even near the start.
        assert_eq!(d("BANK ISSUES BOND\nLONDON, March 11 - The bank is issuing a bond due April 15, 1994."), None);
        assert_eq!(d("Results\nShares rose on January 19, 1987, the exchange said."), None);
        assert_eq!(d("WASHINGTON, D.C., Friday, April 7, 2017 - The letter"), Some("2017-04-07".into()));
        assert_eq!(d("A headline\n\nApril 7, 2017\n\nText."), Some("2017-04-07".into()));
        assert_eq!(d("A headline\nApril 7, 2017 10:31 EDT\nText."), Some("2017-04-07".into()));
        assert_eq!(d("A headline\nApril 7, 2017 at 3:05 PM\nText."), Some("2017-04-07".into()));
        assert_eq!(d("A headline\n7 April 2017, 15:30 BST\nText."), Some("2017-04-07".into()));
        // A wrapped line that starts with a date goes on with the sentence.
        assert_eq!(d("HEADLINE\nIt said they were delinquent on\nDecember 31, 1986, and will pay."), None);
        assert_eq!(d("HEADLINE\n   Estimated for tuesday, April 7,\n1987, choice up 1.19"), None);
        // Years are four ASCII digits (a date with others is read as none).
        assert_eq!(d("Published on April 7, \u{ff12}\u{ff10}\u{ff11}\u{ff17}\n"), None);
        assert_eq!(first_four_digits(b"in 1 22 333 4444"), Some(12));
        assert_eq!(first_four_digits(b"12-34 567"), None);
        // Runs at every offset in a word of eight bytes, and across words.
        for at in (0..80).chain(1010..1030) {
            let mut text = vec![b'x'; at];
            text.extend(b"12 345 6789 ");
            assert_eq!(first_four_digits(&text), Some(at + 7), "a run at {at}");
            text.truncate(at + 10);
            assert_eq!(first_four_digits(&text), None, "three digits at {at}");
        }
    }

    #[test]
    fn html_becomes_text_with_title() {
        let doc = from_raw(
            "a.html".into(),
            "a.html".into(),
            b"<html><head><title>Hi  there</title></head><body><p>One <b>bold</b> word.</p><p>Two</p></body></html>"
                .into(),
            true,
            &CorpusOptions::default(),
        )
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Hi there"));
        assert!(doc.text.contains("One bold word."), "{:?}", doc.text);
        assert!(!doc.text.contains('<'));
    }

    #[test]
    fn jsonl_lines_need_text_and_valid_dates() {
        let opts = CorpusOptions::default();
        let doc =
            from_jsonl("x.jsonl", 3, br#"{"id": 7, "text": "Hello.", "date": "2017-04-07T10:00:00Z"}"#, &opts).unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.date.unwrap().to_string().as_str(), doc.date_source),
            ("7", "2017-04-07", DateSource::Jsonl)
        );
        assert!(from_jsonl("x.jsonl", 4, br#"{"id": "a"}"#, &opts).unwrap_err().message.contains("\"text\""));
        assert!(from_jsonl("x.jsonl", 5, b"not json", &opts).unwrap_err().path.ends_with(":5"));
        assert!(from_jsonl("x.jsonl", 6, br#"{"text": "x", "date": "April"}"#, &opts).is_err());
    }
}
