"""Every key string of the table, and the access patterns they serve. No key is built anywhere else.

One table, `pk` / `sk`, streams NEW_AND_OLD_IMAGES. Every partition key starts with the
brand (`B#<brand>`), so one brand's data can never be reached through another's key. Two
kinds of lookup item map a global identifier to its brand and hold nothing but ids:
`NUMBER#<e164>` (a store's textable number, read by the inbound webhook) and
`EMAIL#<address>` (an agent's login). Their conditional creation makes both unique.

Access patterns                                   key / index
------------------------------------------------  ------------------------------------------------
brand profile                                     pk=B#b            sk=BRAND
stores of a brand, by id                          pk=B#b            sk begins_with STORE#
one agent (profile + load); agents of a brand     pk=B#b            sk begins_with AGENT#a# / AGENT#
  (AGENT#a#PROFILE: account and rights; AGENT#a#LOAD: open threads held, maintained with threads)
invitation by its token                           pk=B#b            sk=INVITE#<sha256 of token>
store groups of a brand                           pk=B#b            sk begins_with GROUP#
roles of a brand                                  pk=B#b            sk begins_with ROLE#
password reset link by its token                  pk=B#b            sk=RESET#<sha256 of token>
e-mail change link by its token (keys_safety.py)  pk=B#b            sk=EMAILCHANGE#<sha256 of token>
the brand's audit trail, newest first, by time    pk=B#b#AUDIT      sk=AUDIT#<at ISO>#<entry id> (keys_safety.py)
status counts of a store (maintained)             pk=B#b            sk=COUNTS#s
store by textable number (inbound webhook)        pk=NUMBER#e164    sk=NUMBER
agent by login e-mail                             pk=EMAIL#email    sk=EMAIL
a thread                                          pk=B#b#T#t        sk=THREAD
messages of a thread, newest first                pk=B#b#T#t        sk begins_with MSG# (time-ordered)
one message by its key (a delivery timer holds it) pk=B#b#T#t       sk=MSG#<created ISO>#<message id>
webhook deduplication (TTL 8 days)                pk=B#b#DEDUP#provider#id  sk=DEDUP
an agent's notifications, newest first            pk=B#b#A#a        sk begins_with NOTE# (time-ordered)
notes of a thread (invisible thread), newest first pk=B#b#T#t        sk begins_with INOTE# (time-ordered)
an agent's mentions, newest first                 pk=B#b#A#a        sk begins_with MENTION# (time-ordered)
  the unread ones only (a copy, deleted on read)  pk=B#b#A#a        sk begins_with UNREAD#MENTION#
  one mention by its id (the id names its key)    pk=B#b#A#a        sk=MENTION#<created>#<note>
an agent's unread mentions count (maintained)     pk=B#b#A#a        sk=MENTION_COUNT
a timer (one per kind and thread)                 pk=B#b#TIMER#kind#ref  sk=TIMER
due timers of every brand (the minute sweep)      GSI timers_due   : timer_queue="TIMERS", due_key <= now
threads of a store in a folder/status group       GSI inbox_store  : store_group_key, recent_key
threads of a brand in a folder/status group       GSI inbox_brand  : brand_group_key, recent_key
the same, by waiting time (oldest first)          GSI waiting_store / waiting_brand : ..., waiting_key
  (both sort keys start with the thread's priority section: on hold, then alerts, then the others)
the brand's canned responses, by title             pk=B#b            sk begins_with CANNED# (normalised title)
an agent's own canned responses, by title          pk=B#b#A#a        sk begins_with CANNED#
a canned response by id (where its entry is)       pk=B#b or B#b#A#a sk=CANNEDID#<id>
messages holding a word, newest first (search)    pk=B#b#W#word     sk=<created ISO>#<message id>
customers whose name holds a word (search)        pk=B#b#N#word     sk=<customer id>
a customer record (head office's name, attributes) pk=B#b#C#c       sk=CUSTOMER
threads of a customer (with the record: 1 Query)  pk=B#b#C#c        sk begins_with THREAD#<thread id>
what the statistics know of a thread (beside it)  pk=B#b#T#t        sk=FACTS
a store's statistics of a day                     pk=B#b#STATS#s    sk=DAY#yyyy-mm-dd
a store's running total of threads                pk=B#b#STATS#s    sk=TOTAL
a throttle counter (TTL: window's end + 1 h)     pk=THROTTLE#<sha256 of what is counted>  sk=W#<start> (keys_safety.py)
  a report reads both in one Query: sk BETWEEN DAY#<first day> AND TOTAL ("DAY#..." sorts before "TOTAL")
SMS opt-out of a customer number (its SHA-256) pk=B#b#OPTOUT#hash  sk=number_pk(store e164) (keys_safety.py)
"""
from __future__ import annotations

from hashlib import sha256

BRAND_SK = "BRAND"
THREAD_SK = "THREAD"
STORE_PREFIX = "STORE#"
AGENT_PREFIX = "AGENT#"
MESSAGE_PREFIX = "MSG#"
COUNTS_PREFIX = "COUNTS#"

# Status groups of the inbox indexes: the default filter (waiting + replied) is one partition.
OPEN_GROUP = "open"
RESOLVED_GROUP = "resolved"


def brand_pk(brand_id: str) -> str:
    return f"B#{brand_id}"


def store_sk(store_id: str) -> str:
    return f"{STORE_PREFIX}{store_id}"


def agent_sk(agent_id: str) -> str:
    return f"{AGENT_PREFIX}{agent_id}#PROFILE"


def agent_load_sk(agent_id: str) -> str:
    """Beside the profile, so one Query reads both; apart from it, so no thread write touches the profile."""
    return f"{AGENT_PREFIX}{agent_id}#LOAD"


def agent_prefix(agent_id: str) -> str:
    return f"{AGENT_PREFIX}{agent_id}#"


def invitation_sk(token: str) -> str:
    return f"INVITE#{token_hash(token)}"


def token_hash(token: str) -> str:
    return sha256(token.encode()).hexdigest()


def counts_sk(store_id: str) -> str:
    return f"{COUNTS_PREFIX}{store_id}"


def number_pk(e164: str) -> str:
    return f"NUMBER#{e164}"


NUMBER_SK = "NUMBER"


def email_pk(email: str) -> str:
    return f"EMAIL#{email.strip().lower()}"


EMAIL_SK = "EMAIL"


def thread_pk(brand_id: str, thread_id: str) -> str:
    return f"B#{brand_id}#T#{thread_id}"


def message_sk(created_at_iso: str, message_id: str) -> str:
    return message_sk_of(message_key(created_at_iso, message_id))


def message_key(created_at_iso: str, message_id: str) -> str:
    """What names a message within its thread (a delivery timer carries it): its sort key without the prefix."""
    return f"{created_at_iso}#{message_id}"


def message_sk_of(key: str) -> str:
    return f"{MESSAGE_PREFIX}{key}"


def dedup_pk(brand_id: str, provider_key: str) -> str:
    return f"B#{brand_id}#DEDUP#{provider_key}"


DEDUP_SK = "DEDUP"


def status_group(status: str) -> str:
    return RESOLVED_GROUP if status == "resolved" else OPEN_GROUP


def store_group_key(brand_id: str, store_id: str, folder: str, group: str) -> str:
    return f"B#{brand_id}#S#{store_id}#{folder}#{group}"


def brand_group_key(brand_id: str, folder: str, group: str) -> str:
    return f"B#{brand_id}#{folder}#{group}"


# Priority sections of the inbox: 0 on hold, 1 alert, 2 the others. They lead both sort keys so
# that one Query returns the sections in order: the recent index is read backwards, hence 2 - section.
LAST_SECTION = 2


def recent_key(last_message_at_iso: str, thread_id: str, section: int = LAST_SECTION) -> str:
    """Higher sections first (read newest first), then newest activity first."""
    return f"{LAST_SECTION - section}#{last_message_at_iso}#{thread_id}"


def waiting_key(status: str, waiting_since_iso: str | None, last_message_at_iso: str, thread_id: str,
                section: int = LAST_SECTION) -> str:
    """Section by section; in each, waiting threads first, oldest wait first; then the others, oldest activity
    first."""
    if status == "waiting" and waiting_since_iso:
        return f"{section}#0#{waiting_since_iso}#{thread_id}"
    return f"{section}#1#{last_message_at_iso}#{thread_id}"


TIMER_SK = "TIMER"
TIMER_QUEUE = "TIMERS"  # one partition: a few writes per thread, far below a partition's limits
NOTIFICATION_PREFIX = "NOTE#"


def timer_pk(brand_id: str, kind: str, ref: str) -> str:
    return f"B#{brand_id}#TIMER#{kind}#{ref}"


def due_key(due_at_iso: str, pk: str) -> str:
    return f"{due_at_iso}#{pk}"


def due_by(now_iso: str) -> str:
    """The highest due key of timers due at `now_iso`: `~` sorts after every character of a key."""
    return f"{now_iso}#~"


def agent_pk(brand_id: str, agent_id: str) -> str:
    return f"B#{brand_id}#A#{agent_id}"


def notification_sk(created_at_iso: str, notification_id: str) -> str:
    return f"{NOTIFICATION_PREFIX}{created_at_iso}#{notification_id}"


def inbox_group(status: str, snoozed: bool) -> str:
    """A snoozed thread leaves the inbox list until it wakes."""
    return "snoozed" if snoozed else status_group(status)


INTERNAL_NOTE_PREFIX = "INOTE#"  # notes of the invisible thread; NOTE# is taken by notifications
MENTION_PREFIX = "MENTION#"
UNREAD_MENTION_PREFIX = "UNREAD#MENTION#"
MENTION_COUNT_SK = "MENTION_COUNT"


def internal_note_sk(created_at_iso: str, note_id: str) -> str:
    return f"{INTERNAL_NOTE_PREFIX}{created_at_iso}#{note_id}"


def mention_sk(created_at_iso: str, note_id: str) -> str:
    return f"{MENTION_PREFIX}{created_at_iso}#{note_id}"


def unread_mention_sk(created_at_iso: str, note_id: str) -> str:
    return f"{UNREAD_MENTION_PREFIX}{created_at_iso}#{note_id}"


GROUP_PREFIX = "GROUP#"
ROLE_PREFIX = "ROLE#"


def group_sk(group_id: str) -> str:
    return f"{GROUP_PREFIX}{group_id}"


def role_sk(role_id: str) -> str:
    return f"{ROLE_PREFIX}{role_id}"


def reset_sk(token: str) -> str:
    return f"RESET#{token_hash(token)}"


CANNED_PREFIX = "CANNED#"
CANNED_SEPARATOR = "\t"  # sorts before every character a normalised title keeps: "Abc" before "Abc d"


def canned_sk(normalised_title: str, canned_id: str) -> str:
    """Alphabetical order of the library: the title without accents or case, then the id."""
    return f"{CANNED_PREFIX}{normalised_title}{CANNED_SEPARATOR}{canned_id}"


def canned_pk(brand_id: str, owner_agent_id: str | None) -> str:
    """An agent's own library is in the agent's partition, the brand's in the brand's."""
    return agent_pk(brand_id, owner_agent_id) if owner_agent_id else brand_pk(brand_id)


def canned_id_sk(canned_id: str) -> str:
    return f"CANNEDID#{canned_id}"


CUSTOMER_SK = "CUSTOMER"
CUSTOMER_THREAD_PREFIX = "THREAD#"


def word_pk(brand_id: str, word: str) -> str:
    """Words are normalised to letters and digits (services/usecases/search.py): no `#` can reach the key."""
    return f"B#{brand_id}#W#{word}"


def word_sk(created_at_iso: str, message_id: str) -> str:
    return f"{created_at_iso}#{message_id}"


def name_pk(brand_id: str, word: str) -> str:
    return f"B#{brand_id}#N#{word}"


def name_sk(customer_id: str) -> str:
    return customer_id


def customer_pk(brand_id: str, customer_id: str) -> str:
    return f"B#{brand_id}#C#{customer_id}"


def customer_thread_sk(thread_id: str) -> str:
    return f"{CUSTOMER_THREAD_PREFIX}{thread_id}"


FACTS_SK = "FACTS"
STATS_TOTAL_SK = "TOTAL"


def stats_pk(brand_id: str, store_id: str) -> str:
    return f"B#{brand_id}#STATS#{store_id}"


def stats_day_sk(day_iso: str) -> str:
    return f"DAY#{day_iso}"
