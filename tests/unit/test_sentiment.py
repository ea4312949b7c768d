"""The local detector of strong dissatisfaction (SPEC C5): cues both ways, negation, tone, and its measured floors."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chalicelib.adapters.lexicon_sentiment import LexiconSentiment
from chalicelib.services.domain.sentiment import guess_language, words

DATA = Path(__file__).resolve().parents[1] / "data"
detector = LexiconSentiment()


def labelled(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def precision_recall(rows: list[dict[str, str]]) -> tuple[float, float]:
    found = [(detector.assess(r["text"]).alert, r["alert"] == "1") for r in rows]
    true_positives = sum(1 for said, truth in found if said and truth)
    return (true_positives / max(1, sum(said for said, _ in found)),
            true_positives / max(1, sum(truth for _, truth in found)))


@pytest.mark.parametrize("text", [
    "C'est scandaleux, ça fait 3 semaines que j'attends !!!",
    "Inadmissible. Remboursez-moi ou j'appelle mon avocat",
    "Service client nul, plus jamais chez vous",
    "Arnaque totale",
    "C'EST HONTEUX",
    "This is unacceptable, I want a refund now",
    "Worst shop ever, absolutely disgusting",
    "You are a scam. I'm furious",
])
def test_strong_dissatisfaction_is_an_alert(text: str) -> None:
    assessment = detector.assess(text)
    assert assessment.alert and assessment.reason and assessment.score >= 0.5


@pytest.mark.parametrize("text", [
    "Ma commande n'est pas arrivée, pouvez-vous vérifier ?",
    "Bonjour, le colis est arrivé abîmé, comment faire pour l'échanger ?",
    "Merci beaucoup, très satisfaite !",
    "Je suis content de mon achat",
    "Un peu déçu du retard, mais ce n'est pas grave",
    "Hi, my order is late, could you check please?",
    "I'm happy with it, thanks",
    "OK MERCI BEAUCOUP A DEMAIN",
    "Nulle part ailleurs on est si bien reçu, merci",
])
def test_questions_thanks_and_polite_complaints_are_not_alerts(text: str) -> None:
    assessment = detector.assess(text)
    assert not assessment.alert and assessment.reason == ""


def test_negation_turns_a_satisfied_word_into_dissatisfaction() -> None:
    assert not detector.assess("Je suis content").alert
    assert detector.assess("Je ne suis pas content").score > detector.assess("Je suis content").score
    assert detector.assess("Je ne suis pas content du tout").alert
    assert detector.assess("I am not happy at all").alert
    assert not detector.assess("Je ne suis pas mécontent, juste une question").alert


def test_intensifiers_shouting_and_repeated_marks_add_up() -> None:
    assert not detector.assess("Je suis déçu").alert
    assert detector.assess("Je suis vraiment déçu").alert
    assert detector.assess("Je suis déçu!!!").alert
    assert detector.assess("JE SUIS DECU DE VOTRE ACCUEIL").alert


def test_the_reason_names_the_cues() -> None:
    reason = detector.assess("C'est inadmissible !! Remboursez-moi").reason
    assert "inadmissible" in reason and "remboursez" in reason and "!!" in reason


def test_accents_case_and_apostrophes_do_not_matter() -> None:
    assert words("J’en ai MARRE, c'est Écœurant") == ["j", "en", "ai", "marre", "c", "est", "ecoeurant"]
    assert words("I don't care") == ["i", "do", "not", "care"]
    assert detector.assess("ECOEURANT").alert and detector.assess("écœurant").alert


def test_language_is_guessed_from_common_words() -> None:
    assert guess_language("Bonjour, ma commande n'est pas arrivée") == "fr"
    assert guess_language("Hi, my order has not arrived") == "en"
    assert guess_language("Écœurant") == "fr"
    assert guess_language("12345") is None


def test_the_labelled_samples_are_large_enough_and_balanced() -> None:
    tuning, holdout = labelled("sentiment_sample.csv"), labelled("sentiment_holdout.csv")
    assert len(tuning) >= 200 and len(holdout) >= 60
    for rows in (tuning, holdout):
        assert {r["alert"] for r in rows} == {"0", "1"} and {r["language"] for r in rows} == {"fr", "en"}
        assert 0.25 <= sum(r["alert"] == "1" for r in rows) / len(rows) <= 0.45
        assert 0.5 <= sum(r["language"] == "fr" for r in rows) / len(rows) <= 0.7


def test_the_detector_keeps_its_measured_precision_and_recall_on_the_tuning_sample() -> None:
    # Measured at 1.00 / 1.00 on the sample the cue lists were tuned on (see docs/alerts.md); the floors
    # leave room for a cue added later, not for a detector that lost its way.
    precision, recall = precision_recall(labelled("sentiment_sample.csv"))
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_the_held_out_sample_stays_in_the_documented_range() -> None:
    precision, recall = precision_recall(labelled("sentiment_holdout.csv"))
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)
