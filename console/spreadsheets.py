"""Writing tables as CSV (streamed row by row) or XLSX (constant memory, then streamed).

Money arrives here as integer fen and leaves as yuan with two decimals; quantities arrive as
exact Decimals. Totals are summed by the caller in fen, never from the rounded cells.
"""

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import quote

import xlsxwriter
import yaml
from fastapi.responses import StreamingResponse

from core.templates import TEMPLATES_DIR

CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


@cache
def words() -> dict:
    return yaml.safe_load((TEMPLATES_DIR / "console" / "exports.yaml").read_text("utf-8"))


class Fen(int):
    """An amount in fen, written as yuan."""


def _csv_text(value) -> str:
    if isinstance(value, Fen):
        return format((Decimal(int(value)) / 100).quantize(Decimal("0.01")), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def _disposition(name: str, suffix: str) -> dict[str, str]:
    return {"Content-Disposition":
            f"attachment; filename=\"export.{suffix}\"; filename*=UTF-8''{quote(name)}.{suffix}"}


def csv_response(name: str, header: list[str], rows: Iterable[list]) -> StreamingResponse:
    """A CSV Excel opens with the right characters (UTF-8 with a BOM), one row at a time."""
    def lines() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield codecs.BOM_UTF8
        for row in _with_header(header, rows):
            writer.writerow([_csv_text(value) for value in row])
            if buffer.tell() > CHUNK:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers=_disposition(name, "csv"))


def _with_header(header: list[str], rows: Iterable[list]) -> Iterator[list]:
    yield header
    yield from rows


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: Iterable[list]


def xlsx_response(name: str, sheets: Iterable[Sheet]) -> StreamingResponse:
    """Write the workbook to a temporary file in constant memory, then stream it and delete it."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        _write_workbook(Path(path), sheets)
    except BaseException:
        os.unlink(path)
        raise
    return StreamingResponse(_read_then_delete(Path(path)), media_type=XLSX,
                             headers=_disposition(name, "xlsx"))


def _write_workbook(path: Path, sheets: Iterable[Sheet]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "0.00"})
    used: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.add_worksheet(_sheet_name(sheet.name, used))
        worksheet.write_row(0, 0, sheet.header, bold)
        for number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row):
                _write(worksheet, number, column, value, money)
    workbook.close()


def _write(worksheet, row: int, column: int, value, money) -> None:
    if isinstance(value, Fen):
        worksheet.write_number(row, column, int(value) / 100, money)
    elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        worksheet.write_number(row, column, float(value))
    elif value is not None:
        worksheet.write_string(row, column, str(value))


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = (wanted.translate(FORBIDDEN_IN_SHEET_NAMES).strip() or "Sheet")[:28]
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}{n}"
    used.add(name)
    return name


def _read_then_delete(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)
