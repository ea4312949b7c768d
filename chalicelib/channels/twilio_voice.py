"""Twilio's voice webhook answered in TwiML: what a caller hears, then the line hangs up."""
from __future__ import annotations

from ..services.domain.ivr import CallAnswer


def twiml(answer: CallAnswer | None) -> str:
    """The TwiML document: the store's words in its language then a hang-up; a bare hang-up when no store can
    answer the call (nothing useful to say to it)."""
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    if answer is not None:
        response.say(answer.text, language=answer.language)
    response.hangup()
    return str(response)
