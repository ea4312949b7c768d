// Each channel's rules in the reply box (issue 14). The server says in the thread's `reply_window` until when an
// agent may write freely; past it only a tagged message (Messenger, Instagram) or an approved template (WhatsApp)
// may go, and the box offers exactly that instead of free text.
import { Thread } from "./api";
import { addStrings, t, when } from "./i18n";
import { serverNow, val } from "./ui";

addStrings({
  en: {
    "window.closed": "The {length} window has closed ({end}).",
    "window.closedNever": "The {length} window is closed: the customer has not written on this channel.",
    "window.open": "Free replies until {end}.",
    "window.useTag": "Past the window, a message must carry one of these tags.",
    "window.useTemplate": "Past the window, only an approved template may go.",
    "window.commentOnly": "The customer has only commented: a comment opens no window for direct messages.",
    "window.useComment": "Answer under a comment (Reply), publicly or privately (one private reply per comment, within 7 days).",
    "window.tag": "Tag", "window.chooseTag": "Choose a tag",
    "window.templateName": "Template (name or content SID)", "window.templateLanguage": "Language (e.g. fr, en_US)",
    "window.templateParams": "Parameters, one per line",
    "window.sentTemplate": "Template {name} ({language})",
    "window.24": "24-hour", "window.days": "{n}-day",
    "tag.ACCOUNT_UPDATE": "Account update", "tag.POST_PURCHASE_UPDATE": "Post-purchase update",
    "tag.CONFIRMED_EVENT_UPDATE": "Confirmed event update",
  },
  fr: {
    "window.closed": "La fenêtre de {length} est fermée ({end}).",
    "window.closedNever": "La fenêtre de {length} est fermée : le client n'a pas écrit sur ce canal.",
    "window.open": "Réponses libres jusqu'au {end}.",
    "window.useTag": "Passé la fenêtre, un message doit porter l'une de ces étiquettes.",
    "window.useTemplate": "Passé la fenêtre, seul un modèle approuvé peut partir.",
    "window.commentOnly": "Le client a seulement commenté : un commentaire n'ouvre pas de fenêtre de messages directs.",
    "window.useComment": "Répondez sous un commentaire (Répondre), en public ou en privé (une réponse privée par commentaire, sous 7 jours).",
    "window.tag": "Étiquette", "window.chooseTag": "Choisir une étiquette",
    "window.templateName": "Modèle (nom ou SID de contenu)", "window.templateLanguage": "Langue (ex. fr, en_US)",
    "window.templateParams": "Paramètres, un par ligne",
    "window.sentTemplate": "Modèle {name} ({language})",
    "window.24": "24 heures", "window.days": "{n} jours",
    "tag.ACCOUNT_UPDATE": "Mise à jour du compte", "tag.POST_PURCHASE_UPDATE": "Suivi d'achat",
    "tag.CONFIRMED_EVENT_UPDATE": "Événement confirmé",
  },
});

/** Each channel's longest message (the server refuses longer ones with 422, never cuts them). */
export const LIMITS: Record<string, number> = { sms: 1000, whatsapp: 4096, messenger: 2000, instagram: 1000 };
export const limitOf = (channel?: string) => LIMITS[channel || "sms"] ?? 1000;

export interface Template { name: string; language: string; parameters: string[] }
/** What goes with the text past the window: a tag, or a template. */
export interface Extra { tag?: string; template?: Template }

/** Whether the thread's channel window is past: free text would be refused. */
export function windowClosed(thread: Thread | null): boolean {
  const w = thread?.reply_window;
  return !!w && (!w.ends_at || Date.parse(w.ends_at) <= serverNow());
}

/** Whether nothing but a reply to a comment may go: the window is closed, and no tag or template can open it. */
export function commentsOnly(thread: Thread | null): boolean {
  const w = thread?.reply_window;
  return windowClosed(thread) && !!w?.comments && !w.allowed_tags.length && !w.templates;
}

/** Whether `extra` is what the closed window asks for (a tag chosen, or a template named with its language). */
export function extraReady(thread: Thread | null, extra: Extra): boolean {
  if (!windowClosed(thread)) return true;
  return !!extra.tag || !!(extra.template?.name.trim() && extra.template.language.trim());
}

/** The body fields `extra` adds to a message: only what the agent filled in. */
export function extraBody(thread: Thread | null, extra: Extra): Record<string, unknown> {
  if (!windowClosed(thread)) return {};
  if (extra.tag) return { tag: extra.tag };
  const tpl = extra.template;
  if (!tpl?.name.trim()) return {};
  return { template: { name: tpl.name.trim(), language: tpl.language.trim(),
    parameters: tpl.parameters.map((p) => p.trim()).filter(Boolean) } };
}

const lengthWords = (hours: number) => hours <= 24 ? t("window.24") : t("window.days", { n: String(Math.round(hours / 24)) });

/** The window's state above the reply box, and past it the tag picker or the template fields. */
export function WindowRules({ thread, tz, extra, onExtra }:
  { thread: Thread; tz?: string; extra: Extra; onExtra: (e: Extra) => void }) {
  const w = thread.reply_window;
  if (!w) return null;
  if (!windowClosed(thread)) return <p class="muted small window-open">{t("window.open", { end: when(w.ends_at, tz) })}</p>;
  const length = lengthWords(w.hours);
  if (commentsOnly(thread)) {
    return (
      <div class="window-closed" role="status" data-testid="window-closed">
        <p><strong>{w.ends_at ? t("window.closed", { length, end: when(w.ends_at, tz) }) : t("window.commentOnly")}</strong>
          {" "}{t("window.useComment")}</p>
      </div>
    );
  }
  const tpl = extra.template ?? { name: "", language: "", parameters: [] };
  return (
    <div class="window-closed" role="status" data-testid="window-closed">
      <p><strong>{w.ends_at ? t("window.closed", { length, end: when(w.ends_at, tz) }) : t("window.closedNever", { length })}</strong>
        {" "}{w.allowed_tags.length ? t("window.useTag") : t("window.useTemplate")}
        {w.comments && <>{" "}{t("window.useComment")}</>}</p>
      {w.allowed_tags.length > 0 && (
        <label>{t("window.tag")}{" "}
          <select value={extra.tag ?? ""} data-testid="window-tag" onChange={(e) => onExtra({ tag: val(e) || undefined })}>
            <option value="">{t("window.chooseTag")}</option>
            {w.allowed_tags.map((tag) => <option value={tag}>{t(`tag.${tag}`)}</option>)}
          </select></label>)}
      {w.templates && (
        <div class="row">
          <label>{t("window.templateName")}
            <input value={tpl.name} maxLength={512} data-testid="window-template-name"
              onInput={(e) => onExtra({ template: { ...tpl, name: val(e) } })} /></label>
          <label>{t("window.templateLanguage")}
            <input value={tpl.language} maxLength={12} data-testid="window-template-language"
              onInput={(e) => onExtra({ template: { ...tpl, language: val(e) } })} /></label>
          <label>{t("window.templateParams")}
            <textarea rows={2} value={tpl.parameters.join("\n")}
              onInput={(e) => onExtra({ template: { ...tpl, parameters: val(e).split("\n") } })} /></label>
        </div>)}
    </div>
  );
}

/** What a sent message carried past the window, under its bubble. */
export function SentWith({ tag, template }: { tag?: string | null; template?: Template | null }) {
  if (template) return <span class="muted small">{t("window.sentTemplate", { name: template.name, language: template.language })}</span>;
  if (tag) return <span class="muted small">{t(`tag.${tag}`)}</span>;
  return null;
}
