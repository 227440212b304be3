"""Write the seed list as the spreadsheets a study group keeps: tests/data/reading-list.{xlsx,ods}
(and tests/data/schedule.xlsx).

Made once, kept in the repository (tests/workbook.rs reads them); run again only to change them:

    cargo run --release -- index                      # the seed list's papers.json
    pip install openpyxl odfpy
    python3 tests/data/make_workbooks.py data/.readnext/papers.md/gen-*/papers.json

Each holds the 250 papers of data/papers.md in list order, as a person types them into a sheet:
the title, the alias, the link, the arXiv id typed as a number (Excel keeps 2305.14310 as
2305.1431), the date as text, a Read checkbox (LoRA and QLoRA ticked) and the abstract where the
list has one. The .xlsx opens with a sheet of the study's rules (no title column), puts a title
row and a blank row above the header, links every third title by a cell hyperlink instead of the
Link column, and has a hidden sheet of other papers; the .ods is one plain sheet without
abstracts. tests/data/schedule.xlsx is a workbook of the meetings, with no title column.
"""

import json
import re
import sys
from pathlib import Path

ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")
READ = {"2106.09685", "2305.14314"}  # LoRA, QLoRA


def rows(papers):
    for i, p in enumerate(papers):
        pid = p["id"]
        yield {
            "i": i,
            "title": p["title"],
            "alias": p.get("alias") or "",
            "url": p.get("url") or "",
            "arxiv": float(pid) if ARXIV.match(pid) else None,
            "date": p.get("date") or "",
            "read": pid in READ,
            "abstract": p.get("abstract") or "",
        }


def xlsx(papers, out):
    from openpyxl import Workbook

    wb = Workbook()
    rules = wb.active
    rules.title = "규칙"
    rules["A1"] = "스터디 규칙"
    rules["A2"] = "영어만 사용은 금지. 한국어 중심 사용. 특수 용어는 영어 사용"
    ws = wb.create_sheet("Reading list")
    ws["A1"] = "MLLMArxivTalk reading list"
    ws.append([])
    ws.append(["Title", "Alias", "Link", "arXiv", "Date", "Read", "Abstract"])
    for r in rows(papers):
        hyperlinked = r["i"] % 3 == 0 and r["url"]
        ws.append(
            [
                r["title"],
                r["alias"] or None,
                None if hyperlinked else r["url"] or None,
                r["arxiv"],
                r["date"] or None,
                r["read"],
                r["abstract"] or None,
            ]
        )
        if hyperlinked:
            ws.cell(row=ws.max_row, column=1).hyperlink = r["url"]
    old = wb.create_sheet("old")
    old.append(["Title", "Link"])
    old.append(["A Paper The Group Dropped", "https://example.org/dropped"])
    old.sheet_state = "hidden"
    wb.save(out)


def ods(papers, out):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Reading list")

    def cell(value):
        if isinstance(value, bool):
            c = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
            c.addElement(P(text="TRUE" if value else "FALSE"))
        elif isinstance(value, float):
            c = TableCell(valuetype="float", value=repr(value))
            c.addElement(P(text=repr(value)))
        elif value:
            c = TableCell(valuetype="string")
            c.addElement(P(text=value))
        else:
            c = TableCell()
        return c

    def row(values):
        tr = TableRow()
        for v in values:
            tr.addElement(cell(v))
        table.addElement(tr)

    row(["Title", "Link", "arXiv", "Date", "Read"])
    for r in rows(papers):
        row([r["title"], r["url"], r["arxiv"], r["date"], r["read"]])
    doc.spreadsheet.addElement(table)
    doc.save(out)


def schedule(out):
    """A workbook of the meetings, not of the papers: no sheet names a title column."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Schedule"
    ws.append(["Week", "Presenter", "Date"])
    ws.append([1, "민지", "2026-11-20"])
    wb.save(out)


def main():
    papers = json.loads(Path(sys.argv[1]).read_text())["papers"]
    here = Path(__file__).parent
    schedule(here / "schedule.xlsx")
    xlsx(papers, here / "reading-list.xlsx")
    ods(papers, here / "reading-list.ods")


if __name__ == "__main__":
    main()
