"""Build src/polevent/data/cameo.csv from the CAMEO codebook facts in ../shared/reference.

Usage: python tools/build_cameo.py ../shared/reference/cameo_codes.csv
Facts carried over: code, name, Goldstein weight, QuadClass, and the 2021 CAMEO->PLOVER crosswalk
(type, mode, context). Context lists are joined with '|'. A ``source`` column records provenance.
"""
import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/polevent/data/cameo.csv"
PROVENANCE = "CAMEO codebook (Goldstein via andybega/icews); PLOVER crosswalk 2021 (CC BY-SA 4.0)"

# The crosswalk names some types by the manual's draft labels; the 2021 type set (used by the PLOVER
# gold standard records and by polevent's output) splits or renames them by CAMEO root:
#   09 ACCUSE -> INVESTIGATE, 11 ACCUSE -> DISAPPROVE, 10 REQUEST -> DEMAND, 19 ASSAULT -> FIGHT,
#   02 (no type in the crosswalk) -> DEMAND (appeals are requests in PLOVER 2021).
RENAME_BY_ROOT = {("09", "ACCUSE"): "INVESTIGATE", ("11", "ACCUSE"): "DISAPPROVE",
                  ("10", "REQUEST"): "DEMAND", ("19", "ASSAULT"): "FIGHT", ("02", ""): "DEMAND"}


# Codes where the draft crosswalk contradicts the type definitions of the PLOVER manual; the manual
# wins (section quoted):
#   0813, 0814: CONCEDE ("removing curfews" is a verbal concession; RETREAT is material)
#   0831: RETREAT ("RETREAT also covers resignations of government officials")
#   163: SANCTION (SANCTION "all reductions in existing ... relations", formal sanctions included)
MANUAL_OVERRIDES = {"0813": "CONCEDE", "0814": "CONCEDE", "0831": "RETREAT", "163": "SANCTION"}


def plover_type(code: str, crosswalk_type: str) -> str:
    if code in MANUAL_OVERRIDES:
        return MANUAL_OVERRIDES[code]
    return RENAME_BY_ROOT.get((code[:2], crosswalk_type), crosswalk_type)


def main(src: str) -> None:
    with open(src, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    weights = {r["code"]: r["goldstein"] for r in rows}
    for r in rows:  # a blank weight inherits its parent code's (noted in the source column)
        if not r["goldstein"].strip():
            r["goldstein"] = weights[r["code"][:-1]]
            r["inherited"] = True
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "goldstein", "quad_class", "plover_type", "plover_mode",
                    "plover_context", "source"])
        for r in sorted(rows, key=lambda r: r["code"]):
            ctx = "|".join(c.strip() for c in r["plover_context"].replace(";", ",").split(",") if c.strip())
            w.writerow([r["code"], r["name"].strip(), r["goldstein"], r["quad_class"],
                        plover_type(r["code"], r["plover_type"].strip()), r["plover_mode"].strip(), ctx, PROVENANCE + ("; Goldstein inherited from parent code" if r.get("inherited") else "")])
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/cameo_codes.csv")
