// Canned responses (D6): the brand's library (admins) and each agent's personal ones, sorted by title, searchable.
// Picking one fills the reply box for editing (with the customer's details filled in by the API); it never sends.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, qs, Canned, Page } from "./api";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";

const byTitle = (a: Canned, b: Canned) => a.title.localeCompare(b.title);

export function CannedPicker({ threadId, onPick }: { threadId: string; onPick: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [items, setItems] = useState<Canned[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const id = setTimeout(() => {
      api<Page<Canned>>("GET", `/v1/canned-responses?${qs({ q: q.trim(), thread_id: threadId })}`)
        .then((r) => { setItems([...r.items].sort(byTitle)); setErr(null); setLoaded(true); })
        .catch((x) => setErr((x as Error).message));
    }, q ? 200 : 0);
    return () => clearTimeout(id);
  }, [open, q, threadId]);
  useEffect(() => {
    if (!open) return;
    search.current?.focus();
    const outside = (e: MouseEvent) => { if (!wrap.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  function close() { setOpen(false); toggle.current?.focus(); }
  function pick(c: Canned) { setOpen(false); onPick(c.filled_text ?? c.text); }

  return (
    <div class="canned" ref={wrap} onKeyDown={(e) => { if (open && e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(); } }}>
      <button type="button" ref={toggle} aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}
        data-testid="canned-open">{t("canned.open")}</button>
      {open && (
        <div class="canned-pop" role="group" aria-label={t("canned.title")} data-testid="canned-pop">
          <label>{t("canned.search")}
            <input type="search" ref={search} value={q} onInput={(e) => setQ(val(e))} /></label>
          <ErrorBox msg={err} />
          {loaded && items.length === 0 && <p class="muted small">{t("canned.none")}</p>}
          <ul class="canned-list">
            {items.map((c) => (
              <li><button type="button" class="canned-item" onClick={() => pick(c)} data-testid="canned-item">
                <strong>{c.title}</strong>
                {c.scope === "personal" && <span class="tag">{t("canned.personal")}</span>}
                <span class="muted small canned-preview">{c.filled_text ?? c.text}</span>
              </button></li>
            ))}
          </ul>
          <a href="#/account" class="small">{t("canned.manage")}</a>
        </div>
      )}
    </div>
  );
}

/** Create, edit and delete canned responses of one scope (the brand's on the admin page, one's own on the account page). */
export function CannedManager({ scope }: { scope: "brand" | "personal" }) {
  const [items, setItems] = useState<Canned[]>([]);
  const [title, setTitle] = useState(""); const [text, setText] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState<string | null>(null);
  async function load() {
    try {
      const r = await api<Page<Canned>>("GET", "/v1/canned-responses");
      setItems(r.items.filter((c) => c.scope === scope).sort(byTitle));
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { load(); }, []);
  function reset() { setTitle(""); setText(""); setEditing(null); }
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(null);
    try {
      if (editing) await api("PATCH", `/v1/canned-responses/${editing}`, { title, text });
      else await api("POST", "/v1/canned-responses", { title, text, scope });
      reset(); setOk(t("admin.saved")); load();
    } catch (x) { setErr((x as Error).message); }
  }
  async function remove(c: Canned) {
    if (!confirm(t("canned.confirmDelete", { title: c.title }))) return;
    setErr(null); setOk(null);
    try { await api("DELETE", `/v1/canned-responses/${c.id}`); if (editing === c.id) reset(); load(); }
    catch (x) { setErr((x as Error).message); }
  }
  const heading = scope === "brand" ? t("canned.brandTitle") : t("canned.personalTitle");
  return (
    <section class="card" aria-label={heading}>
      <h2>{heading}</h2>
      <p class="muted small">{t("canned.help")}</p>
      {items.length === 0 ? <p class="muted small">{t("canned.none")}</p> : (
        <table><thead><tr><th>{t("canned.titleField")}</th><th>{t("canned.text")}</th><th><span class="sr-only">{t("canned.actions")}</span></th></tr></thead>
          <tbody>{items.map((c) => (
            <tr><td>{c.title}</td><td class="pre">{c.text}</td>
              <td class="nowrap">
                <button type="button" onClick={() => { setEditing(c.id); setTitle(c.title); setText(c.text); }}
                  aria-label={`${t("canned.edit")} ${c.title}`}>{t("canned.edit")}</button>{" "}
                <button type="button" onClick={() => remove(c)} aria-label={`${t("admin.remove")} ${c.title}`}>{t("admin.remove")}</button>
              </td></tr>))}</tbody></table>
      )}
      <form onSubmit={save} class="plain-form">
        <label>{t("canned.titleField")}<input value={title} required maxLength={120} onInput={(e) => setTitle(val(e))} /></label>
        <label>{t("canned.text")}<textarea rows={3} value={text} required onInput={(e) => setText(val(e))} /></label>
        <p class="muted small">{t("canned.placeholders")}</p>
        <div class="row">
          <button type="submit" class="primary">{editing ? t("admin.save") : t("canned.add")}</button>
          {editing && <button type="button" onClick={reset}>{t("canned.cancel")}</button>}
        </div>
      </form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{ok}</p>}
    </section>
  );
}
