"""What a sentiment detector says about a customer's message (strongly dissatisfied?), and a guess of its language."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Assessment:
    """`alert`: the customer expressed strong dissatisfaction. `reason` names the cues, for the agent."""

    alert: bool
    score: float  # 0..1, how sure the detector is that the message is strongly dissatisfied
    language: str | None  # "fr", "en", or None when the text gave no hint
    reason: str


CALM = Assessment(alert=False, score=0.0, language=None, reason="")

# Frequent words that exist in one language only: enough to tell French from English in an SMS.
_FRENCH = frozenset("""je j tu vous nous il elle est suis sont pas ne n le la les un une des du de et mais pour
avec sur dans que qui quoi merci bonjour bonsoir svp ma mon mes votre vos ce c ca cette tres plus jamais rien
toujours encore deja aussi commande magasin colis oui non""".split())
_ENGLISH = frozenset("""i you we he she is am are not the a an of and but for with on in that what who thanks thank
hi hello please my your this very never still again already also order store parcel yes no it s m don t""".split())


def words(text: str) -> list[str]:
    """Lower case, accents and apostrophes gone, "n't" spelled "not": the tokens detectors compare."""
    lowered = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'").replace("`", "'")
    lowered = re.sub(r"n't\b", " not", lowered)
    plain = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", plain)


def guess_language(text: str) -> str | None:
    """"fr" or "en" by counting words of each language; accents count for French. None when nothing tells."""
    tokens = words(text)
    french = sum(t in _FRENCH for t in tokens) + sum(c in "éèêàùçôîâû" for c in text.lower())
    english = sum(t in _ENGLISH for t in tokens)
    if french == english == 0:
        return None
    return "fr" if french >= english else "en"
