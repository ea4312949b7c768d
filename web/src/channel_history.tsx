// Where the import of a channel's history stands (the last 500 messages of each conversation, on connect).
import { ChannelAccount } from "./api";
import { t } from "./i18n";

export function History({ c }: { c: ChannelAccount }) {
  const h = c.history;
  if (!h) return <span class="muted">—</span>;
  if (h.status === "importing") return <span>{t("channels.history.importing")}</span>;
  if (h.status === "imported") return <span class="ok">{t("channels.history.imported", { threads: String(h.threads), messages: String(h.messages) })}</span>;
  if (h.status === "failed") return <strong class="warn">{t("channels.history.failed", { reason: h.reason ?? "?" })}</strong>;
  return <span class="muted small">{t("channels.history.unavailable")}</span>;
}
