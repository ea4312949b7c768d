import { useEffect, useRef, useState } from "preact/hooks";
import { afterList, api, Page } from "./api";
import { t, when } from "./i18n";

interface Notif { id: string; kind: string; thread_id: string; created_at: string; read: boolean }

// Polled every 2 s, like the inbox (no change feed in the API yet). A red dot marks unread notifications
// newer than the last time the agent opened the list.
const canNotify = () => typeof window !== "undefined" && "Notification" in window;

/** A desktop notification for each unread notification not seen by an earlier poll (none for the first poll). */
function announce(items: Notif[], known: Set<string> | null): Set<string> {
  const ids = new Set(items.map((n) => n.id));
  if (!known || !canNotify() || Notification.permission !== "granted") return ids;
  for (const n of items) {
    if (n.read || known.has(n.id)) continue;
    try {
      const shown = new Notification(`${t("app.title")} · ${t(`notif.${n.kind}`)}`, { body: when(n.created_at), tag: n.id });
      shown.onclick = () => { window.focus(); location.hash = `#/inbox/${n.thread_id}`; shown.close(); };
    } catch { /* some browsers only allow notifications from a service worker */ }
  }
  return new Set([...known, ...ids]);
}

export function Notifications() {
  const [items, setItems] = useState<Notif[]>([]);
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(() => localStorage.getItem("comptoir.notifSeen") || "");
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : "unsupported"));
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    const load = () => api<Page<Notif>>("GET", "/v1/notifications?limit=20")
      .then((r) => { known.current = announce(r.items, known.current); setItems(r.items); }).catch(() => {});
    let id: ReturnType<typeof setInterval> | undefined;
    let gone = false;
    afterList().then(() => { if (!gone) { load(); id = setInterval(load, 2000); } });
    return () => { gone = true; clearInterval(id); };
  }, []);
  const fresh = items.filter((n) => !n.read && n.created_at > seen);
  function toggle() {
    if (!open && items[0]) { setSeen(items[0].created_at); localStorage.setItem("comptoir.notifSeen", items[0].created_at); }
    setOpen(!open);
  }
  return (
    <span class="notif">
      <button type="button" onClick={toggle} aria-expanded={open}
        aria-label={`${t("notif.title")}${fresh.length ? ` (${fresh.length} ${t("notif.unread")})` : ""}`}>
        {t("notif.title")}{fresh.length > 0 && <span class="red-dot" data-testid="notif-dot" aria-hidden="true" />}
      </button>
      {open && (
        <ul class="notif-list">
          {permission === "default" && <li><button type="button" class="link" data-testid="notif-enable"
            onClick={() => Notification.requestPermission().then(setPermission).catch(() => {})}>{t("notif.enable")}</button></li>}
          {permission === "denied" && <li class="muted small">{t("notif.denied")}</li>}
          {items.length === 0 && <li class="muted">{t("notif.empty")}</li>}
          {items.map((n) => (
            <li class={n.read ? "" : "unread"}>
              <a href={`#/inbox/${n.thread_id}`} onClick={() => setOpen(false)}>{t(`notif.${n.kind}`)}</a>
              <span class="muted small"> {when(n.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
