#!/usr/bin/env python3
"""The extraction accuracy table in docs/extraction.md, counted over the corpus pages.

    python tests/accuracy_table.py          # rewrite the table in docs/extraction.md
    python tests/accuracy_table.py --print  # print it instead

Every page of ../shared/corpus/pages, and of tests/pages (from reports, with their own
checked manifest), goes through POST /api/v1/check (the Flask test
client over a temporary seeded database) with its URL and HTML, and what the answer's
`page` says is compared with the hand-checked values: the corpus manifest (listing id,
seller id, seller name, corrected by MANIFEST_CORRECTIONS) and the hand-read titles and
prices (PAGE_FACTS), both from tests/test_extraction.py so there is one source of truth.
tests/test_accuracy_table.py fails when the checked-in table differs from a fresh one.
"""

import re
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
for folder in (ROOT, TESTS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from backend import marketplaces  # noqa: E402
from backend.fixture import read_manifest  # noqa: E402
from conftest import SEED_DIR, corpus_pages  # noqa: E402
from test_extraction import MANIFEST_CORRECTIONS, PAGE_FACTS, _page_html  # noqa: E402

DOC = ROOT / "docs" / "extraction.md"
REPORTED_PAGES = TESTS / "pages"  # pages from reports (flask fixture), checked by hand
START = "<!-- accuracy-table:start (python3 tasks.py accuracy-table writes this table) -->"
END = "<!-- accuracy-table:end -->"
FIELDS = ("listing id", "seller id", "seller name", "title", "price")


def page_scores(client, row: dict) -> dict[str, bool]:
    """Which fields POST /check reads correctly from one corpus page (field -> correct)."""
    if "checked" in row:  # a page from a report (tests/pages): its row was checked by hand
        expected, html = row, (REPORTED_PAGES / row["file"]).read_text(encoding="utf-8")
        title = row["title"] or None
        price = (row["price"]["amount"], row["price"]["currency"]) if row["price"] else None
    else:
        expected = {**row, **MANIFEST_CORRECTIONS.get(row["file"], {})}
        title, price = PAGE_FACTS[row["file"]]
        html = _page_html(row["file"])
    response = client.post("/api/v1/check", json={"url": row["url"], "html": html})
    page = response.get_json()["page"] if response.status_code == 200 else {}
    found_title = page.get("title")
    return {
        # A blank in the manifest means the page names none: correct only if none is read.
        "listing id": page.get("listing_id") == (expected["listing_id"] or None),
        "seller id": page.get("seller_id") == (expected["seller_id"] or None),
        "seller name": page.get("seller_name") == (expected["seller_name"] or None),
        # Hand-read titles are the title's start (some long ones are shortened).
        "title": found_title is None if title is None
        else bool(found_title) and found_title.startswith(title),
        "price": page.get("price") == ({"amount": price[0], "currency": price[1]} if price else None),
    }


def counts(client) -> dict[str, dict[str, int]]:
    """Per marketplace: {"pages": n, field: correct count, ...}, from every corpus page."""
    # Every supported marketplace gets a row, so one without real pages shows as a gap.
    table = {name: dict.fromkeys(("pages", *FIELDS), 0) for name in marketplaces.MARKETPLACES}
    for row in corpus_pages() + read_manifest(REPORTED_PAGES):
        scores = page_scores(client, row)
        line = table.setdefault(row["marketplace"], dict.fromkeys(("pages", *FIELDS), 0))
        line["pages"] += 1
        for field in FIELDS:
            line[field] += scores[field]
    return table


def render(table: dict[str, dict[str, int]]) -> str:
    """The markdown table: a row per marketplace (most pages first), then the totals."""
    header = ["marketplace", "pages", *FIELDS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    total = dict.fromkeys(("pages", *FIELDS), 0)
    for name, line in sorted(table.items(), key=lambda item: (-item[1]["pages"], item[0])):
        cells = [f"{line[field]}/{line['pages']}" if line["pages"] else "—" for field in FIELDS]
        lines.append(f"| {name} | {line['pages']} | " + " | ".join(cells) + " |")
        for key in total:
            total[key] += line[key]
    lines.append(f"| **total** | **{total['pages']}** | "
                 + " | ".join(f"**{total[field]}/{total['pages']}**" for field in FIELDS) + " |")
    return "\n".join(lines)


def with_table(document: str, table: str) -> str:
    """The document with the text between the marker comments replaced by the table."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(document):
        raise SystemExit(f"{DOC} has no accuracy table markers ({START} ... {END}).")
    return pattern.sub(lambda _: f"{START}\n{table}\n{END}", document, count=1)


def fresh_client(folder: str):
    """A Flask test client over a database in folder, seeded as the tests' is."""
    from backend import create_app, db

    app = create_app({"TESTING": True, "DATABASE": f"{folder}/radar.db", "SEED_DIR": str(SEED_DIR),
                      "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                      "SUBMITTER_SECRET": "accuracy-table"})
    db.initialize(app.config["DATABASE"], SEED_DIR, demo=True)
    return app.test_client()


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="radar-accuracy-") as folder:
        table = render(counts(fresh_client(folder)))
    if "--print" in argv:
        print(table)
        return
    DOC.write_text(with_table(DOC.read_text(encoding="utf-8"), table), encoding="utf-8")
    print(f"Wrote the accuracy table to {DOC.relative_to(ROOT)}:\n{table}")


if __name__ == "__main__":
    main(sys.argv[1:])
