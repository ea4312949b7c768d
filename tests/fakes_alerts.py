"""A sentiment detector that tells what the test says: "ANGRY" in a message is strong dissatisfaction."""
from __future__ import annotations

from chalicelib.services.domain.sentiment import Assessment


class FakeSentiment:
    def __init__(self) -> None:
        self.assessed: list[str] = []

    def assess(self, text: str) -> Assessment:
        self.assessed.append(text)
        angry = "ANGRY" in text
        return Assessment(alert=angry, score=1.0 if angry else 0.0, language="en", reason="angry" if angry else "")
