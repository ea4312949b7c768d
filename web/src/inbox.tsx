import { useEffect, useRef, useState } from "preact/hooks";
import { api, getOnce, markListShown, qs, ApiError, Agent, Message, Page, Store, Thread } from "./api";
import { duration, t, when } from "./i18n";
import { ErrorBox, serverNow, statusLabel, syncClock, val } from "./ui";
import { EmojiPicker } from "./emoji";

const LIMIT = 1000; // SMS channel limit for the reply box
// Live updates by polling every 2 s: the API has no change feed or WebSocket yet, the local stage is plain
// HTTP, and one list request plus the open thread's first page every 2 s is cheap and meets "within 2 s".
const POLL_MS = 2000;

const STATUSES = ["waiting", "replied", "resolved"] as const;
const PAGE = 50;

/** The list's request: main.tsx asks for the default one while the app boots. */
export function threadsPath(storeId: string, statuses: string[], sort: string): string {
  return `/v1/threads?${qs({ store_id: storeId, status: statuses.join(","), folder: "inbox", sort, limit: PAGE })}`;
}
export const DEFAULT_THREADS = threadsPath("", ["waiting", "replied"], "recent");

export function Inbox({ me, stores, threadId }: { me: Agent; stores: Store[]; threadId: string | null }) {
  const [storeId, setStoreId] = useState("");
  const [statuses, setStatuses] = useState<string[]>(["waiting", "replied"]);
  const [sort, setSort] = useState<"recent" | "waiting">("recent");
  const [threads, setThreads] = useState<Thread[]>([]);
  const [pages, setPages] = useState(1); // how many pages of 100 the agent asked for
  const [more, setMore] = useState<string | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [err, setErr] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [, tick] = useState(0);

  const query = threadsPath(storeId, statuses, sort);
  async function load() {
    try {
      let r = await getOnce<Page<Thread> & { counts: Record<string, number> }>(query);
      const items = [...r.items];
      for (let i = 1; i < pages && r.next_cursor; i++) {
        r = await api("GET", `${query}&${qs({ cursor: r.next_cursor })}`);
        items.push(...r.items);
      }
      setThreads(items); setMore(r.next_cursor); setCounts((r.counts || counts)); setErr(null); setLoaded(true);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { if (loaded) markListShown(); }, [loaded]);
  useEffect(() => { setPages(1); }, [query]);
  useEffect(() => {
    load(); syncClock();
    const id = setInterval(() => { load(); syncClock(); tick((n) => n + 1); }, POLL_MS);
    return () => clearInterval(id);
  }, [query, pages]);

  const storeOf = (id: string) => stores.find((s) => s.id === id);
  const toggle = (s: string) => setStatuses((cur) => cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]);

  return (
    <div class="inbox">
      <section class="col list" aria-label={t("nav.inbox")}>
        <div class="filters">
          <label>{t("filter.store")}
            <select value={storeId} onChange={(e) => setStoreId(val(e))}>
              <option value="">{t("filter.allStores")}</option>
              {stores.map((s) => <option value={s.id}>{s.name}</option>)}
            </select>
          </label>
          <fieldset class="statuses"><legend>{t("filter.status")}</legend>
            {STATUSES.map((s) => (
              <label class="check"><input type="checkbox" checked={statuses.includes(s)} onChange={() => toggle(s)} />
                {statusLabel(s)} <span class="count" data-testid={`count-${s}`}>{counts[s] ?? 0}</span></label>
            ))}
          </fieldset>
          <label>{t("filter.sort")}
            <select value={sort} onChange={(e) => setSort(val(e) as any)}>
              <option value="recent">{t("sort.recent")}</option>
              <option value="waiting">{t("sort.waiting")}</option>
            </select>
          </label>
          {/* Search across conversations (D3) comes with its index (issue 6): no box until it works. */}
        </div>
        <ErrorBox msg={err} />
        {loaded && threads.length === 0 && <p class="muted pad">{t("threads.empty")}</p>}
        <ul class="threads">
          {threads.map((th) => {
            const st = storeOf(th.store_id);
            const unanswered = !th.unread && th.status === "waiting";
            return (
              <li key={th.id}>
                <a href={`#/inbox/${th.id}`} class={`thread ${th.unread ? "unread" : ""} ${th.id === threadId ? "active" : ""}`}
                  aria-current={th.id === threadId ? "true" : undefined} data-testid="thread">
                  <span class="who">
                    {th.unread && <span class="badge unread-dot" title={t("threads.unread")} aria-label={t("threads.unread")} />}
                    {unanswered && <span class="badge unanswered" title={t("threads.unanswered")} aria-label={t("threads.unanswered")} />}
                    {th.customer.name || th.customer.phone || th.customer.id}
                  </span>
                  <span class="meta">
                    <span class={`status ${th.status}`}>{statusLabel(th.status)}</span>
                    {th.status === "waiting" && th.waiting_since &&
                      <span class="wait">{t("threads.waitingFor", { d: duration(serverNow() - Date.parse(th.waiting_since)) })}</span>}
                  </span>
                  <span class="meta muted">{st?.name} · {when(th.last_message_at, st?.timezone)}</span>
                </a>
              </li>
            );
          })}
        </ul>
        {more && <button type="button" class="link pad" onClick={() => setPages(pages + 1)}>{t("threads.more")}</button>}
      </section>
      {threadId ? <Conversation key={threadId} me={me} stores={stores} threadId={threadId} onChanged={load} />
        : <section class="col conv"><p class="muted pad">{t("conv.pick")}</p></section>}
    </div>
  );
}

const TICKS: Record<string, string> = { queued: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "⚠" };

function Conversation({ me, stores, threadId, onChanged }: { me: Agent; stores: Store[]; threadId: string; onChanged: () => void }) {
  const [thread, setThread] = useState<Thread | null>(null);
  const [msgs, setMsgs] = useState<Message[]>([]); // newest first, like the API
  const [cursor, setCursor] = useState<string | null | undefined>(undefined); // undefined: first page not loaded
  const [err, setErr] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [sendErr, setSendErr] = useState<string | null>(null);
  const [mustJoin, setMustJoin] = useState(false);
  const [sending, setSending] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null); // where to put the cursor after an emoji goes in
  const lastNewest = useRef<string | null>(null);

  const store = stores.find((s) => s.id === thread?.store_id);
  const tz = store?.timezone;

  async function refresh(first = false) {
    try {
      const [th, page] = await Promise.all([
        api<Thread>("GET", `/v1/threads/${threadId}`),
        api<Page<Message>>("GET", `/v1/threads/${threadId}/messages?limit=30`),
      ]);
      setThread(th); setErr(null);
      setMsgs((cur) => {
        const ids = new Set(page.items.map((m) => m.id));
        return [...page.items, ...cur.filter((m) => !ids.has(m.id))]
          .sort((a, b) => b.created_at.localeCompare(a.created_at));
      });
      if (first) setCursor(page.next_cursor);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => {
    refresh(true);
    const id = setInterval(() => refresh(), POLL_MS);
    return () => clearInterval(id);
  }, [threadId]);
  useEffect(() => {
    const newest = msgs[0]?.id ?? null;
    if (newest !== lastNewest.current) { lastNewest.current = newest; bottom.current?.scrollIntoView({ block: "end" }); }
  }, [msgs]);

  useEffect(() => {
    if (caret.current === null || !box.current) return;
    box.current.focus(); box.current.setSelectionRange(caret.current, caret.current); caret.current = null;
  }, [text]);
  /** The emoji at the cursor (replacing any selection), then the cursor right after it. */
  function insert(emoji: string) {
    const el = box.current;
    const start = el ? el.selectionStart : text.length, end = el ? el.selectionEnd : text.length;
    caret.current = start + emoji.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
  }

  async function older() {
    if (!cursor) return;
    try {
      const page = await api<Page<Message>>("GET", `/v1/threads/${threadId}/messages?${qs({ limit: 30, cursor })}`);
      setMsgs((cur) => { const ids = new Set(cur.map((m) => m.id)); return [...cur, ...page.items.filter((m) => !ids.has(m.id))]; });
      setCursor(page.next_cursor);
    } catch (x) { setErr((x as Error).message); }
  }

  async function send() {
    if (!text.trim() || text.length > LIMIT || sending) return;
    setSending(true); setSendErr(null);
    try {
      const m = await api<Message>("POST", `/v1/threads/${threadId}/messages`, { text });
      setText(""); setMsgs((cur) => [m, ...cur.filter((x) => x.id !== m.id)]); setMustJoin(false);
      refresh(); onChanged();
    } catch (x) {
      // The text stays in the box so that the agent can retry.
      if (x instanceof ApiError && x.status === 409) setMustJoin(true);
      setSendErr((x as Error).message);
    } finally { setSending(false); }
  }
  async function join() {
    try { await api("POST", `/v1/threads/${threadId}/join`); setMustJoin(false); setSendErr(null); refresh(); }
    catch (x) { setSendErr((x as Error).message); }
  }

  const heldByOther = !!thread?.assigned_agent_id && thread.assigned_agent_id !== me.id
    && !(thread.participants || []).includes(me.id);
  const showJoin = mustJoin || heldByOther;
  const over = text.length - LIMIT;
  const shown = [...msgs].reverse();

  return (
    <>
      <section class="col conv" aria-label={t("conv.title")}>
        <ErrorBox msg={err} />
        {thread && <Actions thread={thread} stores={stores} onDone={() => { refresh(); onChanged(); }} />}
        <div class="messages" aria-live="polite">
          {cursor && <button type="button" class="link older" onClick={older}>{t("conv.older")}</button>}
          {shown.map((m) => (
            <div key={m.id} class={`msg ${m.direction} ${m.author}`} data-testid="message">
              <div class="bubble">{m.text}</div>
              <div class="msg-meta">
                {m.author === "auto" && <span class="auto">{t("conv.auto")}</span>}
                <time dateTime={m.created_at}>{when(m.created_at, tz)}</time>
                {m.direction === "out" && m.status && (
                  <span class={`tick ${m.status}`} title={t(`msg.${m.status}`)}>
                    <span aria-hidden="true">{TICKS[m.status] ?? ""}</span> {t(`msg.${m.status}`)}</span>)}
                {m.error && <span class="error-inline">{m.error}</span>}
              </div>
            </div>
          ))}
          <div ref={bottom} />
        </div>
        {showJoin ? (
          <div class="join">
            <p>{t("conv.heldBy")}</p>
            <button type="button" class="primary" onClick={join}>{t("conv.join")}</button>
            {text && <p class="muted">{text}</p>}
            <ErrorBox msg={sendErr} />
          </div>
        ) : (
          <form class="reply" onSubmit={(e) => { e.preventDefault(); send(); }}>
            <label for="reply-text" class="sr-only">{t("conv.reply")}</label>
            <textarea id="reply-text" ref={box} rows={3} value={text} placeholder={t("conv.hint")}
              onInput={(e) => setText(val(e))}
              onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); } }} />
            <div class="reply-bar">
              <EmojiPicker onPick={insert} />
              <span class={`count ${over > 0 ? "over" : ""}`} aria-live="polite">{text.length} / {LIMIT}</span>
              {over > 0 && <span class="error-inline">{t("conv.tooLong", { n: String(over) })}</span>}
              <span class="muted small">{t("conv.hint")}</span>
              <span class="grow" />
              <button type="submit" class="primary" disabled={sending || !text.trim() || over > 0}>{t("conv.send")}</button>
            </div>
            <ErrorBox msg={sendErr} />
          </form>
        )}
      </section>
      <aside class="col customer" aria-label={t("cust.title")}>
        <h2>{t("cust.title")}</h2>
        {thread && (
          <dl>
            <dt>{t("cust.phone")}</dt><dd>{thread.customer.phone || "—"}</dd>
            {thread.customer.name && <><dt>{t("cust.name")}</dt><dd>{thread.customer.name}</dd></>}
            <dt>{t("cust.store")}</dt><dd>{store?.name ?? thread.store_id}{store?.phone_number ? ` (${store.phone_number})` : ""}</dd>
            <dt>{t("cust.channel")}</dt><dd>{thread.channel.toUpperCase()}</dd>
            <dt>{t("filter.status")}</dt><dd>{statusLabel(thread.status)}</dd>
            {thread.created_at && <><dt>{t("cust.since")}</dt><dd>{when(thread.created_at, tz)}</dd></>}
            {thread.snoozed_until && <><dt>{t("cust.snoozed")}</dt><dd>{when(thread.snoozed_until, tz)}</dd></>}
            {thread.closed_reason && <><dt>{t("cust.closed")}</dt><dd>{thread.closed_reason} · {when(thread.closed_at, tz)}</dd></>}
          </dl>
        )}
      </aside>
    </>
  );
}

/** "2026-11-24T09:00" read as a wall time in the time zone tz (the store's), as an ISO instant. */
export function zonedToIso(local: string, tz?: string): string {
  const guess = new Date(local + ":00Z").getTime();
  if (!tz) return new Date(local).toISOString();
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(guess)).map((p) => [p.type, p.value]));
  const seen = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return new Date(guess - (seen - guess)).toISOString();
}

function Actions({ thread, stores, onDone }: { thread: Thread; stores: Store[]; onDone: () => void }) {
  const tz = stores.find((s) => s.id === thread.store_id)?.timezone;
  const [err, setErr] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [target, setTarget] = useState("");
  const [until, setUntil] = useState("");
  const [reasons, setReasons] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  useEffect(() => { api<{ reasons: string[] }>("GET", "/v1/closing-reasons").then((r) => setReasons(r.reasons || [])).catch(() => {}); }, []);

  async function act(path: string, body: unknown) {
    setErr(null); setOk(null);
    try { await api("POST", `/v1/threads/${thread.id}/${path}`, body); setOk(t("act.done")); onDone(); }
    catch (x) { setErr((x as Error).message); }
  }
  const others = stores.filter((s) => s.id !== thread.store_id);
  return (
    <div class="actions">
      <div class="row">
        <strong class="title">{thread.customer.name || thread.customer.phone}</strong>
        <span class={`status ${thread.status}`}>{statusLabel(thread.status)}</span>
        <span class="grow" />
        {thread.status === "resolved"
          ? <button type="button" onClick={() => act("status", { status: "waiting" })}>{t("act.reopen")}</button>
          : <button type="button" onClick={() => act("status", { status: "resolved" })}>{t("act.resolve")}</button>}
      </div>
      <details>
        <summary>{t("act.transfer")} · {t("act.snooze")} · {t("act.close")}</summary>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (target) act("transfer", { store_id: target }); }}>
          <label>{t("act.transferTo")}
            <select value={target} onChange={(e) => setTarget(val(e))}>
              <option value="">—</option>
              {others.map((s) => <option value={s.id}>{s.name}</option>)}
            </select></label>
          <button type="submit" disabled={!target}>{t("act.transfer")}</button>
        </form>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (until) act("snooze", { until: zonedToIso(until, tz) }); }}>
          <label>{t("act.snoozeUntil")}{tz ? ` (${tz})` : ""}<input type="datetime-local" value={until} onInput={(e) => setUntil(val(e))} /></label>
          <button type="submit" disabled={!until}>{t("act.snooze")}</button>
        </form>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) act("close", { reason: reason.trim() }); }}>
          {reasons.length ? <>
            <label>{t("act.closeReason")}
              <select value={reason} onChange={(e) => setReason(val(e))}>
                <option value="">—</option>{reasons.map((r) => <option value={r}>{r}</option>)}</select>
            </label>
            <button type="submit" disabled={!reason.trim()}>{t("act.close")}</button>
          </> : <p class="muted small">{t("act.noReasons")}</p>}
        </form>
      </details>
      <ErrorBox msg={err} />
      {ok && <p class="ok" role="status">{ok}</p>}
    </div>
  );
}
