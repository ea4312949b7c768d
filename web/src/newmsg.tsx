import { useEffect, useState } from "preact/hooks";
import { api, Store, Thread } from "./api";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";

export function NewMessage({ stores }: { stores: Store[] }) {
  const [storeId, setStoreId] = useState("");
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (!storeId && stores[0]) setStoreId(stores[0].id); }, [stores]);
  async function send(e: Event) {
    e.preventDefault(); setBusy(true); setErr(null);
    try {
      const th = await api<Thread>("POST", "/v1/threads", { store_id: storeId, channel: "sms", to: to.trim(), text });
      location.hash = `#/inbox/${th.id}`;
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  return (
    <main class="page">
      <h1>{t("new.title")}</h1>
      <form class="card" onSubmit={send}>
        <label>{t("new.store")}
          <select value={storeId} onChange={(e) => setStoreId(val(e))} required>
            {stores.map((s) => <option value={s.id}>{s.name}{s.phone_number ? ` (${s.phone_number})` : ""}</option>)}
          </select></label>
        <label>{t("new.to")}<input type="tel" value={to} placeholder="+33612345678" required onInput={(e) => setTo(val(e))} /></label>
        <label>{t("new.text")}<textarea rows={4} value={text} required onInput={(e) => setText(val(e))}
          onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); (e.target as HTMLTextAreaElement).form?.requestSubmit(); } }} /></label>
        <p class="muted small">{text.length} / 1000</p>
        <ErrorBox msg={err} />
        <button type="submit" class="primary" disabled={busy}>{t("new.send")}</button>
      </form>
    </main>
  );
}
