import { useEffect, useState } from "preact/hooks";
import { api, Store } from "./api";
import { t, when } from "./i18n";
import { ErrorBox, val } from "./ui";

interface Sms { to: string; from: string; body: string; status?: string; created_at: string; media?: string[] }
interface Line extends Sms { mine: boolean }

/** The customer's phone, on the local stage only (the /sandbox routes answer 404 on AWS). */
export function Sandbox({ stores }: { stores: Store[] }) {
  const [from, setFrom] = useState(() => sessionStorage.getItem("comptoir.sb.from") || "+33612345678");
  const [to, setTo] = useState("+15550000001");
  const [text, setText] = useState("");
  const [sent, setSent] = useState<Sms[]>(() => JSON.parse(sessionStorage.getItem("comptoir.sb.sent") || "[]"));
  const [outbox, setOutbox] = useState<Sms[]>([]);
  const [now, setNow] = useState<string>("");
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => { sessionStorage.setItem("comptoir.sb.from", from); }, [from]);
  useEffect(() => { sessionStorage.setItem("comptoir.sb.sent", JSON.stringify(sent)); }, [sent]);
  async function poll() {
    try {
      const [o, c] = await Promise.all([
        api<{ items: Sms[] }>("GET", `/sandbox/outbox?to=${encodeURIComponent(from)}`),
        api<{ now: string }>("GET", "/sandbox/clock"),
      ]);
      setOutbox(o.items); setNow(c.now);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { poll(); const id = setInterval(poll, 2000); return () => clearInterval(id); }, [from]);

  async function send(e: Event) {
    e.preventDefault(); if (!text.trim()) return;
    setBusy(true); setErr(null);
    try {
      await api("POST", "/sandbox/sms", { from: from.trim(), to: to.trim(), body: text });
      setSent((s) => [...s, { from: from.trim(), to: to.trim(), body: text, created_at: now || new Date().toISOString() }]);
      setText("");
      await api("POST", "/sandbox/settle");
      await poll();
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  async function advance(seconds: number) {
    setErr(null);
    try { await api("POST", "/sandbox/clock", { advance_seconds: seconds }); await api("POST", "/sandbox/settle"); await poll(); }
    catch (x) { setErr((x as Error).message); }
  }

  const store = stores.find((s) => s.phone_number === to);
  const lines: Line[] = [
    ...sent.filter((s) => s.from === from).map((s) => ({ ...s, mine: true })),
    ...outbox.map((s) => ({ ...s, mine: false })),
  ].sort((a, b) => a.created_at.localeCompare(b.created_at));

  return (
    <main class="page sandbox">
      <h1>{t("sb.title")}</h1>
      <p class="muted">{t("sb.intro")}</p>
      <div class="sb-grid">
        <section class="card phone" aria-label={t("sb.replies")}>
          <h2>{t("sb.replies")}</h2>
          <div class="messages" data-testid="phone-messages">
            {lines.length === 0 && <p class="muted">{t("sb.none")}</p>}
            {lines.map((l) => (
              <div class={`msg ${l.mine ? "out" : "in"}`} data-testid={l.mine ? "phone-sent" : "phone-received"}>
                <div class="bubble">{l.body}
                  {(l.media || []).map((url) => <div><a href={url} target="_blank" rel="noopener noreferrer">{url.split("/").pop()}</a></div>)}
                </div>
                <div class="msg-meta">{l.mine ? t("sb.me") : `${t("sb.store")} ${l.from}`} · {when(l.created_at, store?.timezone)}{l.status ? ` · ${l.status}` : ""}</div>
              </div>
            ))}
          </div>
          <form onSubmit={send}>
            <label>{t("sb.from")}<input type="tel" name="from" value={from} onInput={(e) => setFrom(val(e))} /></label>
            <label>{t("sb.to")}<input type="tel" name="to" value={to} list="store-numbers" onInput={(e) => setTo(val(e))} /></label>
            <datalist id="store-numbers">{stores.filter((s) => s.phone_number).map((s) => <option value={s.phone_number!}>{s.name}</option>)}</datalist>
            <label>{t("sb.text")}<textarea name="body" rows={2} value={text} onInput={(e) => setText(val(e))} /></label>
            <button type="submit" class="primary" disabled={busy || !text.trim()}>{t("sb.send")}</button>
          </form>
          <ErrorBox msg={err} />
        </section>
        <section class="card" aria-label={t("sb.clock")}>
          <h2>{t("sb.clock")}</h2>
          <p>{t("sb.now")}: <time data-testid="clock" dateTime={now}>{now && when(now, store?.timezone)}</time>
            {store && <span class="muted small"> ({store.timezone})</span>}</p>
          <div class="row">
            <button type="button" onClick={() => advance(300)}>{t("sb.adv5m")}</button>
            <button type="button" onClick={() => advance(3600)}>{t("sb.adv1h")}</button>
            <button type="button" onClick={() => advance(86400)}>{t("sb.adv1d")}</button>
          </div>
        </section>
      </div>
    </main>
  );
}
