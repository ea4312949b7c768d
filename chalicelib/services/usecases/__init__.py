"""What a user (or the stream, or the clock) does: one module per use case, over the ports."""
