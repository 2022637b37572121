#!/usr/bin/python3
"""Reads a `wfsim report` back for the tests, printing what it finds as JSON.

  report_check.py html FILE   well-formedness (exit 1 with the problem), then
                              {"cards": {id: value}, "tables": {id: [[data-value]]},
                               "canvases": [id], "sections": [id], "charts": [id]}
  report_check.py xlsx FILE   {"sheets": [...], "sheet": {name: {"rows": [[...]],
                               "charts": n, "freeze": "B2", "filter": "A1:F6"}}}
"""
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Strict(HTMLParser):
    """Checks that every element is closed, in order, and collects values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems = [], []
        self.cards, self.tables, self.canvases, self.sections = {}, {}, [], []
        self.ids = set()
        self.table = None
        self.row = None
        self.script_id = None
        self.charts_json = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.problems.append(f"line {self.getpos()[0]}: duplicate id {a['id']}")
            self.ids.add(a["id"])
        if tag == "dd" and "id" in a:
            self.cards[a["id"]] = a.get("data-value", "")
        if tag == "table" and "id" in a:
            self.table = self.tables.setdefault(a["id"], [])
        if tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        if tag == "td" and self.row is not None:
            self.row.append(a.get("data-value"))
        if tag == "canvas":
            self.canvases.append(a.get("id"))
            if not a.get("aria-label"):
                self.problems.append(f"canvas {a.get('id')} has no text alternative")
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "script":
            self.script_id = a.get("id")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.problems.append(f"line {self.getpos()[0]}: <{tag}/> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.problems.append(f"line {self.getpos()[0]}: </{tag}> closes nothing")
            return
        open_tag, line = self.stack.pop()
        if open_tag != tag:
            self.problems.append(
                f"line {self.getpos()[0]}: </{tag}> closes <{open_tag}> of line {line}")
        if tag == "table":
            self.table = None
        if tag == "tr":
            self.row = None
        if tag == "script":
            self.script_id = None

    def handle_data(self, data):
        if self.script_id == "wfsim-charts":
            self.charts_json += data


def check_html(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("<!DOCTYPE html>"):
        print("no <!DOCTYPE html>", file=sys.stderr)
        return 1
    p = Strict()
    p.feed(text)
    p.close()
    for tag, line in p.stack:
        p.problems.append(f"<{tag}> of line {line} is never closed")
    if "http://" in text.replace("http://www.w3.org", "") or "src=\"http" in text:
        p.problems.append("the report loads something from the network")
    if p.problems:
        print("\n".join(p.problems[:20]), file=sys.stderr)
        return 1
    charts = json.loads(p.charts_json)
    print(json.dumps({"cards": p.cards, "tables": p.tables, "canvases": p.canvases,
                      "sections": p.sections, "charts": sorted(charts)}))
    return 0


def charts_by_sheet(path):
    """openpyxl drops charts on reading: count them from the package's relations."""
    import re
    import zipfile
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    workbook = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    target.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook):
        sheet = target[rid].split("/")[-1]
        srels = f"xl/worksheets/_rels/{sheet}.rels"
        count = 0
        if srels in names:
            for drawing in re.findall(r'Target="../drawings/([^"]+)"', z.read(srels).decode()):
                drels = f"xl/drawings/_rels/{drawing}.rels"
                if drels in names:
                    count += len(re.findall(r"charts/chart\d+\.xml", z.read(drels).decode()))
        out[name.replace("&amp;", "&")] = count
    return out


def check_xlsx(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    charts = charts_by_sheet(path)
    out = {"sheets": wb.sheetnames, "sheet": {}}
    for ws in wb.worksheets:
        rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
        out["sheet"][ws.title] = {
            "rows": rows, "charts": charts.get(ws.title, 0),
            "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref}
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    sys.exit(check_html(path) if mode == "html" else check_xlsx(path))
