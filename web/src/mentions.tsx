// The mentions inbox (E2): notes where a colleague wrote @me, newest first, unread ones marked. Opening one marks it
// read and opens its thread. The nav link carries a red dot while unread mentions remain (polled like the inbox).
import { useEffect, useRef, useState } from "preact/hooks";
import { afterList, api, agentName, qs, Mention } from "./api";
import { t, when } from "./i18n";
import { ErrorBox } from "./ui";
import { NoteText, useAgents } from "./notes";

const POLL_MS = 3000;
type MentionPage = { items: Mention[]; next_cursor: string | null; unread_count?: number };

let listeners: (() => void)[] = [];
/** Tells the nav link to look again now (after a mention was read). */
const poke = () => listeners.forEach((f) => f());

export function MentionsLink({ current }: { current: boolean }) {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    const load = () => api<MentionPage>("GET", "/v1/mentions?limit=1")
      .then((r) => setUnread(r.unread_count ?? r.items.filter((m) => !m.read).length)).catch(() => {});
    // After the thread list is on screen, like the other polls: the first paint comes first.
    let gone = false; let id: ReturnType<typeof setInterval> | undefined;
    afterList().then(() => { if (!gone) { load(); id = setInterval(load, POLL_MS); } });
    listeners.push(load);
    return () => { gone = true; clearInterval(id); listeners = listeners.filter((f) => f !== load); };
  }, []);
  return (
    <a href="#/mentions" aria-current={current ? "page" : undefined} data-testid="nav-mentions">
      {t("nav.mentions")}
      {unread > 0 && <><span class="red-dot" data-testid="mentions-dot" aria-hidden="true" />
        <span class="sr-only"> ({t("mentions.unread", { n: String(unread) })})</span></>}
    </a>
  );
}

export function Mentions() {
  const agents = useAgents();
  const [items, setItems] = useState<Mention[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const first = useRef(true);
  async function load() {
    try {
      const r = await api<MentionPage>("GET", "/v1/mentions?limit=50");
      // The first page again, plus any older pages the agent loaded.
      const oldest = r.items[r.items.length - 1]?.created_at ?? "";
      setItems((cur) => [...r.items, ...cur.filter((m) => !r.items.some((x) => x.id === m.id) && m.created_at < oldest)]);
      if (first.current) { first.current = false; setCursor(r.next_cursor); }
      setErr(null); setLoaded(true);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { load(); const id = setInterval(load, POLL_MS); return () => clearInterval(id); }, []);
  async function more() {
    if (!cursor) return;
    try {
      const r = await api<MentionPage>("GET", `/v1/mentions?${qs({ limit: 50, cursor })}`);
      setItems((cur) => [...cur, ...r.items.filter((m) => !cur.some((c) => c.id === m.id))]); setCursor(r.next_cursor);
    } catch (x) { setErr((x as Error).message); }
  }
  async function open(m: Mention) {
    if (!m.read) {
      setItems((cur) => cur.map((x) => x.id === m.id ? { ...x, read: true } : x));
      try { await api("POST", `/v1/mentions/${m.id}/read`); } catch { /* the thread opens all the same */ }
      poke();
    }
    location.hash = `#/inbox/${m.thread_id}`;
  }
  return (
    <main class="page">
      <h1>{t("mentions.title")}</h1>
      <ErrorBox msg={err} />
      {loaded && items.length === 0 && <p class="muted">{t("mentions.empty")}</p>}
      <ul class="mention-items">
        {items.map((m) => (
          <li class={m.read ? "" : "unread"} data-testid="mention">
            <a href={`#/inbox/${m.thread_id}`} onClick={(e) => { e.preventDefault(); open(m); }}>
              {!m.read && <span class="tag new">{t("mentions.new")}</span>}
              <strong>{agentName(agents.find((a) => a.id === m.by_agent_id))}</strong>
              <span class="mention-text"><NoteText text={m.text} agents={agents} /></span>
            </a>
            <time class="muted small" dateTime={m.created_at}>{when(m.created_at)}</time>
          </li>
        ))}
      </ul>
      {cursor && <button type="button" class="link" onClick={more}>{t("mentions.more")}</button>}
    </main>
  );
}
