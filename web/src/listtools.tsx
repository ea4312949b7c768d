// The inbox list's tools beyond store and status (issue 6): search (D3), folders (C6), store groups (A7), the global
// new / unanswered counts (C4), and the hold and alert markers of each row (C5). Kept apart from inbox.tsx so the
// list's loading path stays as it is.
import { useEffect, useState } from "preact/hooks";
import { afterList, api, StoreGroup, Thread } from "./api";
import { t, when } from "./i18n";
import { val } from "./ui";

export const FOLDERS = ["inbox", "done", "spam", "archived"] as const;

export function useListTools() {
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [folder, setFolder] = useState<string>("inbox");
  const [groupId, setGroupId] = useState("");
  const [groups, setGroups] = useState<StoreGroup[]>([]);
  useEffect(() => {
    afterList().then(() => api<{ items: StoreGroup[] }>("GET", "/v1/store-groups")).then((r) => setGroups(r.items || [])).catch(() => {});
  }, []);
  // The API searches from two characters on; it ignores status and folder (a search spans them all).
  useEffect(() => {
    const id = setTimeout(() => setQ(typed.trim().length >= 2 ? typed.trim() : ""), 300);
    return () => clearTimeout(id);
  }, [typed]);
  return { typed, setTyped, q, folder, setFolder, groupId, setGroupId, groups };
}
export type ListToolsState = ReturnType<typeof useListTools>;

export function GroupFilter({ tools, onPick }: { tools: ListToolsState; onPick: () => void }) {
  if (tools.groups.length === 0) return null;
  return (
    <label>{t("filter.group")}
      <select value={tools.groupId} onChange={(e) => { tools.setGroupId(val(e)); onPick(); }} data-testid="group-filter">
        <option value="">{t("filter.allGroups")}</option>
        {tools.groups.map((g) => <option value={g.id}>{g.name}</option>)}
      </select>
    </label>
  );
}

export function ListTools({ tools, counts }: { tools: ListToolsState; counts: Record<string, number> }) {
  return (
    <>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label>{t("filter.search")}
          <input type="search" value={tools.typed} placeholder={t("filter.searchHint")} data-testid="search"
            onInput={(e) => tools.setTyped(val(e))}
            onKeyDown={(e) => { if (e.key === "Escape") tools.setTyped(""); }} /></label>
      </form>
      <fieldset class="folders"><legend>{t("filter.folder")}</legend>
        {FOLDERS.map((f) => (
          <label class="check"><input type="radio" name="folder" value={f} checked={tools.folder === f}
            onChange={() => tools.setFolder(f)} />{t(`folder.${f}`)}</label>
        ))}
      </fieldset>
      <p class="globals small" aria-live="polite">
        <span>{t("count.new")} <span class="count" data-testid="count-new">{counts.new ?? 0}</span></span>
        <span>{t("count.unanswered")} <span class="count" data-testid="count-unanswered">{counts.unanswered ?? 0}</span></span>
      </p>
    </>
  );
}

/** Hold and alert markers, and what the search matched. */
export function Markers({ th }: { th: Thread }) {
  return <>
    {th.alert && <span class="tag alert" title={th.alert_reason || t("mark.alert")} data-testid="alert-marker">{t("mark.alert")}</span>}
    {th.on_hold && <span class="tag hold" title={th.hold_reason || t("mark.hold")} data-testid="hold-marker">{t("mark.hold")}</span>}
  </>;
}

export function MatchLine({ th, tz }: { th: Thread; tz?: string }) {
  const m = th.match;
  if (!m) return null;
  return (
    <span class="match small" data-testid="match">
      <span class="muted">{t(`match.${m.kind}`)}</span>{" "}
      {m.excerpt ? <q>{m.excerpt}</q> : null}
      {m.at ? <span class="muted"> · {when(m.at, tz)}</span> : null}
    </span>
  );
}

/** The priority sections (C5), in the API's order: customers on hold, alerts, then new messages. */
export const section = (th: Thread) => th.on_hold ? "hold" : th.alert ? "alert" : "new";

/** A heading where a section starts, shown only when some thread is on hold or in alert. */
export function SectionHead({ th, prev, all }: { th: Thread; prev?: Thread; all: Thread[] }) {
  const here = section(th);
  if ((prev && section(prev) === here) || !all.some((x) => section(x) !== "new")) return null;
  return <li class="section-head" key={`section-${here}`}><h2>{t(`section.${here}`)}</h2></li>;
}
