"""A head office's CSV file of customers, read whole and checked before anything is written: every error
is reported by line and column."""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from ..domain.errors import InvalidInput
from ..domain.phone import to_e164

MAX_ATTRIBUTES = 50
MAX_KEY = 64
MAX_VALUE = 500
MAX_NAME = 200
MAX_ROWS = 10_000
MAX_ERRORS_SHOWN = 100


@dataclass
class Row:
    line: int
    phone: str
    name: str | None
    attributes: dict[str, str]


class CustomerFile:
    """A CSV file read whole, with every error found, by line and column."""

    def __init__(self, raw: bytes | str, region: str | None) -> None:
        self.rows: list[Row] = []
        self.errors: dict[str, str] = {}
        text = self._text(raw)
        lines = text.splitlines()
        if not lines or not lines[0].strip():
            raise InvalidInput.field("body", "a header row with a 'phone' column is required")
        separator = ";" if lines[0].count(";") > lines[0].count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=separator)
        header = [h.strip() for h in next(reader)]
        columns = self._columns(header)
        seen: dict[str, int] = {}
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(self.rows) >= MAX_ROWS:
                raise InvalidInput.field("body", f"at most {MAX_ROWS:,} customers per file")
            self._row(reader.line_num, cells, header, columns, region, seen)

    @staticmethod
    def _text(raw: bytes | str) -> str:
        if isinstance(raw, str):
            return raw.removeprefix("\ufeff")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput.field("body", "the file must be UTF-8") from None

    @staticmethod
    def _columns(header: list[str]) -> dict[str, int]:
        lowered = [h.lower() for h in header]
        if "phone" not in lowered:
            raise InvalidInput.field("header", "a 'phone' column is required")
        repeated = [h for h, n in Counter(lowered).items() if n > 1]
        if repeated:
            raise InvalidInput.field("header", f"a column appears twice: {repeated[0]}")
        attributes = [h for h in header if h.lower() not in ("phone", "name")]
        if len(attributes) > MAX_ATTRIBUTES:
            raise InvalidInput.field("header", f"at most {MAX_ATTRIBUTES} attribute columns")
        for name in attributes:
            if not 1 <= len(name) <= MAX_KEY:
                raise InvalidInput.field("header", f"column names have 1 to {MAX_KEY} characters")
        return {h.lower() if h.lower() in ("phone", "name") else h: i for i, h in enumerate(header)}

    def _row(self, line: int, cells: list[str], header: list[str], columns: dict[str, int], region: str | None,
             seen: dict[str, int]) -> None:
        if len(cells) != len(header):
            self.errors[f"line {line}"] = f"{len(cells)} cells; the header has {len(header)}"
            return
        raw_phone = cells[columns["phone"]].strip()
        try:
            phone = to_e164(raw_phone, "phone", None if raw_phone.startswith("+") else region)
        except InvalidInput as error:
            self.errors[f"line {line}: phone"] = error.errors.get("phone", error.detail)
            return
        if phone in seen:
            self.errors[f"line {line}: phone"] = f"the same number as line {seen[phone]}"
            return
        seen[phone] = line
        name = cells[columns["name"]].strip() if "name" in columns else ""
        if len(name) > MAX_NAME:
            self.errors[f"line {line}: name"] = f"at most {MAX_NAME} characters"
        attributes = {}
        for key, index in columns.items():
            value = cells[index].strip()
            if key in ("phone", "name") or not value:
                continue
            if len(value) > MAX_VALUE:
                self.errors[f"line {line}: {key}"] = f"at most {MAX_VALUE} characters"
            attributes[key] = value
        self.rows.append(Row(line, phone, name or None, attributes))

    def raise_errors(self) -> None:
        if not self.errors:
            return
        shown = dict(list(self.errors.items())[:MAX_ERRORS_SHOWN])
        more = f" (the first {MAX_ERRORS_SHOWN} are listed)" if len(self.errors) > MAX_ERRORS_SHOWN else ""
        raise InvalidInput(f"{len(self.errors)} error(s) in the file{more}; nothing was imported", shown)
