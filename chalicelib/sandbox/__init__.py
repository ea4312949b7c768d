"""The local stage's stand-ins for the outside world: an SMS network with an outbox, a mailbox and a clock.

Nothing here is wired on an AWS stage: the sandbox routes answer 404 there.
"""
