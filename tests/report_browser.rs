//! The HTML report rendered in a real browser (headless Chromium): the overview shows the
//! officials with their roles and the claims with values and dates (rendered by the page's own
//! script), and a document page shows the highlighted text. A screenshot of each is saved under
//! the test output folder (`target/tmp/report-browser/`).
//!
//! `.ci/run` installs Debian's chromium when it is missing; where it cannot be installed the
//! test says so and skips.

mod common;

use common::{gleaner, root};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let out = Command::new("which").arg(name).output().ok()?;
        out.status.success().then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    })
}

/// Run headless Chromium on a page: its DOM after scripts ran, and a screenshot.
fn render(browser: &Path, page: &Path, screenshot: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let common_args = |c: &mut Command| {
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()));
    };
    let url = format!("file://{}", page.display());
    let mut dom = Command::new(browser);
    common_args(&mut dom);
    let out = dom.args(["--virtual-time-budget=3000", "--dump-dom", &url]).output().expect("run chromium");
    let mut shot = Command::new(browser);
    common_args(&mut shot);
    let status = shot
        .args(["--window-size=1280,1400"])
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(status.status.success(), "screenshot failed: {}", String::from_utf8_lossy(&status.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED report_renders_in_headless_chromium: no Chromium on this machine (Debian: apt-get install chromium; .ci/run does this)");
        return;
    };
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    let _ = std::fs::remove_dir_all(&out_dir);
    let run = gleaner(&[
        "extract",
        "-q",
        root().join("samples").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--format",
        "jsonl,html",
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    let report = render(&browser, &out_dir.join("report.html"), &out_dir.join("report.png"));
    for expected in [
        "Rex Tillerson",
        "Secretary of State",
        "Elisa Massimino",
        "President and CEO",
        "Sergey Lavrov",
        "Foreign Minister",
        "Human Rights First",
    ] {
        assert!(report.contains(expected), "report lacks {expected:?}");
    }
    // Claims rows are built by the page's script from its data: their presence proves it ran.
    let table = report.split("id=\"claims\"").nth(1).expect("claims table");
    let claims = table.split("<tbody>").nth(1).expect("claims table body").split("</tbody>").next().unwrap();
    assert!(
        claims.contains("<td>arrests</td>") && claims.contains("<td>cities</td>"),
        "claims not rendered: {claims:.400}"
    );
    assert!(
        claims.contains("2017-03") && claims.contains("reported to be") && claims.contains("more_than"),
        "{claims:.600}"
    );
    assert!(report.contains("id=\"timeline\"") && report.contains("2017-04"), "timeline by month");

    let doc = render(&browser, &out_dir.join("docs/000001.html"), &out_dir.join("document.png"));
    assert!(doc.contains("class=\"m m-official\""), "officials highlighted");
    let official = doc.split("class=\"m m-official\"").nth(1).unwrap();
    assert!(
        official.contains("Secretary of State") && official.contains("class=\"m m-person\""),
        "the person sits inside the official: {official:.300}"
    );
    assert!(doc.contains("date: 2017-04-06 DATE"), "hovering Thursday shows its value");
    assert!(doc.contains("quantity: 1000 more_than arrests"));
    eprintln!("screenshots: {} and {}", out_dir.join("report.png").display(), out_dir.join("document.png").display());
}

#[test]
fn report_command_rebuilds_from_records() {
    let dir = tempfile::tempdir().unwrap();
    let run =
        gleaner(&["extract", "-q", root().join("samples").to_str().unwrap(), "--out", dir.path().to_str().unwrap()]);
    assert!(run.status.success());
    assert!(!dir.path().join("report.html").exists());
    let run = gleaner(&["report", dir.path().to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("1 with their text"));
    let report = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(report.contains("Rex Tillerson") && report.contains("const CLAIMS=["));
    let page = std::fs::read_to_string(dir.path().join("docs/000001.html")).unwrap();
    assert!(page.contains("class=\"m m-official\"") && page.contains("Human Rights First"));
    let none = gleaner(&["report", "/no/such/dir"]);
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn show_prints_plain_text_and_claims_off_a_terminal() {
    let run = gleaner(&["show", root().join("samples/press/hrf-tillerson-russia-2017.txt").to_str().unwrap()]);
    assert!(run.status.success());
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(!out.contains('\x1b'), "no colours when not a terminal");
    assert!(
        out.contains("U.S. Secretary of State Rex Tillerson")
            && out.contains("Claims")
            && out.contains("reported to be")
    );
}
