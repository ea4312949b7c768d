// A store's channels (B11): the Messenger pages, Instagram accounts and WhatsApp numbers connected to it.
// Access tokens are typed here and sent once: the API never gives them back.
import { useEffect, useState } from "preact/hooks";
import { api, ChannelAccount } from "./api";
import { History } from "./channel_history";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";

const KINDS = ["messenger", "instagram", "whatsapp"] as const;
const ICONS: Record<string, string> = { messenger: "💬", instagram: "📷", whatsapp: "🟢" };
const COMMENTS = ["messenger", "instagram"];

export function ChannelsAdmin({ storeId }: { storeId: string }) {
  const [items, setItems] = useState<ChannelAccount[]>([]);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState<string | null>(null);
  const [reconnecting, setReconnecting] = useState<string | null>(null);
  async function load() {
    try { setItems((await api<{ items: ChannelAccount[] }>("GET", `/v1/stores/${storeId}/channels`)).items); }
    catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { load(); }, [storeId]);
  async function change(c: ChannelAccount, body: Record<string, unknown>, done: string) {
    setErr(null); setOk(null);
    try { await api("PATCH", `/v1/stores/${storeId}/channels/${c.id}`, body); setOk(done); setReconnecting(null); load(); }
    catch (x) { setErr((x as Error).message); }
  }
  async function disconnect(c: ChannelAccount) {
    if (!confirm(t("channels.confirmDisconnect", { name: c.name }))) return;
    setErr(null); setOk(null);
    try { await api("DELETE", `/v1/stores/${storeId}/channels/${c.id}`); setOk(t("channels.disconnected")); load(); }
    catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card" aria-labelledby="channels-title">
      <h2 id="channels-title">{t("channels.title")}</h2>
      {items.length === 0 ? <p class="muted small">{t("channels.none")}</p> : (
        <table><thead><tr><th>{t("channels.kind")}</th><th>{t("admin.name")}</th><th>{t("channels.externalId")}</th>
          <th>{t("channels.status")}</th><th>{t("channels.comments")}</th><th>{t("channels.history")}</th><th><span class="sr-only">{t("canned.actions")}</span></th></tr></thead>
          <tbody>{items.map((c) => (
            <tr>
              <td><span aria-hidden="true">{ICONS[c.kind]} </span>{t(`channels.kind.${c.kind}`)}</td>
              <td>{c.name}</td><td><code>{c.external_id}</code></td>
              <td>{c.status === "connected" ? <span class="ok">{t("channels.connected")}</span> : (
                <span><strong class="warn">{t("channels.needsReconnect")}</strong>{" "}
                  <button type="button" class="primary" onClick={() => setReconnecting(c.id)}>{t("channels.reconnect")}</button></span>)}
              </td>
              <td>{COMMENTS.includes(c.kind) ? (
                <label class="check"><input type="checkbox" role="switch" checked={c.receive_comments}
                  onChange={() => change(c, { receive_comments: !c.receive_comments }, t("admin.saved"))} />
                  <span class="sr-only">{t("channels.comments")} {c.name}</span></label>) : "—"}</td>
              <td><History c={c} /></td>
              <td class="nowrap">
                <button type="button" onClick={() => setReconnecting(c.id)} aria-label={`${t("channels.newToken")} ${c.name}`}>{t("channels.newToken")}</button>{" "}
                <button type="button" onClick={() => disconnect(c)} aria-label={`${t("channels.disconnect")} ${c.name}`}>{t("channels.disconnect")}</button>
              </td>
            </tr>))}</tbody></table>
      )}
      {reconnecting && <TokenForm name={items.find((c) => c.id === reconnecting)?.name ?? ""} onCancel={() => setReconnecting(null)}
        onToken={(token) => change(items.find((c) => c.id === reconnecting)!, { access_token: token }, t("channels.reconnected"))} />}
      <ConnectForm storeId={storeId} onConnected={() => { setOk(t("channels.connectedOk")); load(); }} />
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{ok}</p>}
    </section>
  );
}

function TokenForm({ name, onToken, onCancel }: { name: string; onToken: (token: string) => void; onCancel: () => void }) {
  const [token, setToken] = useState("");
  return (
    <form class="row" onSubmit={(e) => { e.preventDefault(); onToken(token); }}>
      <label>{t("channels.tokenFor", { name })}<input type="password" autocomplete="off" required value={token}
        onInput={(e) => setToken(val(e))} /></label>
      <button type="submit" class="primary">{t("channels.reconnect")}</button>
      <button type="button" onClick={onCancel}>{t("canned.cancel")}</button>
    </form>
  );
}

function ConnectForm({ storeId, onConnected }: { storeId: string; onConnected: () => void }) {
  const [kind, setKind] = useState<string>("messenger"); const [externalId, setExternalId] = useState("");
  const [name, setName] = useState(""); const [token, setToken] = useState("");
  const [err, setErr] = useState<string | null>(null);
  async function connect(e: Event) {
    e.preventDefault(); setErr(null);
    try {
      await api("POST", `/v1/stores/${storeId}/channels`,
        { kind, external_id: externalId.trim(), access_token: token.trim(), ...(name.trim() ? { name: name.trim() } : {}) });
      setExternalId(""); setName(""); setToken(""); onConnected();
    } catch (x) { setErr((x as Error).message); }
  }
  return (
    <form onSubmit={connect} class="plain-form" aria-labelledby="channels-connect">
      <h3 id="channels-connect">{t("channels.connect")}</h3>
      <div class="row">
        <label>{t("channels.kind")}<select value={kind} onChange={(e) => setKind(val(e))}>
          {KINDS.map((k) => <option value={k}>{t(`channels.kind.${k}`)}</option>)}</select></label>
        <label>{t(`channels.idOf.${kind}`)}<input value={externalId} required inputMode="numeric" pattern="[0-9]+" maxLength={30}
          onInput={(e) => setExternalId(val(e))} /></label>
        <label>{t("admin.name")}<input value={name} maxLength={120} onInput={(e) => setName(val(e))} /></label>
        <label>{t("channels.token")}<input type="password" autocomplete="off" required value={token} onInput={(e) => setToken(val(e))} /></label>
        <button type="submit" class="primary">{t("channels.connectButton")}</button>
      </div>
      <ErrorBox msg={err} />
    </form>
  );
}
