// The audit trail (issue 13): every administrative change, newest first, with who made it and what changed.
// Brand admins only (the API answers 403 to anyone else); "More" follows the list's cursor.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api";
import { addStrings, t, when } from "./i18n";
import { ErrorBox, val } from "./ui";

addStrings({
  en: {
    "audit.title": "Audit trail", "audit.help": "Every change made by an administrator, newest first.",
    "audit.at": "When", "audit.actor": "Who", "audit.action": "Action", "audit.target": "Target", "audit.details": "What changed",
    "audit.from": "From", "audit.to": "To", "audit.show": "Show", "audit.more": "More entries", "audit.none": "No entry.",
    "audit.system": "(automatic)",
  },
  fr: {
    "audit.title": "Journal d'audit", "audit.help": "Chaque modification faite par un administrateur, la plus récente d'abord.",
    "audit.at": "Quand", "audit.actor": "Qui", "audit.action": "Action", "audit.target": "Cible", "audit.details": "Ce qui a changé",
    "audit.from": "Du", "audit.to": "Au", "audit.show": "Afficher", "audit.more": "Entrées suivantes", "audit.none": "Aucune entrée.",
    "audit.system": "(automatique)",
  },
});

export type AuditEntry = {
  id: string; at: string; actor: { id: string | null; email: string | null }; action: string;
  target: { kind: string; id: string }; details: Record<string, unknown>;
};

/** The query of a page: a day range (whole days, UTC) and the cursor of the page to continue. */
function query(from: string, to: string, cursor: string | null): string {
  const q = new URLSearchParams({ limit: "25" });
  if (from) q.set("from", `${from}T00:00:00Z`);
  if (to) q.set("to", `${to}T23:59:59.999Z`);
  if (cursor) q.set("cursor", cursor);
  return q.toString();
}

export function AuditTrail() {
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [from, setFrom] = useState(""); const [to, setTo] = useState("");
  const [err, setErr] = useState<string | null>(null);
  async function load(cursor: string | null) {
    setErr(null);
    try {
      const r = await api<{ items: AuditEntry[]; next_cursor: string | null }>("GET", `/v1/audit?${query(from, to, cursor)}`);
      setItems((before) => cursor ? [...before, ...r.items] : r.items); setNext(r.next_cursor);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { load(null); }, []);
  return (
    <section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t("audit.title")}</h2>
      <p class="muted small">{t("audit.help")}</p>
      <form class="row" onSubmit={(e) => { e.preventDefault(); load(null); }}>
        <label>{t("audit.from")}<input type="date" value={from} onInput={(e) => setFrom(val(e))} /></label>
        <label>{t("audit.to")}<input type="date" value={to} onInput={(e) => setTo(val(e))} /></label>
        <button type="submit">{t("audit.show")}</button>
      </form>
      {items.length === 0 ? <p class="muted small">{t("audit.none")}</p> : (
        <table class="audit"><thead><tr><th>{t("audit.at")}</th><th>{t("audit.actor")}</th><th>{t("audit.action")}</th>
          <th>{t("audit.target")}</th><th>{t("audit.details")}</th></tr></thead>
          <tbody>{items.map((e) => (
            <tr data-audit-id={e.id}><td class="nowrap"><time dateTime={e.at}>{when(e.at)}</time></td>
              <td>{e.actor.email ?? t("audit.system")}</td><td><code>{e.action}</code></td>
              <td>{e.target.kind} <code>{e.target.id}</code></td>
              <td><code class="small">{JSON.stringify(e.details)}</code></td></tr>))}</tbody></table>
      )}
      {next && <button type="button" onClick={() => load(next)}>{t("audit.more")}</button>}
      <ErrorBox msg={err} />
    </section>
  );
}
