"""Strong dissatisfaction from Amazon Comprehend's sentiment (AWS stage).

A message raises an alert when Comprehend calls it NEGATIVE with a Negative score of at least the threshold.
Comprehend is asked in the message's language, guessed from its words (French when nothing tells: the
product's customers write mostly in French). Any failure means no alert, logged: the message itself was
stored before, and an agent can still raise the alert by hand.
"""
from __future__ import annotations

from typing import Any

from ..logs import logger
from ..services.domain.sentiment import Assessment, guess_language
from .timeouts import COMPREHEND, boto_config

MAX_BYTES = 5000  # DetectSentiment's limit on Text, in UTF-8 bytes
DEFAULT_THRESHOLD = 0.8


def cut(text: str, limit: int = MAX_BYTES) -> str:
    """The longest start of `text` within `limit` UTF-8 bytes, never splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


class ComprehendSentiment:
    def __init__(self, client: Any = None, threshold: float = DEFAULT_THRESHOLD) -> None:
        self._client = client  # created on first use: a cold start does not pay for it
        self.threshold = threshold

    def assess(self, text: str) -> Assessment:
        from botocore.exceptions import BotoCoreError, ClientError

        language = guess_language(text) or "fr"
        body = cut(text)
        if not body.strip():
            return Assessment(alert=False, score=0.0, language=None, reason="")
        try:
            answer = self._comprehend().detect_sentiment(Text=body, LanguageCode=language)
            negative = float(answer["SentimentScore"]["Negative"])
            sentiment = str(answer["Sentiment"])
        except (BotoCoreError, ClientError, KeyError, TypeError, ValueError) as error:
            logger.warning("sentiment not detected", extra={"error": repr(error), "language": language})
            return Assessment(alert=False, score=0.0, language=language, reason="")
        alert = sentiment == "NEGATIVE" and negative >= self.threshold
        reason = f"Amazon Comprehend: {sentiment.lower()}, negative {negative:.2f}" if alert else ""
        return Assessment(alert=alert, score=round(negative, 2), language=language, reason=reason)

    def _comprehend(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("comprehend", config=boto_config(COMPREHEND))
        return self._client
