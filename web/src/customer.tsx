// The customer panel (D7): who the customer is, the number or page written to, the head office's attributes as
// given, and the customer's other threads as links. Read again when the thread changes (a transfer, a new name).
import { useEffect, useState } from "preact/hooks";
import { api, CustomerCard, Store, Thread } from "./api";
import { t, when } from "./i18n";
import { ErrorBox, statusLabel } from "./ui";

const shown = (v: unknown): string =>
  v === null || v === undefined || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v);

export function CustomerPanel({ thread, stores }: { thread: Thread; stores: Store[] }) {
  const [card, setCard] = useState<CustomerCard | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    api<CustomerCard>("GET", `/v1/threads/${thread.id}/customer`).then((c) => { setCard(c); setErr(null); })
      .catch((x) => setErr((x as Error).message));
  }, [thread.id, thread.version, thread.store_id]);

  const store = stores.find((s) => s.id === thread.store_id);
  const tz = store?.timezone;
  // The API's display_name says "Unknown customer" in English: the name, else the words in the agent's language.
  const name = card?.name || thread.customer.name || null;
  const phone = card?.phone ?? thread.customer.phone;
  const attrs = Object.entries(card?.attributes || {});
  const others = (card?.threads || []).filter((o) => o.id !== thread.id);
  return (
    <div data-testid="customer-panel">
      <h2>{t("cust.title")}</h2>
      <p class="cust-name" data-testid="customer-name">{name || t("cust.unknown")}</p>
      <dl>
        <dt>{t("cust.phone")}</dt><dd>{phone || "—"}</dd>
        <dt>{t("cust.store")}</dt><dd>{store?.name ?? thread.store_id}{store?.phone_number ? ` (${store.phone_number})` : ""}</dd>
        {card?.store_number && <><dt>{t("cust.writtenTo")}</dt><dd>{card.store_number}</dd></>}
        <dt>{t("cust.channel")}</dt><dd>{(card?.channel || thread.channel).toUpperCase()}</dd>
        <dt>{t("filter.status")}</dt><dd>{statusLabel(thread.status)}</dd>
        {thread.folder && thread.folder !== "inbox" && <><dt>{t("filter.folder")}</dt><dd>{t(`folder.${thread.folder}`)}</dd></>}
        {thread.created_at && <><dt>{t("cust.since")}</dt><dd>{when(thread.created_at, tz)}</dd></>}
        {thread.on_hold && <><dt>{t("mark.hold")}</dt><dd>{thread.hold_reason || "—"}</dd></>}
        {thread.alert && <><dt>{t("mark.alert")}</dt><dd>{thread.alert_reason || "—"}</dd></>}
        {thread.snoozed_until && <><dt>{t("cust.snoozed")}</dt><dd>{when(thread.snoozed_until, tz)}</dd></>}
        {thread.closed_reason && <><dt>{t("cust.closed")}</dt><dd>{thread.closed_reason} · {when(thread.closed_at, tz)}</dd></>}
      </dl>
      {attrs.length > 0 && <>
        <h3>{t("cust.attributes")}</h3>
        <dl data-testid="customer-attributes">{attrs.map(([k, v]) => <><dt>{k}</dt><dd>{shown(v)}</dd></>)}</dl>
      </>}
      {card && <>
        <h3>{t("cust.threads")}</h3>
        {others.length === 0 ? <p class="muted small">{t("cust.noThreads")}</p> : (
          <ul class="plain-list" data-testid="customer-threads">
            {others.map((o) => {
              const st = stores.find((s) => s.id === o.store_id);
              return <li><a href={`#/inbox/${o.id}`}>{st?.name || t("cust.thread")}</a>
                {o.status && <span class="muted small"> · {statusLabel(o.status)}</span>}
                {o.last_message_at && <span class="muted small"> · {when(o.last_message_at, st?.timezone)}</span>}</li>;
            })}
          </ul>
        )}
      </>}
      {err && !card && <ErrorBox msg={err} />}
    </div>
  );
}
