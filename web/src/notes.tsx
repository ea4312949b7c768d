// The invisible thread (E1): notes on a thread that every agent of the brand sees and the customer never does,
// with @mentions of colleagues (E2). The API stores a mention as `@[agent_id]`; the box shows names and turns each
// picked name back into its id when the note is sent.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, agentName, brandAgents, Agent, Note, Page } from "./api";
import { t, when } from "./i18n";
import { ErrorBox, val } from "./ui";

const POLL_MS = 3000;
const MENTION = /@\[([^\]\s]+)\]/g;

/** A note's text with each `@[agent_id]` shown as the colleague's name. */
export function NoteText({ text, agents }: { text: string; agents: Agent[] }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    parts.push(text.slice(last, m.index));
    const who = agents.find((a) => a.id === m[1]);
    parts.push(<span class="mention">@{who ? agentName(who) : t("notes.someone")}</span>);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

export function useAgents(): Agent[] {
  const [agents, setAgents] = useState<Agent[]>([]);
  useEffect(() => { brandAgents().then(setAgents).catch(() => {}); }, []);
  return agents;
}

export function Notes({ threadId, storeId, tz }: { threadId: string; storeId?: string; tz?: string }) {
  const agents = useAgents();
  const [notes, setNotes] = useState<Note[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const end = useRef<HTMLDivElement>(null);
  const count = useRef(0);

  async function load() {
    try {
      const r = await api<Page<Note>>("GET", `/v1/threads/${threadId}/notes?limit=100`);
      setNotes([...r.items].sort((a, b) => a.created_at.localeCompare(b.created_at))); setErr(null); setLoaded(true);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => {
    load();
    const id = setInterval(load, POLL_MS);
    return () => clearInterval(id);
  }, [threadId]);
  useEffect(() => {
    if (notes.length !== count.current) { count.current = notes.length; end.current?.scrollIntoView({ block: "nearest" }); }
  }, [notes]);

  return (
    <section class="notes" aria-labelledby="notes-title" data-testid="notes">
      <h2 id="notes-title">{t("notes.title")}</h2>
      <p class="muted small">{t("notes.hint")}</p>
      <ErrorBox msg={err} />
      {loaded && notes.length === 0 && <p class="muted small">{t("notes.empty")}</p>}
      <ol class="note-list">
        {notes.map((n) => (
          <li key={n.id} class={`note ${n.kind}`} data-testid={n.kind === "system" ? "system-note" : "note"}>
            <div class="note-meta">
              {n.kind === "system" ? <span class="sys">{t("notes.system")}</span>
                : <strong>{agentName(agents.find((a) => a.id === n.author_agent_id))}</strong>}
              {" "}<time dateTime={n.created_at}>{when(n.created_at, tz)}</time>
            </div>
            <div class="note-text"><NoteText text={n.text} agents={agents} /></div>
          </li>
        ))}
      </ol>
      <div ref={end} />
      <NoteBox threadId={threadId} agents={agents.filter((a) => !storeId || a.brand_admin || (a.rights && storeId in a.rights))} onSent={(n) => { setNotes((cur) => [...cur.filter((x) => x.id !== n.id), n]); load(); }} />
    </section>
  );
}

/** The word being typed after an "@" right before the cursor, if any. */
function atQuery(text: string, caret: number): { start: number; q: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@]{0,30})$/.exec(before);
  return m ? { start: caret - m[2].length - 1, q: m[2] } : null;
}

function NoteBox({ threadId, agents, onSent }: { threadId: string; agents: Agent[]; onSent: (n: Note) => void }) {
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<Record<string, string>>({}); // shown name -> agent id
  const [at, setAt] = useState<{ start: number; q: string } | null>(null);
  const [active, setActive] = useState(0);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);

  const matches = at ? agents.filter((a) => {
    const q = at.q.toLowerCase();
    return !q || agentName(a).toLowerCase().includes(q) || a.email.toLowerCase().startsWith(q);
  }).slice(0, 8) : [];
  useEffect(() => {
    if (caret.current === null || !box.current) return;
    box.current.focus(); box.current.setSelectionRange(caret.current, caret.current); caret.current = null;
  }, [text]);

  function typed(e: Event) {
    const el = e.target as HTMLTextAreaElement;
    setText(el.value); setAt(atQuery(el.value, el.selectionStart)); setActive(0);
  }
  /** Opens the colleague list as if "@" had been typed at the cursor (for the button, and for keyboards). */
  function openPicker() {
    const el = box.current; const pos = el ? el.selectionStart : text.length;
    const pad = pos > 0 && !/\s/.test(text[pos - 1]) ? " @" : "@";
    const next = text.slice(0, pos) + pad + text.slice(pos);
    caret.current = pos + pad.length; setText(next); setAt({ start: pos + pad.length - 1, q: "" }); setActive(0);
  }
  function pick(a: Agent) {
    if (!at) return;
    const name = agentName(a);
    const end = at.start + 1 + at.q.length;
    const next = `${text.slice(0, at.start)}@${name} ${text.slice(end)}`;
    caret.current = at.start + name.length + 2;
    setPicked({ ...picked, [name]: a.id }); setText(next); setAt(null);
  }
  function keys(e: KeyboardEvent) {
    if (at && matches.length) {
      if (e.key === "ArrowDown") { e.preventDefault(); setActive((active + 1) % matches.length); return; }
      if (e.key === "ArrowUp") { e.preventDefault(); setActive((active - 1 + matches.length) % matches.length); return; }
      if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); pick(matches[active]); return; }
      if (e.key === "Escape") { e.preventDefault(); setAt(null); return; }
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
  }
  /** The text as the API wants it: each picked "@Name" becomes "@[agent_id]" (longest names first). */
  function wire(): string {
    let out = text;
    for (const name of Object.keys(picked).sort((a, b) => b.length - a.length)) out = out.split(`@${name}`).join(`@[${picked[name]}]`);
    return out;
  }
  async function send() {
    if (!text.trim() || busy) return;
    setBusy(true); setErr(null);
    try {
      const n = await api<Note>("POST", `/v1/threads/${threadId}/notes`, { text: wire() });
      setText(""); setPicked({}); setAt(null); onSent(n);
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  const listId = `mention-list-${threadId}`;
  return (
    <form class="note-box" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <label for="note-text">{t("notes.add")}</label>
      <div class="mention-wrap">
        <textarea id="note-text" ref={box} rows={2} value={text} placeholder={t("notes.placeholder")}
          aria-autocomplete="list" aria-controls={at && matches.length > 0 ? listId : undefined}
          aria-activedescendant={at && matches[active] ? `${listId}-${matches[active].id}` : undefined}
          onInput={typed} onKeyDown={keys} onBlur={() => setTimeout(() => setAt(null), 200)} />
        {at && matches.length > 0 && (
          <ul class="mention-list" role="listbox" id={listId} aria-label={t("notes.colleagues")} data-testid="mention-list">
            {matches.map((a, i) => (
              <li role="option" id={`${listId}-${a.id}`} aria-selected={i === active} class={i === active ? "active" : ""}
                onMouseDown={(e) => { e.preventDefault(); pick(a); }}>{agentName(a)} <span class="muted small">{a.email}</span></li>
            ))}
          </ul>
        )}
      </div>
      <div class="row">
        <button type="button" onClick={openPicker} title={t("notes.mention")} aria-label={t("notes.mention")}>@</button>
        <span class="grow" />
        <button type="submit" class="primary" disabled={busy || !text.trim()}>{t("notes.send")}</button>
      </div>
      <ErrorBox msg={err} />
    </form>
  );
}

/** Agents of the brand from a cached list, by id (for labels elsewhere). */
export function useAgentName(): (id?: string | null) => string {
  const agents = useAgents();
  return (id) => agentName(agents.find((a) => a.id === id));
}
