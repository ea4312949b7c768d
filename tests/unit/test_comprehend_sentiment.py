"""Amazon Comprehend behind the sentiment port (SPEC C5), stubbed with botocore's Stubber: no network."""
from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.adapters.comprehend_sentiment import MAX_BYTES, ComprehendSentiment, cut


def scores(negative: float) -> dict[str, float]:
    return {"Positive": round(1 - negative, 2), "Negative": negative, "Neutral": 0.0, "Mixed": 0.0}


@pytest.fixture
def comprehend():  # type: ignore[no-untyped-def]
    client = boto3.client("comprehend", region_name="eu-west-3")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_a_very_negative_message_is_an_alert_asked_in_its_language(comprehend) -> None:  # type: ignore[no-untyped-def]
    client, stubber = comprehend
    stubber.add_response("detect_sentiment", {"Sentiment": "NEGATIVE", "SentimentScore": scores(0.93)},
                         {"Text": "Service nul, je suis furieux", "LanguageCode": "fr"})
    stubber.add_response("detect_sentiment", {"Sentiment": "NEGATIVE", "SentimentScore": scores(0.97)},
                         {"Text": "This is the worst store, I want my money back", "LanguageCode": "en"})
    detector = ComprehendSentiment(client)
    french = detector.assess("Service nul, je suis furieux")
    english = detector.assess("This is the worst store, I want my money back")
    assert french.alert and french.language == "fr" and french.score == 0.93 and "0.93" in french.reason
    assert english.alert and english.language == "en"


def test_negative_below_the_threshold_or_not_negative_is_no_alert(comprehend) -> None:  # type: ignore[no-untyped-def]
    client, stubber = comprehend
    stubber.add_response("detect_sentiment", {"Sentiment": "NEGATIVE", "SentimentScore": scores(0.7)})
    stubber.add_response("detect_sentiment", {"Sentiment": "MIXED", "SentimentScore": scores(0.85)})
    detector = ComprehendSentiment(client, threshold=0.8)
    assert not detector.assess("Ma commande n'est pas arrivée").alert
    assert not detector.assess("Bien reçu mais abîmé").alert


def test_a_text_without_language_hints_is_asked_in_french(comprehend) -> None:  # type: ignore[no-untyped-def]
    client, stubber = comprehend
    stubber.add_response("detect_sentiment", {"Sentiment": "NEUTRAL", "SentimentScore": scores(0.01)},
                         {"Text": "45871", "LanguageCode": "fr"})
    assert not ComprehendSentiment(client).assess("45871").alert


def test_a_comprehend_error_is_no_alert_never_an_exception(comprehend) -> None:  # type: ignore[no-untyped-def]
    client, stubber = comprehend
    stubber.add_client_error("detect_sentiment", "ThrottlingException", "Rate exceeded", 400)
    stubber.add_client_error("detect_sentiment", "InternalServerException", "oops", 500)
    detector = ComprehendSentiment(client)
    assert detector.assess("C'est scandaleux").alert is False
    assert detector.assess("Inadmissible").alert is False


def test_an_empty_text_is_not_sent(comprehend) -> None:  # type: ignore[no-untyped-def]
    client, _ = comprehend
    assert ComprehendSentiment(client).assess("   ").alert is False  # no stubbed response: nothing was called


def test_a_long_text_is_cut_to_comprehends_byte_limit_between_characters(comprehend) -> None:  # type: ignore[no-untyped-def]
    client, stubber = comprehend
    text = "é" * 4000  # 8,000 bytes in UTF-8
    stubber.add_response("detect_sentiment", {"Sentiment": "NEUTRAL", "SentimentScore": scores(0.0)},
                         {"Text": "é" * (MAX_BYTES // 2), "LanguageCode": "fr"})
    ComprehendSentiment(client).assess(text)
    assert len(cut("a" + "é" * 10, 4).encode()) == 3  # "aé" fits, half an "é" is dropped
