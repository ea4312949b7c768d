import { useState } from "preact/hooks";
import { api, Message, Thread } from "./api";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";

const OUTCOMES = ["reached", "no_answer", "voicemail"] as const;
const PHONE = /^(whatsapp:)?(\+[1-9]\d{5,14})$/;

/** The number to dial for a thread's customer, or null when the customer has no phone number (Messenger...). */
export function phoneOf(thread: Thread): string | null {
  const m = PHONE.exec(thread.customer.phone || "");
  return m ? m[2] : null;
}

/** Call the customer from the agent's phone (a tel: link), then log the call's outcome in the thread. */
export function CallCustomer({ thread, onLogged }: { thread: Thread; onLogged: (m: Message) => void }) {
  const phone = phoneOf(thread);
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<string>("reached");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  if (!phone) return null;
  async function log(e: Event) {
    e.preventDefault(); setBusy(true); setErr(null);
    try {
      const m = await api<Message>("POST", `/v1/threads/${thread.id}/calls`, { outcome, ...(note.trim() ? { note: note.trim() } : {}) });
      setOpen(false); setNote(""); setOutcome("reached"); onLogged(m);
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  return (
    <div class="call-customer" data-testid="call-customer">
      <a class="button" href={`tel:${phone}`} onClick={() => setOpen(true)} data-testid="call-link">{t("call.call")} {phone}</a>
      {!open && <button type="button" class="link" onClick={() => setOpen(true)}>{t("call.log")}</button>}
      {open && (
        <form onSubmit={log} aria-label={t("call.outcomeTitle")}>
          <fieldset class="plain" disabled={busy}>
            <legend>{t("call.outcomeTitle")}</legend>
            {OUTCOMES.map((o) => (
              <label class="inline"><input type="radio" name="call-outcome" value={o} checked={outcome === o}
                onChange={() => setOutcome(o)} /> {t(`call.${o}`)}</label>))}
            <label>{t("call.note")}<input type="text" maxLength={1000} value={note} onInput={(e) => setNote(val(e))} /></label>
            <div class="row">
              <button type="submit" class="primary">{t("call.save")}</button>
              <button type="button" onClick={() => { setOpen(false); setErr(null); }}>{t("call.cancel")}</button>
            </div>
          </fieldset>
        </form>)}
      <ErrorBox msg={err} />
    </div>
  );
}

/** How a call shows in the thread: the customer's call answered by text, or an agent's call and its outcome. */
export function CallLine({ m }: { m: Message }) {
  if (m.kind !== "call") return null;
  const label = m.direction === "in" ? t("call.incoming") : `${t("call.outgoing")} · ${t(`call.${m.outcome || "reached"}`)}`;
  return <span class="call-line" data-testid="call-line"><span aria-hidden="true">☎ </span>{label}</span>;
}
