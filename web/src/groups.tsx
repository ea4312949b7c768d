// Store groups (A7): named sets of stores (a region...) that the inbox filters by. Brand admins manage them here.
import { useEffect, useState } from "preact/hooks";
import { api, Store, StoreGroup } from "./api";
import { t } from "./i18n";
import { ErrorBox, val } from "./ui";

export function StoreGroups({ stores }: { stores: Store[] }) {
  const [groups, setGroups] = useState<StoreGroup[]>([]);
  const [name, setName] = useState(""); const [ids, setIds] = useState<string[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  async function load() {
    try { const r = await api<{ items: StoreGroup[] }>("GET", "/v1/store-groups"); setGroups(r.items); }
    catch (x) { setErr((x as Error).message); }
  }
  useEffect(() => { load(); }, []);
  function reset() { setName(""); setIds([]); setEditing(null); }
  const flip = (id: string) => setIds(ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    try {
      if (editing) await api("PATCH", `/v1/store-groups/${editing}`, { name, store_ids: ids });
      else await api("POST", "/v1/store-groups", { name, store_ids: ids });
      reset(); setOk(true); load();
    } catch (x) { setErr((x as Error).message); }
  }
  async function remove(g: StoreGroup) {
    if (!confirm(t("groups.confirmDelete", { name: g.name }))) return;
    setErr(null); setOk(false);
    try { await api("DELETE", `/v1/store-groups/${g.id}`); if (editing === g.id) reset(); load(); }
    catch (x) { setErr((x as Error).message); }
  }
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? "?";
  return (
    <section class="card" aria-labelledby="groups-title">
      <h2 id="groups-title">{t("groups.title")}</h2>
      <p class="muted small">{t("groups.help")}</p>
      {groups.length === 0 ? <p class="muted small">{t("groups.none")}</p> : (
        <table><thead><tr><th>{t("admin.name")}</th><th>{t("admin.stores")}</th><th><span class="sr-only">{t("canned.actions")}</span></th></tr></thead>
          <tbody>{groups.map((g) => (
            <tr><td>{g.name}</td><td>{g.store_ids.map(storeName).join(", ")}</td>
              <td class="nowrap">
                <button type="button" aria-label={`${t("canned.edit")} ${g.name}`}
                  onClick={() => { setEditing(g.id); setName(g.name); setIds([...g.store_ids]); }}>{t("canned.edit")}</button>{" "}
                <button type="button" aria-label={`${t("admin.remove")} ${g.name}`} onClick={() => remove(g)}>{t("admin.remove")}</button>
              </td></tr>))}</tbody></table>
      )}
      <form onSubmit={save} class="plain-form">
        <label>{t("groups.name")}<input value={name} required maxLength={120} onInput={(e) => setName(val(e))} /></label>
        <fieldset class="stores-pick"><legend>{t("admin.stores")}</legend>
          {stores.map((s) => <label class="check"><input type="checkbox" checked={ids.includes(s.id)} onChange={() => flip(s.id)} />{s.name}</label>)}
        </fieldset>
        <div class="row">
          <button type="submit" class="primary">{editing ? t("admin.save") : t("groups.add")}</button>
          {editing && <button type="button" onClick={reset}>{t("canned.cancel")}</button>}
        </div>
      </form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}
