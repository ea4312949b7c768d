"""An export cut short resumes from its cursor file: nothing lost, nothing written twice."""
from __future__ import annotations

import io
import json
from typing import Any

import pytest

from ops.export import ExportError, export_brand

PAGES = {None: ({"n": 1}, "p2"), "p2": ({"n": 2}, "p3"), "p3": ({"n": 3}, None)}


class FlakyStack:
    """Answers pages of one item each; the first time it is asked for `fail_at`, the connection drops."""

    def __init__(self, fail_at: str | None) -> None:
        self.fail_at, self.asked = fail_at, []

    def run(self, event: dict[str, Any]) -> dict[str, Any]:
        cursor = event["cursor"]["page"] if event["cursor"] else None
        self.asked.append(cursor)
        if cursor == self.fail_at:
            self.fail_at = None
            raise ConnectionError("dropped")
        item, following = PAGES[cursor]
        return {"items": [item], "cursor": {"page": following} if following else None, "progress": f"page {cursor}"}


def test_a_cut_export_resumes_where_its_cursor_says(tmp_path):
    out, cursor = tmp_path / "b.jsonl", tmp_path / "b.cursor"
    stack = FlakyStack(fail_at="p3")
    with pytest.raises(ConnectionError):
        export_brand(stack, "b", out_path=str(out), resume_path=str(cursor), stdout=None, stderr=io.StringIO())
    assert json.loads(cursor.read_text())["cursor"] == {"page": "p3"}
    out.write_text(out.read_text() + '{"n": 3, "half written')  # the crash may leave a partial line
    export_brand(stack, "b", out_path=str(out), resume_path=str(cursor), stdout=None, stderr=io.StringIO())
    assert [json.loads(line)["n"] for line in out.read_text().splitlines()] == [1, 2, 3]
    assert stack.asked == [None, "p2", "p3", "p3"] and not cursor.exists()


def test_a_cursor_of_another_brand_is_refused(tmp_path):
    (tmp_path / "c").write_text(json.dumps({"brand_id": "other", "cursor": {"page": "p2"}, "offset": 0}))
    with pytest.raises(ExportError, match="brand other"):
        export_brand(FlakyStack(None), "b", out_path=str(tmp_path / "o"), resume_path=str(tmp_path / "c"),
                     stdout=None, stderr=io.StringIO())
    with pytest.raises(ExportError, match="needs --out"):
        export_brand(FlakyStack(None), "b", out_path=None, resume_path=str(tmp_path / "c"), stdout=io.StringIO(),
                     stderr=io.StringIO())
