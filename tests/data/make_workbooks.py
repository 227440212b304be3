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

Two sheets whose used area is huge and nearly empty, as no person makes one but a file can say:
tests/data/far-corner.xlsx (three papers, and a note in the sheet's last cell, XFD1048576) and
tests/data/repeated.ods (two papers, and one number repeated over 16,000 columns of 6,000 rows).
tests/data/terms.xlsx keeps a sheet a term: the first is read, the second named in a warning.
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


def far_corner(out):
    """Three papers, one linked by a cell hyperlink, and a value in the sheet's last cell."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Papers"
    ws.append(["Title", "Link"])
    ws.append(["LoRA: Low-Rank Adaptation of Large Language Models", "https://arxiv.org/abs/2106.09685"])
    ws.append(["QLoRA: Efficient Finetuning of Quantized LLMs", ""])
    ws.append(["Attention Is All You Need", "https://arxiv.org/abs/1706.03762"])
    ws["A3"].hyperlink = "https://arxiv.org/abs/2305.14314"
    ws["XFD1048576"] = "end of the sheet"
    wb.save(out)


def terms(out):
    """A sheet a term, each with its own header: the first is the list, the other is named."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    first.title = "2026-1"
    first.append(["제목", "링크"])
    first.append(["LoRA: Low-Rank Adaptation of Large Language Models", "https://arxiv.org/abs/2106.09685"])
    first.append(["QLoRA: Efficient Finetuning of Quantized LLMs", "https://arxiv.org/abs/2305.14314"])
    second = wb.create_sheet("2025-2")
    second.append(["2025년 2학기"])
    second.append(["Title", "Link"])
    second.append(["Attention Is All You Need", "https://arxiv.org/abs/1706.03762"])
    notes = wb.create_sheet("규칙")
    notes.append(["영어만 사용은 금지"])
    wb.save(out)


def repeated(out):
    """Two papers, then one number repeated over 16,000 columns of 6,000 rows (96 million cells)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Papers")
    for title in ["Title", "LoRA: Low-Rank Adaptation of Large Language Models", "Attention Is All You Need"]:
        tr = TableRow()
        tc = TableCell(valuetype="string")
        tc.addElement(P(text=title))
        tr.addElement(tc)
        table.addElement(tr)
    tr = TableRow(numberrowsrepeated=6000)
    tr.addElement(TableCell(numbercolumnsrepeated=16000, valuetype="float", value=1))
    table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(out)


def main():
    papers = json.loads(Path(sys.argv[1]).read_text())["papers"]
    here = Path(__file__).parent
    schedule(here / "schedule.xlsx")
    xlsx(papers, here / "reading-list.xlsx")
    ods(papers, here / "reading-list.ods")
    far_corner(here / "far-corner.xlsx")
    repeated(here / "repeated.ods")
    terms(here / "terms.xlsx")


if __name__ == "__main__":
    main()
