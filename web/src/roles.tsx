// Roles (A8): which sections (inbox, statistics, admin) and channels an employee may use. Brand admins define
// roles and give one to an agent, or none (every section and channel).
import { useEffect, useState } from "preact/hooks";
import { api, agentName, Agent, Me } from "./api";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";

interface Role { id: string; name: string; sections: string[]; channels: string[]; agent_count?: number }
const SECTIONS = ["inbox", "statistics", "admin"];

export function Roles() {
  const [roles, setRoles] = useState<Role[]>([]);
  const [agents, setAgents] = useState<(Agent & { role_id?: string | null })[]>([]);
  const [channels, setChannels] = useState<string[]>(["sms"]);
  const [name, setName] = useState(""); const [secs, setSecs] = useState<string[]>(["inbox"]); const [chans, setChans] = useState<string[]>(["sms"]);
  const [agentId, setAgentId] = useState(""); const [roleId, setRoleId] = useState("");
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  async function load() {
    try {
      const [r, a, me] = await Promise.all([api<{ items: Role[] }>("GET", "/v1/roles"),
        api<{ items: Agent[] }>("GET", "/v1/agents"), api<Me>("GET", "/v1/me")]);
      setRoles(r.items); setAgents(a.items);
      if (Array.isArray(me.channels) && me.channels.length) setChannels(me.channels as string[]);
    } catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { load(); }, []);
  const flip = (list: string[], v: string) => list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
  async function run(f: () => Promise<unknown>) {
    setErr(null); setOk(false);
    try { await f(); setOk(true); load(); } catch (x) { setErr((x as Error).message); }
  }
  const create = (e: Event) => { e.preventDefault(); run(async () => { await api("POST", "/v1/roles", { name, sections: secs, channels: chans }); setName(""); }); };
  const assign = (e: Event) => { e.preventDefault(); if (agentId) run(() => api("PUT", `/v1/agents/${agentId}/role`, { role_id: roleId || null })); };
  const roleName = (id?: string | null) => roles.find((r) => r.id === id)?.name ?? t("roles.none");
  return (
    <section class="card" aria-labelledby="roles-title">
      <h2 id="roles-title">{t("roles.title")}</h2>
      <p class="muted small">{t("roles.help")}</p>
      {roles.length > 0 && (
        <table><thead><tr><th>{t("admin.name")}</th><th>{t("roles.sections")}</th><th>{t("roles.channels")}</th><th>{t("admin.agents")}</th>
          <th><span class="sr-only">{t("canned.actions")}</span></th></tr></thead>
          <tbody>{roles.map((r) => (
            <tr><td>{r.name}</td><td>{r.sections.map((s) => t(`roles.${s}`)).join(", ")}</td><td>{r.channels.join(", ").toUpperCase()}</td>
              <td>{r.agent_count ?? 0}</td>
              <td><button type="button" aria-label={`${t("admin.remove")} ${r.name}`}
                onClick={() => { if (confirm(t("roles.confirmDelete", { name: r.name }))) run(() => api("DELETE", `/v1/roles/${r.id}`)); }}>
                {t("admin.remove")}</button></td></tr>))}</tbody></table>
      )}
      <form onSubmit={create} class="plain-form">
        <label>{t("roles.name")}<input value={name} required maxLength={120} onInput={(e) => setName(val(e))} /></label>
        <fieldset class="stores-pick"><legend>{t("roles.sections")}</legend>
          {SECTIONS.map((s) => <label class="check"><input type="checkbox" checked={secs.includes(s)} onChange={() => setSecs(flip(secs, s))} />{t(`roles.${s}`)}</label>)}
        </fieldset>
        <fieldset class="stores-pick"><legend>{t("roles.channels")}</legend>
          {channels.map((c) => <label class="check"><input type="checkbox" checked={chans.includes(c)} onChange={() => setChans(flip(chans, c))} />{c.toUpperCase()}</label>)}
        </fieldset>
        <div class="row"><button type="submit" class="primary">{t("roles.add")}</button></div>
      </form>
      <form onSubmit={assign} class="row">
        <label>{t("admin.agent")}<select value={agentId} onChange={(e) => { setAgentId(val(e)); setRoleId(agents.find((a) => a.id === val(e))?.role_id || ""); }}>
          <option value="">—</option>
          {agents.filter((a) => !a.brand_admin).map((a) => <option value={a.id}>{agentName(a)} ({roleName(a.role_id)})</option>)}</select></label>
        <label>{t("roles.role")}<select aria-label={t("roles.role")} value={roleId} onChange={(e) => setRoleId(val(e))}>
          <option value="">{t("roles.none")}</option>
          {roles.map((r) => <option value={r.id}>{r.name}</option>)}</select></label>
        <button type="submit" disabled={!agentId}>{t("roles.assign")}</button>
      </form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}
