// Customers' public comments on the store's posts (issue 14): a comment says it is one, links to its post when
// the platform gave the address, and offers "Reply publicly"; the reply box then answers under that comment
// (`reply_to`), free of the direct messages' window, and the reply says which comment it answers.
import { Message } from "./api";
import { addStrings, t } from "./i18n";

addStrings({
  en: {
    "comment.label": "Comment on a post", "comment.viewPost": "View the post",
    "comment.replyPublicly": "Reply publicly", "comment.replyPubliclyTo": "Reply publicly to: {text}",
    "comment.replying": "Public reply to the comment “{text}”: everyone who sees the post will see it.",
    "comment.cancel": "Write a private message instead", "comment.answers": "Public reply to “{text}”",
    "comment.answersUnknown": "Public reply to a comment",
    "comment.replyPrivately": "Reply privately", "comment.replyPrivatelyTo": "Reply privately to: {text}",
    "comment.replyingPrivately": "Private message to the author of “{text}” (one per comment, within 7 days).",
    "comment.privateAnswer": "Private reply to “{text}”", "comment.cancelPrivate": "Cancel",
  },
  fr: {
    "comment.label": "Commentaire sur une publication", "comment.viewPost": "Voir la publication",
    "comment.replyPublicly": "Répondre publiquement", "comment.replyPubliclyTo": "Répondre publiquement à : {text}",
    "comment.replying": "Réponse publique au commentaire « {text} » : tous ceux qui voient la publication la verront.",
    "comment.cancel": "Écrire plutôt un message privé", "comment.answers": "Réponse publique à « {text} »",
    "comment.answersUnknown": "Réponse publique à un commentaire",
    "comment.replyPrivately": "Répondre en privé", "comment.replyPrivatelyTo": "Répondre en privé à : {text}",
    "comment.replyingPrivately": "Message privé à l'auteur de « {text} » (un par commentaire, sous 7 jours).",
    "comment.privateAnswer": "Réponse privée à « {text} »", "comment.cancelPrivate": "Annuler",
  },
});

const EXCERPT = 60;
const excerpt = (text: string) => text.length > EXCERPT ? text.slice(0, EXCERPT - 1) + "…" : text;

/** A comment being answered: under it for everyone, or privately to its author. */
export interface Answering { comment: Message; private: boolean }

/** The body fields a reply to a comment adds. */
export const answeringBody = (a: Answering) => a.private ? { reply_to: a.comment.id, private: true } : { reply_to: a.comment.id };

/** Whether a message is a customer's comment that may be answered publicly. */
export const isComment = (m: Message) => m.kind === "comment" && m.direction === "in";

/** Under a message: "Comment on a post" (with the post's link and the reply action), or which comment a public
 * reply answers. Nothing for an ordinary message. */
export function CommentMeta({ m, all, onReply }: { m: Message; all: Message[]; onReply: (a: Answering) => void }) {
  const post = m.comment?.permalink;
  if (isComment(m)) {
    return (
      <span class="comment-meta" data-testid="comment-label">
        <span class="badge">{t("comment.label")}</span>
        {post && <> <a href={post} target="_blank" rel="noopener noreferrer">{t("comment.viewPost")}</a></>}
        {" "}<button type="button" class="link" data-testid="reply-publicly"
          aria-label={t("comment.replyPubliclyTo", { text: excerpt(m.text) })}
          onClick={() => onReply({ comment: m, private: false })}>{t("comment.replyPublicly")}</button>
        {" "}<button type="button" class="link" data-testid="reply-privately"
          aria-label={t("comment.replyPrivatelyTo", { text: excerpt(m.text) })}
          onClick={() => onReply({ comment: m, private: true })}>{t("comment.replyPrivately")}</button>
      </span>);
  }
  if (!m.reply_to) return null;
  const answered = all.find((x) => x.id === m.reply_to);
  return (
    <span class="comment-meta muted small" data-testid="public-reply">
      {answered ? t(m.private ? "comment.privateAnswer" : "comment.answers", { text: excerpt(answered.text) })
        : t("comment.answersUnknown")}
      {post && <> <a href={post} target="_blank" rel="noopener noreferrer">{t("comment.viewPost")}</a></>}
    </span>);
}

/** Above the reply box while answering a comment (publicly or privately), with the way back to a message. */
export function ReplyingTo({ answering, onCancel }: { answering: Answering; onCancel: () => void }) {
  const text = excerpt(answering.comment.text);
  return (
    <p class="replying-to" role="status" data-testid="replying-to">
      {t(answering.private ? "comment.replyingPrivately" : "comment.replying", { text })}{" "}
      <button type="button" class="link" onClick={onCancel}>
        {t(answering.private ? "comment.cancelPrivate" : "comment.cancel")}</button>
    </p>);
}
