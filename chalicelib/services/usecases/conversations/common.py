"""What the conversation use cases share: the ids that follow from a customer, race retries,
and telling the agent an escalation reached."""
from __future__ import annotations

from hashlib import sha256

from ...domain import DEFAULT_SLOTS, Agent, Store, Thread
from ...ports.repositories import Directory
from ..notifier import Notifier

RETRIES_ON_RACE = 5
SNOOZE = "snooze"


def thread_id_for(brand_id: str, channel: str, customer_address: str) -> str:
    """One thread per customer identity per channel per brand: the id follows from them."""
    return "t" + sha256(f"{brand_id}|{channel}|{customer_address}".encode()).hexdigest()[:24]


def customer_id_for(brand_id: str, customer_address: str) -> str:
    """One customer per address per brand, whatever the channel or store."""
    return "c" + sha256(f"{brand_id}|{customer_address}".encode()).hexdigest()[:20]


def slots(directory: Directory, brand_id: str) -> int:
    """How many conversations an agent of the brand holds at once, for routing."""
    brand = directory.get_brand(brand_id)
    return brand.slots_per_agent if brand else DEFAULT_SLOTS


def tell_escalated(directory: Directory, notifier: Notifier, thread: Thread, store: Store | None = None,
                   agents: list[Agent] | None = None) -> None:
    """Notifies the agent the thread's escalation is with now, if any; store and agents are looked up if
    not given."""
    current = thread.escalation.agent_id if thread.escalation else None
    if current is None:
        return
    store = store or directory.get_store(thread.brand_id, thread.store_id)
    for agent in agents if agents is not None else directory.list_agents(thread.brand_id):
        if agent.id == current and store is not None:
            notifier.escalated(thread, agent, store)
