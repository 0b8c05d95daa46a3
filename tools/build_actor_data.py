"""Build src/polevent/data/actors/people_phoenix.csv from the Phoenix country-actor dictionary.

Usage: python tools/build_actor_data.py [../shared/reference/Phoenix.Countries.actors.txt]

The Phoenix file (TABARI syntax, generated 2014-01-30) lists national figures with dated codes:

    KASYMZHOMART_TOKAYEV_  # CountryInfo.txt
    +KASSYM-JOMART_TOKAYEV_
        [KAZELI 710101-991001]
        [KAZGOV 991001-020128]

Facts carried over into polevent's own people format: the person's name and spelling variants,
country (first three letters of the code), sector (next three letters) and the dated spell.
ELI spells (careers before office, "former official" after it) and undated codes are dropped;
roles are not in the source, so the ``role`` column is left blank. Open-ended spells (``>YYMMDD``)
were current when the source was generated and are written with a blank end and a note: the
curated ``people.csv`` supersedes these names (see docs/actors.md). Provenance is in ``source``.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/polevent/data/actors/people_phoenix.csv"
PROVENANCE = "Phoenix.Countries.actors 2014"
COLUMNS = ["id", "name", "aliases", "country", "role", "sector", "start", "end", "source", "note"]
KEEP_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "PTY"}
# CAMEO country prefixes that differ from ISO-3 (historical or CAMEO-specific)
CAMEO_TO_ISO = {"ROM": "ROU", "TMP": "TLS", "ZAR": "COD", "YUG": "SRB", "USR": "RUS", "DDR": "DEU",
                "CSK": "CZE", "KSV": "XKX", "KOS": "XKX", "BUR": "MMR", "YMD": "YEM", "YAR": "YEM"}
SPELL = re.compile(r"\[([A-Z]{3})([A-Z]{3})[A-Z]*\s+([<>]?)(\d{6})?(?:-(\d{6}))?\s*\]")
# Phoenix names with parentheses or nicknames in quotes: keep letters, digits, hyphens, apostrophes
NAME_CHARS = re.compile(r"[^A-Za-z0-9'\- .]")


def yymmdd(s: str) -> str:
    yy, mm, dd = int(s[:2]), s[2:4], s[4:6]
    year = 1900 + yy if yy > 30 else 2000 + yy
    return f"{year}-{mm}-{dd}"


def clean_name(raw: str) -> str:
    text = raw.split("#", 1)[0].strip().lstrip("+").replace("_", " ")
    text = NAME_CHARS.sub(" ", text.replace('"', " "))
    return " ".join(w.capitalize() if w.isupper() else w for w in text.split()).strip(" -.")


def spells(lines: list[str]) -> list[tuple[str, str, str, str]]:
    """(country, sector, start, end) for every dated, non-ELI spell in an entry's code lines."""
    out = []
    for line in lines:
        for m in SPELL.finditer(line):
            country, sector, op, d1, d2 = m.groups()
            if sector not in KEEP_SECTORS or d1 is None or op == "<":
                continue
            start = yymmdd(d1)
            end = "" if op == ">" else (yymmdd(d2) if d2 else "")
            if op == "" and not d2:
                continue
            out.append((CAMEO_TO_ISO.get(country, country), sector, start, end))
    return out


def entries(text: str):
    """Yield (name, aliases, code_lines) for each entry of the dictionary."""
    name, aliases, codes = None, [], []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[0] in "\t ":
            codes.append(line)
        elif line.startswith("+"):
            aliases.append(clean_name(line))
        else:
            if name:
                yield name, aliases, codes
            name, aliases, codes = clean_name(line.split("[", 1)[0]), [], [line]
    if name:
        yield name, aliases, codes


def known_countries() -> set[str]:
    with (OUT.parent / "countries.csv").open(encoding="utf-8") as fh:
        return {row["iso3"] for row in csv.DictReader(fh)}


def rows(text: str):
    seen: set[str] = set()
    countries = known_countries()
    for name, aliases, codes in entries(text):
        found = [s for s in spells(codes) if s[0] in countries]
        if not found or len(name) < 4:
            continue
        pid = "PHX-" + found[0][0] + "-" + re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")
        if pid in seen:
            continue
        seen.add(pid)
        alias_text = "|".join(a for a in dict.fromkeys(aliases) if a and a != name and len(a) > 3)
        for country, sector, start, end in found:
            note = "open-ended in source generated 2014-01-30" if not end else ""
            yield [pid, name, alias_text, country, "", sector, start, end, PROVENANCE, note]


def main(src: str) -> None:
    text = Path(src).read_bytes().decode("utf-8", errors="replace").replace("\ufffd", "")
    text = text.replace("\x1a", "")
    out = list(rows(text))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(out)
    print(f"wrote {len(out)} spells of {len({r[0] for r in out})} people to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/Phoenix.Countries.actors.txt")
