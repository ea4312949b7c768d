import { useState } from "preact/hooks";
import { session } from "./api";
import { t } from "./i18n";

export interface FileRef { url: string; content_type?: string | null; size?: number | null; error?: string | null }

function name(url: string): string { return decodeURIComponent(url.split("?")[0].split("/").pop() || url); }

/** A message's file: our kept copy is read with the agent's token (the link checks the agent's rights), then
 * opened from memory; a platform's link as it is; a file we could not keep says why. */
export function FileLink({ a }: { a: FileRef }) {
  const [err, setErr] = useState<string | null>(null);
  const major = (a.content_type || "").split("/")[0];
  const label = ["image", "video", "audio"].includes(major) ? t(`sb.file.${major}`) : t("file.file");
  if (!a.url.startsWith("/v1/")) {
    return <span><a href={a.url} target="_blank" rel="noopener noreferrer">{name(a.url)}</a>
      {a.error && <span class="error-inline" data-testid="file-error"> {t(`file.error.${a.error}`)}</span>}</span>;
  }
  async function open() {
    setErr(null);
    try {
      const res = await fetch(a.url, { headers: { Authorization: `Bearer ${session.token}`, Accept: a.content_type || "*/*" } });
      if (!res.ok) { setErr(t("file.unavailable")); return; }
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await res.blob()); link.download = name(a.url);
      link.click(); setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch { setErr(t("file.unavailable")); }
  }
  return <span><button type="button" class="link" data-testid="kept-file" onClick={open}>
    {t("file.open", { kind: label })}{a.size ? ` (${Math.max(1, Math.round(a.size / 1024))} KB)` : ""}</button>
    {err && <span class="error-inline" role="alert"> {err}</span>}</span>;
}
