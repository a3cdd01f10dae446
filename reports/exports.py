"""The statistics table as CSV and as an Excel workbook (openpyxl)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(report, extension):
    return f"信息报送统计-{report.period.label}.{extension}"


def _disposition(name):
    from urllib.parse import quote

    return f"attachment; filename=\"statistics.{name.rsplit('.', 1)[1]}\"; filename*=UTF-8''{quote(name)}"


def as_csv(report):
    header, rows = report.table()
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens a UTF-8 CSV as UTF-8 only with the BOM
    writer = csv.writer(out)
    writer.writerow(
        [f"信息报送统计 {report.period.label}{'(含下级)' if report.rollup else '(各单位分列)'}"]
    )
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(_filename(report, "csv"))
    return response


def workbook(report):
    header, rows = report.table()
    book = Workbook()
    sheet = book.active
    sheet.title = "信息报送统计"
    sheet.append(
        [f"信息报送统计 {report.period.label}{'(含下级)' if report.rollup else '(各单位分列)'}"]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C3"
    for i, label in enumerate(header, start=1):
        width = 28 if label == "单位" else max(8, len(label) * 2 + 2)
        sheet.column_dimensions[get_column_letter(i)].width = width
    if report.ranking:
        ranking = book.create_sheet("市州排名")
        ranking.append(["排名", "单位", "刊发(署名)", "环比%", "同比%"])
        for row in report.ranking:
            ranking.append(
                [
                    row.rank,
                    row.organization.name,
                    row.published,
                    row.month_on_month,
                    row.year_on_year,
                ]
            )
    return book


def as_xlsx(report):
    out = io.BytesIO()
    workbook(report).save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = _disposition(_filename(report, "xlsx"))
    return response
