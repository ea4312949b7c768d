import { useEffect, useState } from "preact/hooks";
import { api, Agent, Store } from "./api";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";
import { CannedManager } from "./canned";
import { StoreGroups } from "./groups";
import { Roles } from "./roles";
import { AuditTrail } from "./audit";
import { ChannelsAdmin } from "./channels";

export function Admin({ stores, onStores }: { stores: Store[]; onStores: (s: Store[]) => void }) {
  const [sel, setSel] = useState("");
  useEffect(() => { if (!sel && stores[0]) setSel(stores[0].id); }, [stores]);
  return (
    <main class="page admin">
      <BrandProfile />
      <StoresAdmin stores={stores} onStores={onStores} />
      <Invitations stores={stores} />
      <label class="inline">{t("filter.store")}
        <select value={sel} onChange={(e) => setSel(val(e))}>{stores.map((s) => <option value={s.id}>{s.name}</option>)}</select>
      </label>
      {sel && <Escalation key={`e${sel}`} storeId={sel} />}
      {sel && <AutoMessages key={`a${sel}`} storeId={sel} />}
      {sel && <ChannelsAdmin key={`c${sel}`} storeId={sel} />}
      <RightsMatrix stores={stores} />
      <ClosingReasons />
      <CannedManager scope="brand" />
      <StoreGroups stores={stores} />
      <Roles />
      <AuditTrail />
    </main>
  );
}

function StoresAdmin({ stores, onStores }: { stores: Store[]; onStores: (s: Store[]) => void }) {
  const [name, setName] = useState(""); const [tz, setTz] = useState("Europe/Paris"); const [phone, setPhone] = useState("");
  const [err, setErr] = useState<string | null>(null);
  async function create(e: Event) {
    e.preventDefault(); setErr(null);
    try {
      await api("POST", "/v1/stores", { name, timezone: tz, ...(phone ? { phone_number: phone } : {}) });
      const r = await api<{ items: Store[] }>("GET", "/v1/stores"); onStores(r.items); setName(""); setPhone("");
    } catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.stores")}</h2>
      <table><thead><tr><th>{t("admin.name")}</th><th>{t("admin.tz")}</th><th>{t("admin.phone")}</th><th>{t("admin.agents")}</th></tr></thead>
        <tbody>{stores.map((s) => <tr><td>{s.name}</td><td>{s.timezone}</td><td>{s.phone_number || "—"}</td><td>{s.agent_count ?? 0}</td></tr>)}</tbody></table>
      <form class="row" onSubmit={create}>
        <label>{t("admin.name")}<input value={name} required onInput={(e) => setName(val(e))} /></label>
        <label>{t("admin.tz")}<input value={tz} required onInput={(e) => setTz(val(e))} /></label>
        <label>{t("admin.phone")}<input type="tel" value={phone} onInput={(e) => setPhone(val(e))} /></label>
        <button type="submit">{t("admin.create")}</button>
      </form>
      <ErrorBox msg={err} />
    </section>
  );
}

function useAgents() {
  const [agents, setAgents] = useState<Agent[]>([]);
  useEffect(() => { api<{ items: Agent[] }>("GET", "/v1/agents").then((r) => setAgents(r.items)).catch(() => {}); }, []);
  return agents;
}
const agentName = (a?: Agent) => a ? ([a.first_name, a.last_name].filter(Boolean).join(" ") || a.email) : "?";

function Escalation({ storeId }: { storeId: string }) {
  const agents = useAgents();
  const [mode, setMode] = useState("off"); const [delay, setDelay] = useState(5); const [ids, setIds] = useState<string[]>([]);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false); const [add, setAdd] = useState("");
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    api("GET", `/v1/stores/${storeId}/escalation`).then((r) => { setMode(r.mode); setDelay(r.delay_minutes); setIds(r.agent_ids || []); setLoaded(true); })
      .catch((x) => setErr(x.message));
  }, [storeId]);
  const move = (i: number, d: number) => setIds((cur) => { const c = [...cur]; const j = i + d; if (j < 0 || j >= c.length) return c; [c[i], c[j]] = [c[j], c[i]]; return c; });
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    try { await api("PUT", `/v1/stores/${storeId}/escalation`, { mode, delay_minutes: Number(delay), agent_ids: ids }); setOk(true); }
    catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.escalation")}</h2>
      <form onSubmit={save}><fieldset class="plain" disabled={!loaded}>
        <div class="row">
          <label>{t("admin.mode")}<select value={mode} onChange={(e) => setMode(val(e))}>
            {["off", "random", "ordered"].map((m) => <option value={m}>{t(`mode.${m}`)}</option>)}</select></label>
          <label>{t("admin.delay")}<input type="number" min={1} max={1440} value={delay} onInput={(e) => setDelay(Number(val(e)))} /></label>
        </div>
        <p>{t("admin.order")}</p>
        <ol>{ids.map((id, i) => (
          <li>{agentName(agents.find((a) => a.id === id))}{" "}
            <button type="button" onClick={() => move(i, -1)} aria-label={t("admin.up")}>↑</button>
            <button type="button" onClick={() => move(i, 1)} aria-label={t("admin.down")}>↓</button>
            <button type="button" onClick={() => setIds(ids.filter((x) => x !== id))}>{t("admin.remove")}</button></li>))}
        </ol>
        <div class="row">
          <label>{t("admin.agent")}<select value={add} onChange={(e) => setAdd(val(e))}><option value="">—</option>
            {agents.filter((a) => !ids.includes(a.id)).map((a) => <option value={a.id}>{agentName(a)}</option>)}</select></label>
          <button type="button" disabled={!add} onClick={() => { setIds([...ids, add]); setAdd(""); }}>{t("admin.add")}</button>
          <span class="grow" /><button type="submit" class="primary">{t("admin.save")}</button>
        </div>
      </fieldset></form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
interface Range { day: string; from: string; to: string }

function AutoMessages({ storeId }: { storeId: string }) {
  const [greet, setGreet] = useState(""); const [resend, setResend] = useState(0);
  // Greetings of the other channels are kept as loaded; the IVR one is the text a caller of the store's number gets.
  const [greetings, setGreetings] = useState<Record<string, { text: string; resend_after_hours: number }>>({});
  const [ivr, setIvr] = useState("");
  const [closedText, setClosedText] = useState(""); const [hours, setHours] = useState<Range[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  useEffect(() => {
    api("GET", `/v1/stores/${storeId}/auto-messages`).then((r) => {
      const g = r.greetings?.sms; setGreet(g?.text || ""); setResend(g?.resend_after_hours || 0);
      setGreetings(r.greetings || {}); setIvr(r.greetings?.ivr?.text || "");
      setClosedText(r.closed?.text || ""); setHours(r.closed?.hours || []); setLoaded(true);
    }).catch((x) => setErr(x.message));
  }, [storeId]);
  const setH = (i: number, k: keyof Range, v: string) => setHours((cur) => cur.map((h, j) => j === i ? { ...h, [k]: v } : h));
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    try {
      await api("PUT", `/v1/stores/${storeId}/auto-messages`, {
        greetings: withGreetings(greetings, { sms: greet ? { text: greet, resend_after_hours: Number(resend) } : null,
          ivr: ivr ? { text: ivr, resend_after_hours: greetings.ivr?.resend_after_hours || 0 } : null }),
        closed: { text: closedText, hours } });
      setOk(true);
    } catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.auto")}</h2>
      <form onSubmit={save}><fieldset class="plain" disabled={!loaded}>
        <label>{t("admin.greeting")}<textarea rows={2} value={greet} onInput={(e) => setGreet(val(e))} /></label>
        <label>{t("admin.resend")}<input type="number" min={0} value={resend} onInput={(e) => setResend(Number(val(e)))} /></label>
        <label>{t("admin.ivrGreeting")}<textarea name="ivr-greeting" rows={2} value={ivr} onInput={(e) => setIvr(val(e))} /></label>
        <label>{t("admin.closedText")}<textarea rows={2} value={closedText} onInput={(e) => setClosedText(val(e))} /></label>
        <fieldset><legend>{t("admin.closedHours")}</legend>
          {hours.map((h, i) => (
            <div class="row">
              <select aria-label="day" value={h.day} onChange={(e) => setH(i, "day", val(e))}>{DAYS.map((d) => <option value={d}>{d}</option>)}</select>
              <input aria-label="from" type="time" value={h.from} onInput={(e) => setH(i, "from", val(e))} />
              <input aria-label="to" type="time" value={h.to} onInput={(e) => setH(i, "to", val(e))} />
              {h.to <= h.from && <span class="muted small">{t("admin.nextDay")}</span>}
              <button type="button" onClick={() => setHours(hours.filter((_, j) => j !== i))}>{t("admin.remove")}</button>
            </div>))}
          <button type="button" onClick={() => setHours([...hours, { day: "mon", from: "19:00", to: "09:00" }])}>{t("admin.addRange")}</button>
        </fieldset>
        <button type="submit" class="primary">{t("admin.save")}</button>
      </fieldset></form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}

type Greetings = Record<string, { text: string; resend_after_hours: number }>;
/** The greetings to save: those loaded, with the ones edited here set (or removed when emptied). */
function withGreetings(loaded: Greetings, edited: Record<string, { text: string; resend_after_hours: number } | null>): Greetings {
  const out: Greetings = { ...loaded };
  for (const [channel, g] of Object.entries(edited)) { if (g) out[channel] = g; else delete out[channel]; }
  return out;
}

const NO_RIGHTS = { perimeter: false, contactable: false, admin: false };

function RightsMatrix({ stores }: { stores: Store[] }) {
  const agents = useAgents();
  const [agentId, setAgentId] = useState("");
  const [m, setM] = useState<Record<string, { perimeter: boolean; contactable: boolean; admin: boolean }>>({});
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  const [loadedFor, setLoadedFor] = useState(""); // the matrix stays disabled until the agent's rights are loaded
  useEffect(() => { if (!agentId && agents[0]) setAgentId(agents[0].id); }, [agents]);
  useEffect(() => {
    setLoadedFor(""); setOk(false);
    if (agentId) api("GET", `/v1/agents/${agentId}/rights`).then((r) => { setM(r.stores || {}); setLoadedFor(agentId); })
      .catch((x) => setErr(x.message));
  }, [agentId]);
  const flip = (sid: string, k: "perimeter" | "contactable" | "admin") =>
    setM((cur) => ({ ...cur, [sid]: { ...NO_RIGHTS, ...cur[sid], [k]: !cur[sid]?.[k] } }));
  async function save() {
    setErr(null); setOk(false);
    try { const r = await api("PUT", `/v1/agents/${agentId}/rights`, { stores: m }); setM(r.stores || m); setOk(true); }
    catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.rights")}</h2>
      <label>{t("admin.agent")}<select value={agentId} onChange={(e) => setAgentId(val(e))}>
        {agents.map((a) => <option value={a.id}>{agentName(a)}</option>)}</select></label>
      <table><thead><tr><th>{t("filter.store")}</th><th>{t("admin.perimeter")}</th><th>{t("admin.contactable")}</th><th>{t("admin.adminRight")}</th></tr></thead>
        <tbody>{stores.map((s) => (
          <tr><td>{s.name}</td>
            {(["perimeter", "contactable", "admin"] as const).map((k) => (
              <td><input type="checkbox" aria-label={`${s.name} ${t(`admin.${k === "admin" ? "adminRight" : k}`)}`}
                checked={!!m[s.id]?.[k]} disabled={!agentId || loadedFor !== agentId} onChange={() => flip(s.id, k)} /></td>))}
          </tr>))}</tbody></table>
      <button type="button" class="primary" onClick={save} disabled={!agentId || loadedFor !== agentId}>{t("admin.save")}</button>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}

function ClosingReasons() {
  const [text, setText] = useState(""); const [loaded, setLoaded] = useState(false);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  useEffect(() => {
    api<{ reasons: string[] }>("GET", "/v1/closing-reasons").then((r) => { setText(r.reasons.join("\n")); setLoaded(true); })
      .catch((x) => setErr(x.message));
  }, []);
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    const reasons = text.split("\n").map((x) => x.trim()).filter(Boolean);
    try { const r = await api<{ reasons: string[] }>("PUT", "/v1/closing-reasons", { reasons }); setText(r.reasons.join("\n")); setOk(true); }
    catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.reasons")}</h2>
      <form onSubmit={save}><fieldset class="plain" disabled={!loaded}>
        <label>{t("admin.reasonsHelp")}<textarea rows={4} value={text} onInput={(e) => setText(val(e))} /></label>
        <button type="submit" class="primary">{t("admin.save")}</button>
      </fieldset></form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}

function BrandProfile() {
  const [name, setName] = useState(""); const [slots, setSlots] = useState<number | "">("");
  const [serviceEmail, setServiceEmail] = useState(""); const [savedServiceEmail, setSavedServiceEmail] = useState("");
  const [loaded, setLoaded] = useState(false);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  const show = (b: any) => {
    setName(b.name || ""); setSlots(b.slots_per_agent ?? "");
    setServiceEmail(b.service_email || ""); setSavedServiceEmail(b.service_email || "");
  };
  useEffect(() => { api("GET", "/v1/brand").then((b) => { show(b); setLoaded(true); }).catch((x) => setErr(x.message)); }, []);
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    // Sent only when changed ("" removes it); delegating (E4) e-mails this address.
    const more = serviceEmail.trim() !== savedServiceEmail ? { service_email: serviceEmail.trim() } : {};
    try { show(await api("PATCH", "/v1/brand", { name, ...(slots === "" ? {} : { slots_per_agent: Number(slots) }), ...more })); setOk(true); }
    catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.brand")}</h2>
      <form onSubmit={save}><fieldset class="plain" disabled={!loaded}>
        <div class="row">
          <label>{t("admin.brandName")}<input value={name} required maxLength={120} onInput={(e) => setName(val(e))} /></label>
          <label>{t("admin.slots")}<input type="number" value={slots} onInput={(e) => setSlots(val(e) === "" ? "" : Number(val(e)))} /></label>
          <label>{t("admin.serviceEmail")}<input type="email" value={serviceEmail} maxLength={254}
            onInput={(e) => setServiceEmail(val(e))} /></label>
          <button type="submit" class="primary">{t("admin.save")}</button>
        </div>
      </fieldset></form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}

function Invitations({ stores }: { stores: Store[] }) {
  const [email, setEmail] = useState(""); const [storeId, setStoreId] = useState("");
  const [err, setErr] = useState<string | null>(null); const [sent, setSent] = useState<string | null>(null);
  useEffect(() => { if (!storeId && stores[0]) setStoreId(stores[0].id); }, [stores]);
  async function invite(e: Event) {
    e.preventDefault(); setErr(null); setSent(null);
    try { await api("POST", "/v1/invitations", { email, store_id: storeId }); setSent(email); setEmail(""); }
    catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card">
      <h2>{t("admin.invite")}</h2>
      <form class="row" onSubmit={invite} noValidate>
        <label>{t("admin.inviteEmail")}<input type="email" value={email} onInput={(e) => setEmail(val(e))} /></label>
        <label>{t("filter.store")}<select value={storeId} onChange={(e) => setStoreId(val(e))}>
          {stores.map((s) => <option value={s.id}>{s.name}</option>)}</select></label>
        <button type="submit" class="primary">{t("admin.inviteSend")}</button>
      </form>
      <ErrorBox msg={err} />{sent && <p class="ok" role="status">{t("admin.invited", { email: sent })}</p>}
    </section>
  );
}
