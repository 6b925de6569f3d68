//! The HTML report analysts open in a browser: `DIR/report.html` (overview, top entities,
//! claims table, timeline, document list) and one page per document in `DIR/docs/` with every
//! mention highlighted by type.
//!
//! Every page is self-contained (inline CSS and script, no network) and opens offline. The
//! overview page holds aggregates and at most [`MAX_CLAIMS`] claims (the most check-worthy),
//! so it stays a few megabytes at 10,000 documents; the text of each document lives in its own
//! page, written as the document arrives (aside, then renamed), so memory stays flat.

use super::{aside, persist, DocumentOutput, MentionFields, Outcome, Sink};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Most claims the overview page carries; the rest are counted, not listed.
pub const MAX_CLAIMS: usize = 50_000;

/// Entities listed per type in the overview.
const TOP_ENTITIES: usize = 25;

/// The colour of each mention type (also the legend).
pub const TYPE_COLOURS: &[(&str, &str)] = &[
    ("person", "#ffd6a5"),
    ("official", "#caffbf"),
    ("place", "#9bf6ff"),
    ("organization", "#bdb2ff"),
    ("date", "#fdffb6"),
    ("quantity", "#ffadad"),
];

/// Escape text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct EntityStats {
    mentions: usize,
    documents: usize,
    details: BTreeSet<String>,
}

struct ClaimRow {
    worth: f64,
    json: String,
}

/// Writes the report while documents stream by.
pub struct HtmlSink {
    dir: PathBuf,
    documents: usize,
    errors: Vec<(String, String)>,
    by_type: BTreeMap<&'static str, usize>,
    entities: BTreeMap<(&'static str, String), EntityStats>,
    officials: BTreeMap<(String, String, String), usize>,
    claims: Vec<ClaimRow>,
    claims_total: usize,
    timeline: BTreeMap<String, (usize, usize)>,
    pages: Vec<(String, String, Option<String>, usize, usize)>,
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}header{background:#243447;color:#fff;padding:12px 24px}header a{color:#cde}main{padding:16px 24px;max-width:1200px}h2{border-bottom:1px solid #ddd;padding-bottom:4px}table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}.card b{display:block;font-size:22px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}.grid>div{overflow-x:auto}.m{border-radius:3px;padding:0 1px}.legend span{margin-right:10px;padding:1px 6px;border-radius:3px}.doc{white-space:pre-wrap;font:15px/1.7 Georgia,serif;max-width:900px}.bar{background:#7aa6d8;height:14px;display:inline-block}.muted{color:#777}.pager button{margin:0 4px}input{padding:4px 8px;width:280px}";

fn legend() -> String {
    let items: Vec<String> = TYPE_COLOURS
        .iter()
        .map(|(t, c)| format!("<span class=\"m-{t}\" style=\"background:{c}\">{t}</span>"))
        .collect();
    format!("<p class=\"legend\">{}</p>", items.join(""))
}

fn colour_css() -> String {
    TYPE_COLOURS.iter().map(|(t, c)| format!(".m-{t}{{background:{c}}}")).collect::<Vec<_>>().join("")
}

fn page(title: &str, body: &str, script: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}{}</style></head>\n<body>{body}<script>{script}</script></body></html>\n",
        escape(title),
        colour_css()
    )
}

/// What a mention's tooltip says: its normalized value, entity and source.
fn tooltip(m: &super::MentionRecord) -> String {
    let detail = match &m.fields {
        MentionFields::Person { name } => format!("person: {name}"),
        MentionFields::Official { person, role, affiliation } => {
            format!("official: {person}, {role}{}", affiliation.as_ref().map(|a| format!(" ({a})")).unwrap_or_default())
        }
        MentionFields::Place { canonical, country, place_type } => {
            format!(
                "place: {canonical} ({place_type}{})",
                country.as_ref().map(|c| format!(", {c}")).unwrap_or_default()
            )
        }
        MentionFields::Organization { canonical } => format!("organization: {canonical}"),
        MentionFields::Date { value, timex_type, modifier } => {
            format!("date: {value} {timex_type}{}", modifier.map(|m| format!(" mod={m}")).unwrap_or_default())
        }
        MentionFields::Quantity { value, value_max, qualifier, unit } => format!(
            "quantity: {value}{} {qualifier} {}",
            value_max.map(|v| format!("–{v}")).unwrap_or_default(),
            unit.clone().unwrap_or_default()
        ),
    };
    format!("{detail} · entity {} · source {} · {}", m.entity_id.as_deref().unwrap_or("–"), m.source, m.id)
}

/// The document's text as HTML: sentences as anchors (`#s3`), mentions as nested marks.
pub fn highlight(text: &str, d: &DocumentOutput, sentence_starts: &[usize]) -> String {
    // Events at byte offsets: opening and closing tags, longest mention opening first.
    let mut opens: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
    for m in &d.mentions {
        let tag = format!(
            "<span class=\"m m-{}\" title=\"{}\" data-type=\"{}\">",
            m.mention_type,
            escape(&tooltip(m)),
            m.mention_type
        );
        opens.entry(m.start).or_default().push((m.end, tag));
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut stack: Vec<usize> = Vec::new();
    let mut boundaries: BTreeSet<usize> = opens.keys().copied().collect();
    boundaries.extend(d.mentions.iter().map(|m| m.end));
    boundaries.extend(sentence_starts.iter().copied());
    boundaries.insert(text.len());
    let mut pos = 0;
    let sentence_at: HashMap<usize, usize> = sentence_starts.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    for b in boundaries {
        if b > text.len() || b < pos || !text.is_char_boundary(b) {
            continue;
        }
        out.push_str(&escape(&text[pos..b]));
        pos = b;
        while stack.last().is_some_and(|&end| end <= b) {
            stack.pop();
            out.push_str("</span>");
        }
        if let Some(&s) = sentence_at.get(&b) {
            out.push_str(&format!("<a id=\"s{s}\"></a>"));
        }
        if let Some(list) = opens.get_mut(&b) {
            list.sort_by_key(|(end, _)| std::cmp::Reverse(*end));
            for (end, tag) in list.drain(..) {
                // Only nest properly: a mention that would cross an open one is shown unmarked.
                if stack.last().is_none_or(|&outer| end <= outer) {
                    out.push_str(&tag);
                    stack.push(end);
                }
            }
        }
    }
    while stack.pop().is_some() {
        out.push_str("</span>");
    }
    out
}

impl HtmlSink {
    /// Start a report in `dir` (document pages go to `dir/docs/`).
    pub fn new(dir: &Path) -> io::Result<HtmlSink> {
        std::fs::create_dir_all(dir.join("docs"))?;
        Ok(HtmlSink {
            dir: dir.to_path_buf(),
            documents: 0,
            errors: Vec::new(),
            by_type: BTreeMap::new(),
            entities: BTreeMap::new(),
            officials: BTreeMap::new(),
            claims: Vec::new(),
            claims_total: 0,
            timeline: BTreeMap::new(),
            pages: Vec::new(),
        })
    }

    fn page_name(n: usize) -> String {
        format!("docs/{n:06}.html")
    }

    /// Add one document's records (and its text, when known, for the document page).
    pub fn add(&mut self, d: &DocumentOutput, text: Option<&str>) -> io::Result<()> {
        self.documents += 1;
        let n = self.documents;
        let page_name = Self::page_name(n);
        let doc_id = &d.document.doc_id;
        let mut seen: BTreeSet<(&'static str, String)> = BTreeSet::new();
        for m in &d.mentions {
            *self.by_type.entry(m.mention_type).or_default() += 1;
            let (key, detail) = match &m.fields {
                MentionFields::Person { name } => (("person", name.clone()), None),
                MentionFields::Place { canonical, country, .. } => (("place", canonical.clone()), country.clone()),
                MentionFields::Organization { canonical } => (("organization", canonical.clone()), None),
                MentionFields::Official { person, role, affiliation } => {
                    let k = (person.clone(), role.clone(), affiliation.clone().unwrap_or_default());
                    *self.officials.entry(k).or_default() += 1;
                    continue;
                }
                MentionFields::Date { value, timex_type, .. } => {
                    if matches!(*timex_type, "DATE" | "TIME")
                        && value.len() >= 7
                        && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                    {
                        self.timeline.entry(value[..7].to_string()).or_default().0 += 1;
                    }
                    continue;
                }
                MentionFields::Quantity { .. } => continue,
            };
            let stats = self.entities.entry(key.clone()).or_default();
            stats.mentions += 1;
            if let Some(c) = detail {
                stats.details.insert(c);
            }
            if seen.insert(key) {
                stats.documents += 1;
            }
        }
        for e in d.entities.iter().filter(|e| e.entity_type == "person") {
            if let Some(stats) = self.entities.get_mut(&("person", e.name.clone())) {
                stats.details.extend(e.roles.iter().cloned());
            }
        }
        for c in &d.claims {
            self.claims_total += 1;
            if let Some(date) =
                c.date.as_deref().filter(|v| v.len() >= 7 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
            {
                self.timeline.entry(date[..7].to_string()).or_default().1 += 1;
            }
            let row = serde_json::json!([
                c.value.to_string(),
                c.qualifier,
                c.unit.clone().unwrap_or_default(),
                c.subject.clone().unwrap_or_default(),
                c.date.clone().unwrap_or_default(),
                c.places.join("; "),
                c.attribution.clone().unwrap_or_default(),
                c.hedge.unwrap_or_default(),
                doc_id,
                format!("{page_name}#s{}", c.sentence),
                c.check_worthiness.0,
                c.text,
            ]);
            self.claims.push(ClaimRow { worth: c.check_worthiness.0, json: row.to_string().replace("</", "<\\/") });
            if self.claims.len() > MAX_CLAIMS * 2 {
                self.trim_claims();
            }
        }
        self.pages.push((
            doc_id.clone(),
            page_name.clone(),
            d.document.title.clone(),
            d.mentions.len(),
            d.claims.len(),
        ));
        self.write_document_page(d, text, &page_name)
    }

    /// Keep the most check-worthy claims (ties in input order).
    fn trim_claims(&mut self) {
        let mut order: Vec<usize> = (0..self.claims.len()).collect();
        order.sort_by(|&a, &b| self.claims[b].worth.total_cmp(&self.claims[a].worth).then(a.cmp(&b)));
        let mut keep: Vec<usize> = order.into_iter().take(MAX_CLAIMS).collect();
        keep.sort_unstable();
        let old = std::mem::take(&mut self.claims);
        let mut keep_iter = keep.into_iter().peekable();
        for (i, row) in old.into_iter().enumerate() {
            if keep_iter.peek() == Some(&i) {
                keep_iter.next();
                self.claims.push(row);
            }
        }
    }

    fn write_document_page(&self, d: &DocumentOutput, text: Option<&str>, page_name: &str) -> io::Result<()> {
        let doc = &d.document;
        let title = doc.title.clone().unwrap_or_else(|| doc.doc_id.clone());
        let mut body = format!(
            "<header><a href=\"../report.html\">← report</a> · <b>{}</b></header><main><h1>{}</h1><p class=\"muted\">{} · date {} ({}) · {} mentions · {} claims</p>{}",
            escape(&doc.doc_id),
            escape(&title),
            escape(&doc.path),
            escape(doc.date.as_deref().unwrap_or("unknown")),
            doc.date_source,
            d.mentions.len(),
            d.claims.len(),
            legend()
        );
        match text {
            Some(t) => {
                let starts = sentence_starts(d, t);
                body.push_str(&format!("<div class=\"doc\" id=\"text\">{}</div>", highlight(t, d, &starts)));
            }
            None => body.push_str("<p class=\"muted\">The document's text is not available (its file changed or cannot be read); its mentions follow.</p>"),
        }
        if !d.claims.is_empty() {
            body.push_str("<h2>Claims</h2><table id=\"claims\"><tr><th>value</th><th>qualifier</th><th>unit</th><th>subject</th><th>date</th><th>places</th><th>source</th><th>hedge</th></tr>");
            for c in &d.claims {
                body.push_str(&format!(
                    "<tr><td><a href=\"#s{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    c.sentence,
                    c.value,
                    c.qualifier,
                    escape(c.unit.as_deref().unwrap_or("")),
                    escape(c.subject.as_deref().unwrap_or("")),
                    escape(c.date.as_deref().unwrap_or("")),
                    escape(&c.places.join("; ")),
                    escape(c.attribution.as_deref().unwrap_or("")),
                    escape(c.hedge.unwrap_or(""))
                ));
            }
            body.push_str("</table>");
        }
        body.push_str("</main>");
        write_aside(&self.dir, page_name, &page(&title, &body, ""))
    }

    fn overview(&self) -> String {
        let mut body = String::from("<header><b>gleaner report</b></header><main>");
        body.push_str("<h2>Overview</h2><div class=\"cards\">");
        body.push_str(&format!("<div class=\"card\"><b id=\"n-docs\">{}</b>documents</div><div class=\"card\"><b>{}</b>errors</div><div class=\"card\"><b>{}</b>claims</div>", self.documents, self.errors.len(), self.claims_total));
        for (t, n) in &self.by_type {
            body.push_str(&format!("<div class=\"card\"><b>{n}</b>{t}</div>"));
        }
        body.push_str("</div>");
        body.push_str("<h2>Who and what appears</h2><div class=\"grid\">");
        for (t, detail_name) in [("person", "roles"), ("place", "country"), ("organization", "")] {
            let mut rows: Vec<(&String, &EntityStats)> =
                self.entities.iter().filter(|((k, _), _)| *k == t).map(|((_, n), s)| (n, s)).collect();
            rows.sort_by(|a, b| {
                b.1.mentions.cmp(&a.1.mentions).then(b.1.documents.cmp(&a.1.documents)).then(a.0.cmp(b.0))
            });
            body.push_str(&format!("<div><h3>{t}s</h3><table class=\"top-{t}\"><tr><th>name</th><th>mentions</th><th>documents</th>{}</tr>", if detail_name.is_empty() { String::new() } else { format!("<th>{detail_name}</th>") }));
            for (name, s) in rows.into_iter().take(TOP_ENTITIES) {
                let detail = if detail_name.is_empty() {
                    String::new()
                } else {
                    format!("<td>{}</td>", escape(&s.details.iter().cloned().collect::<Vec<_>>().join("; ")))
                };
                body.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td>{detail}</tr>",
                    escape(name),
                    s.mentions,
                    s.documents
                ));
            }
            body.push_str("</table></div>");
        }
        let mut officials: Vec<_> = self.officials.iter().collect();
        officials.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        body.push_str("<div><h3>officials</h3><table class=\"top-official\"><tr><th>person</th><th>role</th><th>affiliation</th><th>mentions</th></tr>");
        for ((p, r, a), n) in officials.into_iter().take(TOP_ENTITIES) {
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{n}</td></tr>",
                escape(p),
                escape(r),
                escape(a)
            ));
        }
        body.push_str("</table></div></div>");
        // Claims: data in a script, rendered, sorted, filtered and paged by the page's script.
        body.push_str(&format!(
            "<h2>Claims</h2><p class=\"muted\">{}</p><p><input id=\"filter\" placeholder=\"filter claims (any column)\"> <span class=\"pager\"><button id=\"prev\">‹</button><span id=\"pageinfo\"></span><button id=\"next\">›</button></span></p><table id=\"claims\"><thead><tr><th data-k=\"0\">value</th><th data-k=\"1\">qualifier</th><th data-k=\"2\">counted</th><th data-k=\"3\">subject</th><th data-k=\"4\">date</th><th data-k=\"5\">place</th><th data-k=\"6\">attribution</th><th data-k=\"7\">hedge</th><th data-k=\"10\">worth</th><th data-k=\"8\">document</th></tr></thead><tbody></tbody></table>",
            if self.claims_total > self.claims.len() { format!("The {} most check-worthy of {} claims; every claim is in claims.csv and the document pages.", self.claims.len(), self.claims_total) } else { format!("{} claims. Click a column to sort, a value to open its sentence.", self.claims_total) }
        ));
        body.push_str("<h2>Timeline</h2><p class=\"muted\">Dated mentions and claims per month.</p><table id=\"timeline\"><tr><th>month</th><th>dated mentions</th><th>claims</th></tr>");
        let max = self.timeline.values().map(|(m, c)| m + c).max().unwrap_or(1).max(1);
        for (month, (m, c)) in &self.timeline {
            body.push_str(&format!(
                "<tr><td>{month}</td><td><span class=\"bar\" style=\"width:{}px\"></span> {m}</td><td>{c}</td></tr>",
                1 + 300 * m / max
            ));
        }
        body.push_str("</table><h2>Documents</h2><table id=\"documents\"><tr><th>document</th><th>title</th><th>mentions</th><th>claims</th></tr>");
        for (id, page_name, title, m, c) in &self.pages {
            body.push_str(&format!(
                "<tr><td><a href=\"{page_name}\">{}</a></td><td>{}</td><td>{m}</td><td>{c}</td></tr>",
                escape(id),
                escape(title.as_deref().unwrap_or(""))
            ));
        }
        body.push_str("</table>");
        if !self.errors.is_empty() {
            body.push_str("<h2>Errors</h2><table><tr><th>path</th><th>error</th></tr>");
            for (p, e) in &self.errors {
                body.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>", escape(p), escape(e)));
            }
            body.push_str("</table>");
        }
        body.push_str("</main>");
        let rows: Vec<&str> = self.claims.iter().map(|c| c.json.as_str()).collect();
        let script = format!(
            "const CLAIMS=[{}];const PAGE=100;let view=CLAIMS.slice(),page=0,key=10,desc=true;\
function esc(s){{return String(s).replace(/[&<>\"']/g,c=>({{'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;',\"'\":'&#39;'}})[c]);}}\
function render(){{const tb=document.querySelector('#claims tbody');const rows=view.slice(page*PAGE,(page+1)*PAGE);\
tb.innerHTML=rows.map(r=>'<tr title=\"'+esc(r[11])+'\"><td><a href=\"'+esc(r[9])+'\">'+esc(r[0])+'</a></td><td>'+esc(r[1])+'</td><td>'+esc(r[2])+'</td><td>'+esc(r[3])+'</td><td>'+esc(r[4])+'</td><td>'+esc(r[5])+'</td><td>'+esc(r[6])+'</td><td>'+esc(r[7])+'</td><td>'+r[10]+'</td><td><a href=\"'+esc(r[9])+'\">'+esc(r[8])+'</a></td></tr>').join('');\
document.getElementById('pageinfo').textContent=' '+(view.length?page+1:0)+' / '+Math.ceil(view.length/PAGE)+' ('+view.length+') ';}}\
function sortBy(k){{desc=(key===k)?!desc:false;key=k;const num=k===0||k===10;view.sort((a,b)=>{{const x=num?parseFloat(a[k]):String(a[k]),y=num?parseFloat(b[k]):String(b[k]);return (x<y?-1:x>y?1:0)*(desc?-1:1);}});page=0;render();}}\
document.querySelectorAll('#claims th').forEach(th=>th.onclick=()=>sortBy(+th.dataset.k));\
document.getElementById('filter').oninput=e=>{{const q=e.target.value.toLowerCase();view=CLAIMS.filter(r=>r.join(' ').toLowerCase().includes(q));page=0;render();}};\
document.getElementById('prev').onclick=()=>{{if(page>0){{page--;render();}}}};document.getElementById('next').onclick=()=>{{if((page+1)*PAGE<view.length){{page++;render();}}}};\
desc=false;sortBy(10);",
            rows.join(",")
        );
        page("gleaner report", &body, &script)
    }
}

/// Byte offsets where each sentence starts, from the mentions and claims that know them
/// (claims carry their sentence's span; other sentences get no anchor).
fn sentence_starts(d: &DocumentOutput, _text: &str) -> Vec<usize> {
    let mut starts: BTreeMap<usize, usize> = BTreeMap::new();
    for c in &d.claims {
        starts.insert(c.sentence, c.start);
    }
    let mut v: Vec<(usize, usize)> = starts.into_iter().collect();
    v.sort();
    // Index i of the result must be sentence i for the anchors: fill unknown ones with usize::MAX.
    let n = v.last().map_or(0, |(s, _)| s + 1);
    let mut out = vec![usize::MAX; n];
    for (s, start) in v {
        out[s] = start;
    }
    out
}

fn write_aside(dir: &Path, name: &str, content: &str) -> io::Result<()> {
    let path = dir.join(name);
    let parent = path.parent().unwrap_or(dir);
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("page.html");
    let mut tmp = aside(parent, file_name)?;
    tmp.write_all(content.as_bytes())?;
    persist(tmp, &path)
}

impl Sink for HtmlSink {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        match outcome {
            Ok(d) => {
                let text = d.text.clone();
                self.add(d, text.as_deref())
            }
            Err(e) => {
                self.errors.push((e.path.clone(), e.error.clone()));
                Ok(())
            }
        }
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if self.claims.len() > MAX_CLAIMS {
            self.trim_claims();
        }
        write_aside(&self.dir, "report.html", &self.overview())
    }
}

/// Build `DIR/report.html` and the document pages from an existing `DIR/records.jsonl`, reading
/// each document's text again from its path when the file is still there unchanged (same
/// SHA-256), so that offsets still hold.
pub fn report_from_records(dir: &Path) -> io::Result<(usize, usize)> {
    use std::io::BufRead;
    let file = std::fs::File::open(dir.join("records.jsonl")).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "{}: {e}; run `gleaner extract … --out DIR --format jsonl` first",
                dir.join("records.jsonl").display()
            ),
        )
    })?;
    let mut sink = HtmlSink::new(dir)?;
    let mut current: Option<DocumentOutput> = None;
    let mut with_text = 0;
    let mut flush = |sink: &mut HtmlSink, d: Option<DocumentOutput>| -> io::Result<()> {
        if let Some(mut d) = d {
            d.text = super::records_io::read_text_again(&d.document);
            with_text += usize::from(d.text.is_some());
            sink.write(&Ok(d))?;
        }
        Ok(())
    };
    for line in io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("records.jsonl: {e}")))?;
        match v["kind"].as_str() {
            Some("document") => {
                flush(&mut sink, current.take())?;
                current = Some(super::records_io::document_from_json(&v));
            }
            Some("error") => {
                flush(&mut sink, current.take())?;
                sink.write(&Err(super::ErrorRecord {
                    path: v["path"].as_str().unwrap_or("").into(),
                    error: v["error"].as_str().unwrap_or("").into(),
                }))?;
            }
            Some(kind) => {
                if let Some(d) = current.as_mut() {
                    super::records_io::push_record(d, kind, &v);
                }
            }
            None => {}
        }
    }
    flush(&mut sink, current.take())?;
    let documents = sink.documents;
    Box::new(sink).finish()?;
    Ok((documents, with_text))
}
