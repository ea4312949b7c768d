"""The local stage's sentiment detector: French and English cue lists, no model, no network.

A message is scored by the cues it contains and raises an alert from 2 points:
- a strong cue (scandaleux, arnaque, "plus jamais", remboursez, avocat, unacceptable, scam, worst...) is
  worth 2 points on its own;
- a mild cue (déçu, mécontent, "toujours pas", disappointed, rude, "no reply"...) is worth 1, or 2 with an
  intensifier before it (très, vraiment, extremely...) or "du tout" / "at all" after it;
- a satisfied word under a negation ("pas content", "not happy") is a mild cue; a mild cue under a negation
  ("pas mécontent") counts for nothing;
- shouting (most letters in capitals) and repeated "!!" or "??" add 1 point each;
- a softener (un peu, pas grave, a bit, no big deal) takes 1 point off, and so does a polite request
  (pouvez-vous, svp, could you, please) when the message holds no strong cue: an ordinary complaint asked
  politely is a question, not an alert.
The reason names every cue found, so an agent sees why a thread was flagged.
"""
from __future__ import annotations

from ..services.domain.sentiment import Assessment, guess_language, words

THRESHOLD = 2
STRONG, MILD = 2, 1

# Cues are token sequences (see services.domain.sentiment.words: no accents, lower case); a trailing "*" matches any
# ending ("scandal*": scandale, scandaleux, scandalisée).
STRONG_CUES = """
scandal* inadmissible inacceptable intolerable insupportable honte honteu* arnaque* arnaqueu* escroc* escroqu*
voleur* lamentable* minable* pitoyable* deplorable* execrable* catastroph* incompetent* incapable*
ecoeur* degoute* degueulasse* furieu* outre outree outres outrees colere meprisant* mepris nul nuls nulle nulles
abuse* inoui* revoltant* revolte* insultant* insulte* foutage
plus_jamais jamais_plus reviendrai_jamais reviendrai_plus derniere_fois jamais_vu
avocat* plainte* mediateur tribunal* repression_des_fraudes ufc 60_millions une_etoile 1_etoile
rembourse_moi remboursez* mon_argent en_ai_marre en_ai_assez ras_le_bol a_bout hors_de_moi n_importe_quoi
du_vol se_fout se_moque vous_moquez fout_de_moi perds_patience une_blague
unacceptable disgusting disgusted disgrace* scam scams scammer* fraud* thief thieves rip_off ripoff furious livid
outrag* appalling awful terrible horrible horrendous dreadful pathetic ridiculous shameful shame useless
incompetent* worst never_again never_shopping never_coming garbage rubbish unbelievable lawyer* chargeback
refund_me refund_now money_back fed_up sick_and_tired had_enough done_with trading_standards the_press
ashamed lied lying liars pas_acceptable not_acceptable
"""
MILD_CUES = """
decu decue decus decues decevant* decoivent decoit mecontent* desagreable* enerv* agace* penible* frustr* inquiet*
toujours_pas toujours_aucun* toujours_rien aucune_reponse aucun_retour personne_ne personne_me sans_nouvelles
encore_une_fois pas_normal pas_serieux pas_professionnel responsable directeur
disappoint* unhappy annoy* frustrat* rude upset angry still_no still_not no_reply no_answer nobody again
ignoring ignored not_ok manager
"""
# Satisfied words: under a negation ("pas content", "not happy") they are a mild cue.
SATISFIED = """content contente contents satisfait* ravi ravie happy satisfied pleased impressed acceptable normal"""
INTENSIFIERS = frozenset("""tres vraiment extremement totalement absolument completement trop tellement
franchement super vraiment really extremely absolutely totally utterly so very completely""".split())
AFTER_INTENSIFIERS = (("du", "tout"), ("at", "all"), ("whatsoever",))
NEGATIONS = frozenset("pas ne n jamais plus aucun aucune not no never nor".split())
SOFTENERS = """un_peu pas_grave mais_bon a_bit a_little slightly no_big_deal not_a_big_deal legerement bref"""
# Phrases whose words are cues elsewhere but not here ("nulle part": nowhere).
NEUTRAL = """nulle_part nul_part"""
POLITE = """pouvez_vous pourriez_vous svp s_il_vous_plait merci could_you can_you please thanks thank_you would_you"""


def _cues(spec: str) -> list[tuple[str, ...]]:
    return [tuple(cue.split("_")) for cue in spec.split()]


def _matches(tokens: list[str], at: int, cue: tuple[str, ...]) -> bool:
    if at + len(cue) > len(tokens):
        return False
    for token, part in zip(tokens[at:at + len(cue)], cue, strict=True):
        if part.endswith("*") and not token.startswith(part[:-1]) or not part.endswith("*") and token != part:
            return False
    return True


class LexiconSentiment:
    """Strong dissatisfaction from French and English cues; explainable, deterministic, without dependencies."""

    def __init__(self) -> None:
        self.strong = _cues(STRONG_CUES)
        self.mild = _cues(MILD_CUES)
        self.satisfied = _cues(SATISFIED)
        self.softeners = _cues(SOFTENERS)
        self.polite = _cues(POLITE)
        self.neutral = _cues(NEUTRAL)

    def assess(self, text: str) -> Assessment:
        tokens = self._without_neutral(words(text))
        points, cues = 0, []
        strong = False
        at = 0
        while at < len(tokens):
            found = self._cue_at(tokens, at)
            if found is None:
                at += 1
                continue
            weight, name, length = found
            strong = strong or weight == STRONG
            points += weight
            cues.append(name)
            at += length  # a word counts in one cue only
        points, extra = self._tone(text, tokens, points, strong)
        cues.extend(extra)
        alert = points >= THRESHOLD
        return Assessment(alert=alert, score=round(min(1.0, max(0, points) / (2 * THRESHOLD)), 2),
                          language=guess_language(text), reason=", ".join(cues) if alert else "")

    def _cue_at(self, tokens: list[str], at: int) -> tuple[int, str, int] | None:
        """The cue starting at `at`, if any: its weight after negation and intensifiers, and how it reads."""
        before = tokens[max(0, at - 3):at]
        negated = any(t in NEGATIONS for t in before)
        for cue in self.strong:
            if _matches(tokens, at, cue):
                return STRONG, " ".join(tokens[at:at + len(cue)]), len(cue)
        for cue in self.mild:
            if _matches(tokens, at, cue) and not (negated and cue[0] not in NEGATIONS and len(cue) == 1):
                return (*self._intensified(tokens, at, len(cue), negated), len(cue))
        for cue in self.satisfied:
            if _matches(tokens, at, cue) and negated:
                return (*self._intensified(tokens, at, len(cue), negated), len(cue))
        return None

    def _intensified(self, tokens: list[str], at: int, length: int, negated: bool) -> tuple[int, str]:
        start = max([i for i in range(max(0, at - 3), at) if tokens[i] in NEGATIONS], default=at)
        name = " ".join(tokens[start:at + length])
        after = tokens[at + length:at + length + 3]
        if any(tuple(after[i:i + len(a)]) == a for a in AFTER_INTENSIFIERS for i in range(len(after))):
            return STRONG, f"{name} (intensified)"
        # "très déçu" intensifies; "pas très satisfait" softens: an intensifier counts only when not negated.
        if not negated and at > 0 and tokens[at - 1] in INTENSIFIERS:
            return STRONG, f"{tokens[at - 1]} {name}"
        return MILD, name

    def _tone(self, text: str, tokens: list[str], points: int, strong: bool) -> tuple[int, list[str]]:
        """Shouting and punctuation add; softeners and polite requests take off."""
        cues: list[str] = []
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.7 * len(letters):
            points, cues = points + 1, [*cues, "shouting"]
        if "!!" in text.replace(" ", "") or "??" in text.replace(" ", ""):
            points, cues = points + 1, [*cues, "repeated !! or ??"]
        if self._any(tokens, self.softeners):
            points -= 1
        if not strong and self._any(tokens, self.polite):
            points -= 1
        return points, cues

    def _without_neutral(self, tokens: list[str]) -> list[str]:
        for at in range(len(tokens)):
            for cue in self.neutral:
                if _matches(tokens, at, cue):
                    tokens[at:at + len(cue)] = ["-"] * len(cue)
        return tokens

    @staticmethod
    def _any(tokens: list[str], cues: list[tuple[str, ...]]) -> bool:
        return any(_matches(tokens, at, cue) for at in range(len(tokens)) for cue in cues)
