"""What people do with conversations, one use case per module over the same ports.

common (identities, limits, helpers shared by the use cases), access (which threads an agent may see or write),
inbox (reading: the list, a thread, its messages), receive (a customer's message arrives), answer (an agent
replies or writes first), changes (join, status, close and any other change of a thread), transfer (to another
store), snooze (and the wake-up), escalate (an escalation step falls due), calls (a customer calls a store's
number and is answered by text; an agent logs a call to a customer).
"""
