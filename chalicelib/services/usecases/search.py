"""Search across conversations: by a customer's number, by a customer's name, by words of messages.

Words are normalised the same way when indexed and when asked for: lower case, accents off, split on
anything that is not a letter or a digit; numbers ("4521") stay, words of one character and a short
list of French and English stop words go. A query of several words finds messages (or names) holding
every one of them: the index is read on the longest word, the others filter.

A number ("06 12 34 56 78", "+33612345678") needs no index: the thread's id follows from the brand,
the channel and the number, read in the regions of the brand's stores.

Every answer holds only threads the caller may see now (a thread may have changed store since a
message was indexed), newest first within each kind of match: names first, then messages. A request
reads a bounded number of index pages; the cursor continues where it stopped.
"""
from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..domain import Agent, CustomerProfile, Message, NamePosting, Page, SearchHit, Thread, WordPosting
from ..domain.errors import InvalidInput, NotFound
from ..domain.notes import sees_thread
from ..domain.phone import region_of, to_e164
from ..ports.repositories import Directory, SearchIndex
from .conversations.common import customer_id_for, thread_id_for

MIN_QUERY = 2
MAX_QUERY = 200  # a number, a name or a few words: longer is not a search
MAX_PAGE = 100
MAX_WORD = 40  # longer "words" (links, codes) are cut: the same cut when indexed and asked for
MAX_WORDS_PER_MESSAGE = 64  # a posting per word: a 1,000-character message stays a bounded write
EXCERPT = 160
READ_SIZE = 100  # postings per index read (a BatchGet of the threads follows each read: at most 100 keys)
MAX_READS = 5  # index reads per request before answering with a cursor
MIN_BATCH = 25  # threads asked for at least at once, when invisible ones leave the page short
STOP_WORDS = frozenset("""
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me mes moi mon ne
    nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous
    est sont suis ai as avez cette cet ça ca bonjour merci oui non
    an and are as at be but by for from has have he her his how if in is it its me my no not of on or our she
    so than that the their them there they this to us was we were what when which who will with you your
    hello hi thanks yes
""".split())
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\+?[\d\s().\-/]+")


def fold(text: str) -> str:
    """Lower case without accents: "Cassé" and "casse" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _keep(word: str) -> bool:
    return len(word) > 1 and word not in STOP_WORDS


def tokens(text: str) -> list[tuple[str, int]]:
    """Every kept word of a text with where it starts, in order (repeats included)."""
    found = []
    for match in _WORD.finditer(text or ""):
        word = fold(match.group())[:MAX_WORD]
        if _keep(word):
            found.append((word, match.start()))
    return found


def words_of(text: str, cap: int | None = None) -> list[str]:
    """The distinct kept words of a text, in order of appearance, at most `cap`."""
    seen: dict[str, None] = {}
    for word, _ in tokens(text):
        seen.setdefault(word, None)
        if cap is not None and len(seen) >= cap:
            break
    return list(seen)


def excerpt(text: str, start: int, width: int = EXCERPT) -> str:
    """About `width` characters of `text` around position `start`, with an ellipsis where cut."""
    text = text or ""
    if len(text) <= width:
        return " ".join(text.split())
    begin = max(0, min(start - width // 3, len(text) - width))
    piece = " ".join(text[begin: begin + width].split())
    return ("…" if begin > 0 else "") + piece + ("…" if begin + width < len(text) else "")


def postings_of(message: Message) -> list[WordPosting]:
    """One posting per distinct word of a message, each with an excerpt around that word's first use."""
    first: dict[str, int] = {}
    for word, start in tokens(message.text):
        if word not in first:
            if len(first) >= MAX_WORDS_PER_MESSAGE:
                break
            first[word] = start
    words = list(first)
    return [WordPosting(brand_id=message.brand_id, word=w, thread_id=message.thread_id, message_id=message.id,
                        store_id=message.store_id, created_at=message.created_at, words=words,
                        excerpt=excerpt(message.text, start)) for w, start in first.items()]


def looks_like_number(q: str) -> bool:
    """Only the characters of a phone number, and enough digits to be one."""
    return bool(_NUMBER.fullmatch(q)) and sum(c.isdigit() for c in q) >= 6


@dataclass
class _Row:
    """One posting read from the index, the threads it may lead to, and the hit it makes of a thread."""

    posting: WordPosting | NamePosting
    thread_ids: list[str]
    hit: Callable[[Thread], SearchHit]


class Search:
    def __init__(self, index: SearchIndex, directory: Directory, channels: tuple[str, ...]) -> None:
        self.index = index
        self.directory = directory
        self.channels = channels  # the channels a customer's number may have a thread on

    # -- keeping the index (from the stream; every step idempotent) ----------------------------
    def message_stored(self, message: Message) -> None:
        """A message was written (customer, agent or automatic): its words go into the index."""
        self.index_messages([message])

    def index_messages(self, messages: Iterable[Message]) -> None:
        """Indexes messages together (the stream gives one; filling the index of existing messages gives many)."""
        postings = [p for m in messages for p in postings_of(m)]
        if postings:
            self.index.put_words(postings)

    def customer_changed(self, before: CustomerProfile | None, after: CustomerProfile | None) -> None:
        """A customer record changed: its name's words follow, the words it no longer has leave."""
        old = words_of(before.name or "") if before else []
        new = words_of(after.name or "") if after else []
        gone = [w for w in old if w not in new]
        if before is not None and gone:
            self.index.delete_names(before.brand_id, before.id, gone)
        if after is not None and new and (old != new or before is None or before.phone != after.phone):
            self.index.put_names([NamePosting(brand_id=after.brand_id, word=w, customer_id=after.id,
                                              phone=after.phone, words=new) for w in new])

    # -- asking --------------------------------------------------------------------------------
    def search(self, agent: Agent, q: str, *, store_id: str | None, cursor: str | None, limit: int) -> Page:
        """A page of SearchHit: threads the agent may see whose number, customer name or messages match `q`."""
        text = (q or "").strip()
        if len(text) < MIN_QUERY:
            raise InvalidInput.field("q", f"at least {MIN_QUERY} characters")
        if len(q) > MAX_QUERY:
            raise InvalidInput.field("q", f"at most {MAX_QUERY} characters")
        if limit < 1 or limit > MAX_PAGE:
            raise InvalidInput.field("limit", f"from 1 to {MAX_PAGE}")
        if store_id is not None and (not agent.can_see(store_id)
                                     or self.directory.get_store(agent.brand_id, store_id) is None):
            raise NotFound("no such store")
        if looks_like_number(text):
            numbers = self._numbers(agent.brand_id, text)
            if numbers:
                return self._by_number(agent, numbers, store_id)
        words = words_of(text)
        if not words:
            return Page([], None)
        return self._by_words(agent, words, store_id, cursor, limit)

    def _numbers(self, brand_id: str, text: str) -> list[str]:
        """What the number typed can be in E.164: as given with a +, else in each region of the brand's stores."""
        regions: list[str | None] = [None]
        if not text.startswith("+"):
            regions = list(dict.fromkeys(region_of(s.timezone, s.phone_number)
                                         for s in self.directory.list_stores(brand_id)))
        numbers = []
        for region in regions:
            try:
                numbers.append(to_e164(text, "q", region))
            except InvalidInput:
                continue
        return list(dict.fromkeys(numbers))

    def _by_number(self, agent: Agent, numbers: list[str], store_id: str | None) -> Page:
        ids = [thread_id_for(agent.brand_id, channel, n) for n in numbers for channel in self.channels]
        threads = self.index.threads(agent.brand_id, ids)
        hits = [SearchHit(thread=t, kind="number", at=t.last_message_at) for t in threads.values()
                if _shows(agent, t, store_id)]
        hits.sort(key=lambda h: h.at, reverse=True)
        return Page(hits, None)

    def _by_words(self, agent: Agent, words: list[str], store_id: str | None, cursor: str | None,
                  limit: int) -> Page:
        phase, after = _resume(cursor)
        longest = max(words, key=len)
        also = [w for w in words if w != longest]
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for _ in range(MAX_READS):
            if phase is None:
                break
            rows, next_after = self._read(agent.brand_id, phase, longest, also, after)
            threads = _Threads(self.index, agent.brand_id, [i for r in rows for i in r.thread_ids if i not in seen])
            for position, row in enumerate(rows):
                for thread_id in row.thread_ids:
                    thread = None if thread_id in seen else threads.get(thread_id, max(limit - len(hits), MIN_BATCH))
                    if thread is not None and _shows(agent, thread, store_id):
                        seen.add(thread.id)
                        hits.append(row.hit(thread))
                if len(hits) >= limit:
                    if position == len(rows) - 1 and next_after is None:
                        return Page(hits, _cursor(_next_phase(phase), None))
                    return Page(hits, _cursor(phase, self.index.position(row.posting)))
            phase, after = (phase, next_after) if next_after is not None else (_next_phase(phase), None)
        return Page(hits, _cursor(phase, after))

    def _read(self, brand_id: str, phase: str, word: str, also: list[str],
              after: str | None) -> tuple[list[_Row], str | None]:
        if phase == "name":
            names, next_after = self.index.names(brand_id, word, also, after, READ_SIZE)
            return [_Row(p, _customer_threads(brand_id, p, self.channels), _name_hit) for p in names], next_after
        postings, next_after = self.index.words(brand_id, word, also, after, READ_SIZE)
        return [_Row(p, [p.thread_id], _text_hit(p)) for p in postings], next_after


class _Threads:
    """The threads of one index read, fetched in row order as the page fills: a page of 50 hits asks for
    about 50 threads, not for every posting read (one BatchGet when the caller sees them all)."""

    def __init__(self, index: SearchIndex, brand_id: str, thread_ids: list[str]) -> None:
        self.index, self.brand_id = index, brand_id
        self.order = list(dict.fromkeys(thread_ids))
        self.position = {thread_id: i for i, thread_id in enumerate(self.order)}
        self.asked = 0  # the first `asked` ids of `order` were fetched
        self.loaded: dict[str, Thread] = {}

    def get(self, thread_id: str, batch: int) -> Thread | None:
        at = self.position.get(thread_id)
        if at is not None and at >= self.asked:
            ids = self.order[self.asked: max(at + 1, self.asked + batch)]
            self.asked += len(ids)
            self.loaded.update(self.index.threads(self.brand_id, ids))
        return self.loaded.get(thread_id)


def _customer_threads(brand_id: str, posting: NamePosting, channels: tuple[str, ...]) -> list[str]:
    """A customer's threads follow from their number: one per channel."""
    if not posting.phone or customer_id_for(brand_id, posting.phone) != posting.customer_id:
        return []
    return [thread_id_for(brand_id, channel, posting.phone) for channel in channels]


def _name_hit(thread: Thread) -> SearchHit:
    return SearchHit(thread=thread, kind="name", at=thread.last_message_at)


def _text_hit(posting: WordPosting) -> Callable[[Thread], SearchHit]:
    def hit(thread: Thread) -> SearchHit:
        return SearchHit(thread=thread, kind="text", at=posting.created_at, message_id=posting.message_id,
                         excerpt=posting.excerpt)
    return hit


def _shows(agent: Agent, thread: Thread, store_id: str | None) -> bool:
    """Visible to the agent now, in the store asked for if any."""
    return sees_thread(agent, thread) and (store_id is None or thread.store_id == store_id)


PHASES = ("name", "text")


def _next_phase(phase: str) -> str | None:
    following = PHASES[PHASES.index(phase) + 1:]
    return following[0] if following else None


def _cursor(phase: str | None, after: str | None) -> str | None:
    if phase is None:
        return None
    state = {"p": phase, "a": after}
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _resume(cursor: str | None) -> tuple[str | None, str | None]:
    """Where a cursor continues: which kind of match, after which position. A position only moves
    within the caller's brand and query: the index's partitions follow from both, not from the cursor."""
    if not cursor:
        return PHASES[0], None
    try:
        state = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput.field("cursor", "not a cursor of this list") from None
    if not isinstance(state, dict) or state.get("p") not in PHASES or not isinstance(state.get("a"), str | None):
        raise InvalidInput.field("cursor", "not a cursor of this list")
    return state["p"], state["a"]
