// The actions on an open thread: resolve / reopen (F1), hold (F4), alert (C5), folders done / spam / archived (C6),
// transfer to a store from a searchable list (E3), to a colleague, delegate by e-mail, share (E4), snooze (F3),
// close with a type (F2).
import { CustomerAvatar } from "./avatar";
import { useEffect, useState } from "preact/hooks";
import { api, agentName, Store, Thread } from "./api";
import { t } from "./i18n";
import { ErrorBox, statusLabel, val } from "./ui";
import { useAgents } from "./notes";

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

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** A store picker that filters as one types (E3): a search box above a list box. */
function StorePick({ id, label, stores, value, onChange }:
  { id: string; label: string; stores: Store[]; value: string; onChange: (v: string) => void }) {
  const [q, setQ] = useState("");
  const shown = stores.filter((s) => !q || norm(`${s.name} ${s.phone_number || ""} ${s.address || ""}`).includes(norm(q)));
  useEffect(() => { if (value && !shown.some((s) => s.id === value)) onChange(""); }, [q]);
  return (
    <div class="store-pick">
      <label>{t("act.searchStores")}<input type="search" value={q} onInput={(e) => setQ(val(e))} aria-controls={id} /></label>
      <label>{label}
        <select id={id} value={value} size={Math.min(6, Math.max(2, shown.length + 1))} onChange={(e) => onChange(val(e))}>
          <option value="">—</option>
          {shown.map((s) => <option value={s.id}>{s.name}</option>)}
        </select></label>
      {q && shown.length === 0 && <p class="muted small">{t("act.noStore")}</p>}
    </div>
  );
}

export function Actions({ thread, stores, meId, onDone }: { thread: Thread; stores: Store[]; meId: string; onDone: () => void }) {
  const tz = stores.find((s) => s.id === thread.store_id)?.timezone;
  const agents = useAgents();
  const [err, setErr] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [target, setTarget] = useState("");
  const [colleague, setColleague] = useState("");
  const [until, setUntil] = useState("");
  const [reasons, setReasons] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [holdReason, setHoldReason] = useState("");
  const [holding, setHolding] = useState(false);
  const [delegateNote, setDelegateNote] = useState("");
  const [shareTo, setShareTo] = useState("");
  const [shareNote, setShareNote] = useState("");
  useEffect(() => { api<{ reasons: string[] }>("GET", "/v1/closing-reasons").then((r) => setReasons(r.reasons || [])).catch(() => {}); }, []);

  async function act(path: string, body: unknown, after?: () => void) {
    setErr(null); setOk(null);
    try { await api("POST", `/v1/threads/${thread.id}/${path}`, body); setOk(t("act.done")); after?.(); onDone(); }
    catch (x) { setErr((x as Error).message); }
  }
  const folder = (f: string) => act("folder", { folder: f });
  const others = stores.filter((s) => s.id !== thread.store_id);
  // Only colleagues who may answer in the thread's store can take it over.
  const colleagues = agents.filter((a) => a.id !== meId && (a.brand_admin || a.rights?.[thread.store_id]?.perimeter));
  return (
    <div class="actions">
      <div class="row">
        <CustomerAvatar customer={thread.customer} big />
        <strong class="title">{thread.customer.name || thread.customer.phone || t("cust.unknown")}</strong>
        <span class={`status ${thread.status}`}>{statusLabel(thread.status)}</span>
        {thread.folder && thread.folder !== "inbox" && <span class="tag" data-testid="thread-folder">{t(`folder.${thread.folder}`)}</span>}
        {thread.on_hold && <span class="tag hold" data-testid="thread-hold">{t("mark.hold")}{thread.hold_reason ? `: ${thread.hold_reason}` : ""}</span>}
        {thread.alert && <span class="tag alert" data-testid="thread-alert">{t("mark.alert")}{thread.alert_reason ? `: ${thread.alert_reason}` : ""}</span>}
        <span class="grow" />
        {thread.status === "resolved"
          ? <button type="button" onClick={() => act("status", { status: "waiting" })}>{t("act.reopen")}</button>
          : <button type="button" onClick={() => act("status", { status: "resolved" })}>{t("act.resolve")}</button>}
      </div>
      <div class="row quick">
        {thread.on_hold
          ? <button type="button" onClick={() => act("hold", { on_hold: false })}>{t("act.unhold")}</button>
          : <button type="button" aria-expanded={holding} onClick={() => setHolding(!holding)}>{t("act.hold")}</button>}
        {thread.alert
          ? <button type="button" onClick={() => act("alert", { alert: false })}>{t("act.alertClear")}</button>
          : <button type="button" onClick={() => act("alert", { alert: true })}>{t("act.alertRaise")}</button>}
        {thread.folder === "spam"
          ? <button type="button" onClick={() => folder("inbox")}>{t("act.notSpam")}</button>
          : <button type="button" onClick={() => folder("spam")}>{t("act.spam")}</button>}
        {thread.folder === "done" || thread.folder === "archived"
          ? <button type="button" onClick={() => folder("inbox")}>{t("act.toInbox")}</button>
          : <>
            <button type="button" onClick={() => folder("done")}>{t("act.markDone")}</button>
            <button type="button" onClick={() => folder("archived")}>{t("act.archive")}</button>
          </>}
      </div>
      {holding && !thread.on_hold && (
        <form class="row" onSubmit={(e) => { e.preventDefault(); act("hold", { on_hold: true, ...(holdReason.trim() ? { reason: holdReason.trim() } : {}) }, () => { setHolding(false); setHoldReason(""); }); }}>
          <label>{t("act.holdReason")}<input value={holdReason} maxLength={200} onInput={(e) => setHoldReason(val(e))} /></label>
          <button type="submit">{t("act.holdConfirm")}</button>
        </form>
      )}
      <details>
        <summary>{t("act.transfer")} · {t("act.snooze")} · {t("act.close")}</summary>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (target) act("transfer", { store_id: target }, () => setTarget("")); }}>
          <StorePick id={`transfer-${thread.id}`} label={t("act.transferTo")} stores={others} value={target} onChange={setTarget} />
          <button type="submit" disabled={!target}>{t("act.transfer")}</button>
        </form>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (colleague) act("transfer", { agent_id: colleague }, () => setColleague("")); }}>
          <label>{t("act.colleague")}
            <select value={colleague} onChange={(e) => setColleague(val(e))}>
              <option value="">—</option>
              {colleagues.map((a) => <option value={a.id}>{agentName(a)}</option>)}
            </select></label>
          <button type="submit" disabled={!colleague}>{t("act.toColleague")}</button>
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
      <details>
        <summary>{t("act.delegate")} · {t("act.share")}</summary>
        <form class="row" onSubmit={(e) => { e.preventDefault(); act("delegate", delegateNote.trim() ? { comment: delegateNote.trim() } : {}, () => setDelegateNote("")); }}>
          <label class="grow">{t("act.delegateComment")}<input value={delegateNote} maxLength={1000} onInput={(e) => setDelegateNote(val(e))} /></label>
          <button type="submit">{t("act.delegate")}</button>
        </form>
        <p class="muted small">{t("act.delegateHelp")}</p>
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (shareTo) act("share", { store_id: shareTo, ...(shareNote.trim() ? { comment: shareNote.trim() } : {}) }, () => { setShareTo(""); setShareNote(""); }); }}>
          <StorePick id={`share-${thread.id}`} label={t("act.shareWith")} stores={others} value={shareTo} onChange={setShareTo} />
          <label class="grow">{t("act.shareComment")}<input value={shareNote} maxLength={1000} onInput={(e) => setShareNote(val(e))} /></label>
          <button type="submit" disabled={!shareTo}>{t("act.share")}</button>
        </form>
      </details>
      <ErrorBox msg={err} />
      {ok && <p class="ok" role="status">{ok}</p>}
    </div>
  );
}
