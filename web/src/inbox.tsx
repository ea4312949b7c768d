import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, getOnce, markListShown, qs, ApiError, Agent, Message, Page, Store, Thread } from "./api";
import { duration, t, when } from "./i18n";
import { ErrorBox, serverNow, statusLabel, syncClock, val } from "./ui";
import { EmojiPicker } from "./emoji";
import { Actions } from "./actions";
import { CallCustomer, CallLine } from "./calls";
import { CannedPicker } from "./canned";
import { CustomerPanel } from "./customer";
import { Notes } from "./notes";
import { FileLink, FileRef } from "./files";
import { CustomerAvatar } from "./avatar";
import { Extra, SentWith, WindowRules, commentsOnly, extraBody, extraReady, limitOf, windowClosed } from "./window";
import { Answering, CommentMeta, ReplyingTo, answeringBody } from "./comments";
import { GroupFilter, ListTools, Markers, MatchLine, SectionHead, useListTools } from "./listtools";
import { ReviewAnswerMeta, ReviewComposer, ReviewHead, ReviewMarker, reviewLimit } from "./reviews";

// Live updates by polling every 2 s: the API has no change feed or WebSocket yet, the local stage is plain
// HTTP, and one list request plus the open thread's first page every 2 s is cheap and meets "within 2 s".
const POLL_MS = 2000;

const STATUSES = ["waiting", "replied", "resolved"] as const;
const PAGE = 50;

/** The list's request: main.tsx asks for the default one while the app boots. */
export function threadsPath(storeId: string, statuses: string[], sort: string,
  more: { group_id?: string; folder?: string } = {}): string {
  return `/v1/threads?${qs({ store_id: storeId, group_id: more.group_id, status: statuses.join(","),
    folder: more.folder || "inbox", sort, limit: PAGE })}`;
}
/** A search (D3): the API ignores status and folder for it. */
const searchPath = (q: string, storeId: string, groupId: string) =>
  `/v1/threads?${qs({ q, store_id: storeId, group_id: groupId, limit: PAGE })}`;
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

  const tools = useListTools();
  const query = tools.q ? searchPath(tools.q, storeId, tools.groupId)
    : threadsPath(storeId, statuses, sort, { group_id: tools.groupId, folder: tools.folder });
  useEffect(() => { setStatuses(tools.folder === "inbox" ? ["waiting", "replied"] : [...STATUSES]); }, [tools.folder]);
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
            <select value={storeId} onChange={(e) => { setStoreId(val(e)); tools.setGroupId(""); }}>
              <option value="">{t("filter.allStores")}</option>
              {stores.map((s) => <option value={s.id}>{s.name}</option>)}
            </select>
          </label>
          <GroupFilter tools={tools} onPick={() => setStoreId("")} />
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
          <ListTools tools={tools} counts={counts} />
        </div>
        <ErrorBox msg={err} />
        {tools.q && <p class="muted small search-note" data-testid="search-note">{t("search.results", { q: tools.q })}</p>}
        {loaded && threads.length === 0 && <p class="muted pad">{t(tools.q ? "search.none" : "threads.empty")}</p>}
        <ul class="threads">
          {threads.map((th, i) => {
            const st = storeOf(th.store_id);
            const unanswered = th.unanswered ?? (!th.unread && th.status === "waiting");
            return (<Fragment key={th.id}>
              {!tools.q && <SectionHead th={th} prev={threads[i - 1]} all={threads} />}
              <li key={th.id}>
                <a href={`#/inbox/${th.id}`} class={`thread ${th.unread ? "unread" : ""} ${th.id === threadId ? "active" : ""}`}
                  aria-current={th.id === threadId ? "true" : undefined} data-testid="thread">
                  <span class="who">
                    {th.unread && <span class="badge unread-dot" title={t("threads.unread")} aria-label={t("threads.unread")} />}
                    {unanswered && <span class="badge unanswered" title={t("threads.unanswered")} aria-label={t("threads.unanswered")} />}
                    <CustomerAvatar customer={th.customer} />
                    {th.customer.name || th.customer.phone || th.customer.id}
                    <Markers th={th} />
                    <ReviewMarker th={th} />
                  </span>
                  <span class="meta">
                    <span class={`status ${th.status}`}>{statusLabel(th.status)}</span>
                    {th.status === "waiting" && th.waiting_since &&
                      <span class="wait">{t("threads.waitingFor", { d: duration(serverNow() - Date.parse(th.waiting_since)) })}</span>}
                  </span>
                  <span class="meta muted">{st?.name} · {when(th.last_message_at, st?.timezone)}</span>
                  <MatchLine th={th} tz={st?.timezone} />
                </a>
              </li>
            </Fragment>);
          })}
        </ul>
        {more && <button type="button" class="link pad" onClick={() => setPages(pages + 1)}>{t("threads.more")}</button>}
      </section>
      {threadId ? <Conversation key={threadId} me={me} stores={stores} threadId={threadId} onChanged={load} />
        : <section class="col conv"><p class="muted pad">{t("conv.pick")}</p></section>}
    </div>
  );
}

// One tick when the customer's device has it, two once they read it (shown with the time, in words too).
const TICKS: Record<string, string> = { queued: "…", sending: "…", sent: "✓", delivered: "✓", read: "✓✓", failed: "⚠" };

function Conversation({ me, stores, threadId, onChanged }: { me: Agent; stores: Store[]; threadId: string; onChanged: () => void }) {
  const [thread, setThread] = useState<Thread | null>(null);
  const [msgs, setMsgs] = useState<Message[]>([]); // newest first, like the API
  const [cursor, setCursor] = useState<string | null | undefined>(undefined); // undefined: first page not loaded
  const [err, setErr] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [sendErr, setSendErr] = useState<string | null>(null);
  const [mustJoin, setMustJoin] = useState(false);
  const [sending, setSending] = useState(false);
  const [links, setLinks] = useState<string[]>([]); // attachments to send: file URLs (the API takes URLs, B10)
  const [link, setLink] = useState("");
  const [extra, setExtra] = useState<Extra>({}); // past the channel's window: the tag or template that may go
  const [replyTo, setReplyTo] = useState<Answering | null>(null); // a comment being answered
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
    if (!canSend) return;
    setSending(true); setSendErr(null);
    try {
      const m = await api<Message>("POST", `/v1/threads/${threadId}/messages`,
        { text, attachments: links.map((url) => ({ url })),
          ...(replyTo ? answeringBody(replyTo) : extraBody(thread, extra)) });
      setText(""); setLinks([]); setExtra({}); setReplyTo(null); setMsgs((cur) => [m, ...cur.filter((x) => x.id !== m.id)]); setMustJoin(false);
      refresh(); onChanged();
    } catch (x) {
      // The text stays in the box so that the agent can retry.
      // A 409 is either a thread another agent holds (join it) or a customer who opted out (the banner says so).
      if (x instanceof ApiError && x.status === 409) {
        if (String(x.problem?.type || "").endsWith("/opted-out")) refresh(); else setMustJoin(true);
      }
      if (x instanceof ApiError && String(x.problem?.type || "").endsWith("/window-closed")) refresh(); // shows why
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
  const optedOut = !!thread?.customer.opted_out;
  const LIMIT = reviewLimit(thread) ?? limitOf(thread?.channel);
  const over = text.length - LIMIT;
  const templated = !replyTo && windowClosed(thread) && !!extraBody(thread, extra).template;
  const canSend = !optedOut && !sending && (!!text.trim() || links.length > 0 || templated) && over <= 0
    && (!!replyTo || extraReady(thread, extra)); // a public reply has no window
  const shown = [...msgs].reverse();
  function attach() {
    const url = link.trim();
    if (!url.startsWith("https://")) { setSendErr(t("conv.attachUrl")); return; }
    setLinks((cur) => cur.includes(url) ? cur : [...cur, url]); setLink(""); setSendErr(null);
  }

  return (
    <>
      <section class="col conv" aria-label={t("conv.title")}>
        <ErrorBox msg={err} />
        {thread && <Actions thread={thread} stores={stores} meId={me.id} onDone={() => { refresh(); onChanged(); }} />}
        {thread && <CallCustomer thread={thread} onLogged={(m) => { setMsgs((cur) => [m, ...cur]); refresh(); onChanged(); }} />}
        <div class="messages" aria-live="polite" tabIndex={0} aria-label={t("conv.title")}>
          {cursor && <button type="button" class="link older" onClick={older}>{t("conv.older")}</button>}
          {shown.map((m) => (
            <div key={m.id} class={`msg ${m.direction} ${m.author}`} data-testid="message">
              <ReviewHead m={m} when={(iso) => when(iso, tz)} />
              <div class="bubble">{m.text}
                {m.attachments?.length > 0 && (
                  <ul class="attachments" aria-label={t("conv.attachments")}>
                    {m.attachments.map((a: FileRef) => <li><FileLink a={a} /></li>)}
                  </ul>)}
              </div>
              <div class="msg-meta">
                <CallLine m={m} />
                {m.author === "auto" && <span class="auto">{t("conv.auto")}</span>}
                <time dateTime={m.created_at}>{when(m.created_at, tz)}</time>
                {m.direction === "out" && m.read_at && (
                  <span class="tick read" title={when(m.read_at, tz)}>
                    <span aria-hidden="true">{TICKS.read}</span> <time dateTime={m.read_at}>{t("msg.read_at", { time: when(m.read_at, tz, false) })}</time></span>)}
                {m.direction === "out" && m.status && !m.read_at && (
                  <span class={`tick ${m.status}`} title={t(`msg.${m.status}`)}>
                    <span aria-hidden="true">{TICKS[m.status] ?? ""}</span> {t(`msg.${m.status}`)}</span>)}
                {m.error && <span class="error-inline">{m.error}</span>}
                <SentWith tag={m.tag} template={m.template} />
                <ReviewAnswerMeta m={m} />
                <CommentMeta m={m} all={msgs} onReply={(a) => { setReplyTo(a); box.current?.focus(); }} />
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
            {optedOut && <p class="opted-out" role="status" data-testid="opted-out">{t("conv.optedOut")}</p>}
            {replyTo ? <ReplyingTo answering={replyTo} onCancel={() => setReplyTo(null)} />
              : thread && <WindowRules thread={thread} tz={tz} extra={extra} onExtra={setExtra} />}
            <ReviewComposer thread={thread} />
            <label for="reply-text" class="sr-only">{t("conv.reply")}</label>
            <textarea id="reply-text" ref={box} rows={3} value={text} placeholder={t("conv.hint")}
              disabled={optedOut || (!replyTo && commentsOnly(thread))} // only a reply to a comment may go
              onInput={(e) => setText(val(e))}
              onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); } }} />
            <div class="reply-bar">
              <EmojiPicker onPick={insert} />
              <CannedPicker threadId={threadId} onPick={insert} />
              <span class={`count ${over > 0 ? "over" : ""}`} aria-live="polite">{text.length} / {LIMIT}</span>
              {over > 0 && <span class="error-inline">{t("conv.tooLong", { n: String(over) })}</span>}
              <span class="muted small">{t("conv.hint")}</span>
              <span class="grow" />
              <button type="submit" class="primary" disabled={!canSend}>{t("conv.send")}</button>
            </div>
            <details class="attach">
              <summary>{t("conv.attach")}</summary>
              <div class="row">
                <label>{t("conv.attachUrl")}
                  <input type="url" value={link} onInput={(e) => setLink(val(e))}
                    onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); attach(); } }} /></label>
                <button type="button" onClick={attach} disabled={!link.trim()}>{t("conv.attachAdd")}</button>
              </div>
            </details>
            {links.length > 0 && (
              <ul class="attachments pending" aria-label={t("conv.attachments")}>
                {links.map((url) => (
                  <li>{fileName(url)} <button type="button" class="link" aria-label={t("conv.attachRemove", { name: fileName(url) })}
                    onClick={() => setLinks((cur) => cur.filter((u) => u !== url))}>✕</button></li>))}
              </ul>)}
            <ErrorBox msg={sendErr} />
          </form>
        )}
      </section>
      <aside class="col customer" aria-label={t("cust.title")}>
        {thread && <CustomerPanel thread={thread} stores={stores} />}
        <Notes threadId={threadId} storeId={thread?.store_id} tz={tz} />
      </aside>
    </>
  );
}

/** The last part of a file's address, as people name files. */
function fileName(url: string): string {
  try { return decodeURIComponent(new URL(url).pathname.split("/").pop() || url); } catch { return url; }
}
