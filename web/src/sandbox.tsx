import { useEffect, useState } from "preact/hooks";
import { api, ChannelAccount, Store } from "./api";
import { t, when } from "./i18n";
import { ErrorBox, val } from "./ui";

interface Sms { channel?: string; to: string; from: string; body: string; status?: string; created_at: string; media?: string[] }
interface Line extends Sms { mine: boolean }

/** Where the customer writes from: SMS and WhatsApp through Twilio go to a store's number, Meta's channels to a
 * connected page, Instagram account or WhatsApp Cloud number. */
const CHANNELS = ["sms", "whatsapp_twilio", "whatsapp", "messenger", "instagram"] as const;
type Channel = typeof CHANNELS[number];
const META = ["messenger", "instagram", "whatsapp"];
const FILES = ["", "image", "video", "audio", "file"] as const;
const DEFAULT_FROM: Record<Channel, string> = {
  sms: "+33612345678", whatsapp_twilio: "+33612345678", whatsapp: "+33612345678",
  messenger: "6200000000000001", instagram: "7300000000000001",
};
const WA = "whatsapp:";

/** The customer's phone, on the local stage only (the /sandbox routes answer 404 on AWS). */
export function Sandbox({ stores }: { stores: Store[] }) {
  const [channel, setChannel] = useState<Channel>(() => (sessionStorage.getItem("comptoir.sb.channel") as Channel) || "sms");
  const [from, setFrom] = useState(() => sessionStorage.getItem(`comptoir.sb.from.${channel}`) || DEFAULT_FROM[channel]);
  const [to, setTo] = useState("+15550000001");
  const [text, setText] = useState("");
  const [file, setFile] = useState<string>("");
  const [sent, setSent] = useState<Sms[]>(() => JSON.parse(sessionStorage.getItem("comptoir.sb.sent") || "[]"));
  const [outbox, setOutbox] = useState<Sms[]>([]);
  const [accounts, setAccounts] = useState<ChannelAccount[] | null>(null);
  const [now, setNow] = useState<string>("");
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const meta = META.includes(channel);
  const wire = channel === "whatsapp_twilio" ? "whatsapp" : channel; // the outbox's channel

  useEffect(() => { sessionStorage.setItem("comptoir.sb.channel", channel); }, [channel]);
  useEffect(() => { sessionStorage.setItem(`comptoir.sb.from.${channel}`, from); }, [from, channel]);
  useEffect(() => { sessionStorage.setItem("comptoir.sb.sent", JSON.stringify(sent)); }, [sent]);
  useEffect(() => { // the demo store's connected accounts: read with the admin's rights (none when signed out)
    if (!stores.length) { setAccounts([]); return; }
    Promise.all(stores.map((s) => api<{ items: ChannelAccount[] }>("GET", `/v1/stores/${s.id}/channels`)
      .then((r) => r.items).catch(() => [] as ChannelAccount[])))
      .then((all) => setAccounts(all.flat().filter((a) => a.status === "connected")));
  }, [stores.map((s) => s.id).join()]);
  const mine = (accounts || []).filter((a) => a.kind === channel);
  useEffect(() => { if (meta && mine.length && !mine.some((a) => a.external_id === to)) setTo(mine[0].external_id); }, [channel, accounts]);

  function pick(next: Channel) {
    setChannel(next); setFile("");
    setFrom(sessionStorage.getItem(`comptoir.sb.from.${next}`) || DEFAULT_FROM[next]);
    if (!META.includes(next) && !to.startsWith("+")) setTo(stores.find((s) => s.phone_number)?.phone_number || "+15550000001");
  }
  const address = channel === "whatsapp_twilio" ? WA + from.trim() : from.trim();
  async function poll() {
    try {
      const [o, c] = await Promise.all([
        api<{ items: Sms[] }>("GET", meta ? "/sandbox/outbox" : `/sandbox/outbox?to=${encodeURIComponent(address)}`),
        api<{ now: string }>("GET", "/sandbox/clock"),
      ]);
      // The customer's side of this channel only: what the store sent to this address on it.
      setOutbox(o.items.filter((i) => (i.channel || "sms") === wire && i.to === address)); setNow(c.now);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { poll(); const id = setInterval(poll, 2000); return () => clearInterval(id); }, [address, channel]);

  async function send(e: Event) {
    e.preventDefault(); if (!text.trim() && !file) return;
    setBusy(true); setErr(null);
    try {
      if (meta) await api("POST", "/sandbox/meta", { channel, from: from.trim(), to: to.trim(), text, ...(file ? { attachment: file } : {}) });
      else await api("POST", "/sandbox/sms", { from: address, to: to.trim(), body: text });
      setSent((s) => [...s, { channel: wire, from: address, to: to.trim(), body: text + (file ? ` [${t(`sb.file.${file}`)}]` : ""),
        created_at: now || new Date().toISOString() }]);
      setText(""); setFile("");
      await api("POST", "/sandbox/settle");
      await poll();
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  /** The customer calls the store's number: the store answers in TwiML, hangs up and texts back. */
  async function call() {
    setBusy(true); setErr(null);
    try {
      await api("POST", "/sandbox/call", { from: from.trim(), to: to.trim() });
      setSent((s) => [...s, { channel: "sms", from: address, to: to.trim(), body: t("sb.called"), created_at: now || new Date().toISOString() }]);
      await api("POST", "/sandbox/settle");
      await poll();
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  async function advance(seconds: number) {
    setErr(null);
    try { await api("POST", "/sandbox/clock", { advance_seconds: seconds }); await api("POST", "/sandbox/settle"); await poll(); }
    catch (x) { setErr((x as Error).message); }
  }

  const store = meta ? stores.find((s) => mine.some((a) => a.external_id === to && a.store_id === s.id))
    : stores.find((s) => s.phone_number === to);
  const lines: Line[] = [
    ...sent.filter((s) => s.from === address && (s.channel || "sms") === wire).map((s) => ({ ...s, mine: true })),
    ...outbox.map((s) => ({ ...s, mine: false })),
  ].sort((a, b) => a.created_at.localeCompare(b.created_at));

  return (
    <main class="page sandbox">
      <h1>{t("sb.title")}</h1>
      <p class="muted">{t("sb.intro")}</p>
      <div class="sb-grid">
        <section class="card phone" aria-label={t("sb.replies")}>
          <h2>{t("sb.replies")}</h2>
          <label>{t("sb.channel")}
            <select name="channel" value={channel} onChange={(e) => pick(val(e) as Channel)}>
              {CHANNELS.map((c) => <option value={c}>{t(`sb.ch.${c}`)}</option>)}
            </select></label>
          <div class="messages" data-testid="phone-messages" aria-live="polite">
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
          {meta && accounts !== null && !mine.length
            ? <p class="muted" data-testid="sb-no-account">{t("sb.noAccount")} <a href="#/admin">{t("sb.channelsLink")}</a></p>
            : <form onSubmit={send}>
              <label>{t(meta ? "sb.fromId" : "sb.from")}<input type={meta && channel !== "whatsapp" ? "text" : "tel"} name="from" value={from} onInput={(e) => setFrom(val(e))} /></label>
              {meta
                ? <label>{t(`sb.toAccount.${channel}`)}<select name="to" value={to} onChange={(e) => setTo(val(e))}>
                  {mine.map((a) => <option value={a.external_id}>{a.name} ({a.external_id})</option>)}</select></label>
                : <label>{t("sb.to")}<input type="tel" name="to" value={to} list="store-numbers" onInput={(e) => setTo(val(e))} /></label>}
              <datalist id="store-numbers">{stores.filter((s) => s.phone_number).map((s) => <option value={s.phone_number!}>{s.name}</option>)}</datalist>
              <label>{t("sb.text")}<textarea name="body" rows={2} value={text} onInput={(e) => setText(val(e))} /></label>
              {meta && <label>{t("sb.attach")}<select name="attachment" value={file} onChange={(e) => setFile(val(e))}>
                {FILES.map((f) => <option value={f}>{t(f ? `sb.file.${f}` : "sb.file.none")}</option>)}</select></label>}
              <button type="submit" class="primary" disabled={busy || (!text.trim() && !file)}>{t(channel === "sms" ? "sb.send" : "sb.sendMsg")}</button>
              {channel === "sms" && <button type="button" onClick={call} disabled={busy || !from.trim()} data-testid="sb-call">{t("sb.call")}</button>}
            </form>}
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
