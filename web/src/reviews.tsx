// Customers' reviews of a store (issue 15): a review shows its rating as stars (read out as "2 out of 5"), its
// source, and icons for its type and category with their text; the reply box says whether the answer goes by SMS
// (the author left a number) or as a public reply kept for the source; the statistics add the reviews' figures.
import { Message, Thread } from "./api";
import { addStrings, t } from "./i18n";
import { LIMITS } from "./window";

addStrings({
  en: {
    "review.label": "Review", "review.sms": "SMS", "review.rating": "{n} out of 5", "review.source": "on {source}",
    "review.type.negative": "Dissatisfied", "review.type.neutral": "Neutral", "review.type.positive": "Satisfied",
    "review.category": "Category: {category}", "review.written": "written {when}",
    "review.answerSms": "Your answer goes by SMS to {phone}, from the store's number.",
    "review.answerPublic": "kept on this review for its source, where everyone may read it. No source receives it automatically yet.",
    "review.publicReply": "Public reply", "review.smsReply": "Answered by SMS",
    "msg.recorded": "Kept for the source (not sent)", "chan.review": "Reviews",
    "ind.reviews": "Reviews received", "ind.average_rating": "Average rating (out of 5)",
    "ind.reviews_answered_rate": "Reviews answered",
  },
  fr: {
    "review.label": "Avis", "review.sms": "SMS", "review.rating": "{n} sur 5", "review.source": "sur {source}",
    "review.type.negative": "Insatisfait", "review.type.neutral": "Neutre", "review.type.positive": "Satisfait",
    "review.category": "Catégorie : {category}", "review.written": "écrit {when}",
    "review.answerSms": "Votre réponse part par SMS au {phone}, depuis le numéro du point de vente.",
    "review.answerPublic": "gardée sur cet avis pour sa source, où chacun pourra la lire. Aucune source ne la reçoit encore automatiquement.",
    "review.publicReply": "Réponse publique", "review.smsReply": "Répondu par SMS",
    "msg.recorded": "Gardée pour la source (non envoyée)", "chan.review": "Avis",
    "ind.reviews": "Avis reçus", "ind.average_rating": "Note moyenne (sur 5)",
    "ind.reviews_answered_rate": "Avis traités",
  },
});

/** A review as its message carries it. */
export interface Review {
  source: string; external_id: string; rating: number; type: "negative" | "neutral" | "positive";
  category: string | null; author_name: string | null; author_phone: string | null; written_at: string;
}
type ReviewMessage = Message & { review?: Review | null };
type ReviewThread = Thread & { review_rating?: number | null; answer_by?: "sms" | "public" | null };

/** The figures the statistics add for reviews, in the table's order. */
export const REVIEW_INDICATORS = ["reviews", "average_rating", "reviews_answered_rate"];
export const REVIEW_RATES = ["reviews_answered_rate"];

const TYPE_ICONS: Record<Review["type"], string> = { negative: "☹", neutral: "😐", positive: "☺" };
const PUBLIC_LIMIT = 4000; // what the server keeps of a public reply

/** Five stars, as many filled as the rating, read out as "2 out of 5". */
export function Stars({ rating }: { rating: number }) {
  const label = t("review.rating", { n: String(rating) });
  return (
    <span class={`stars stars-${rating}`} role="img" aria-label={label} title={label} data-testid="review-stars">
      {[1, 2, 3, 4, 5].map((n) => <span aria-hidden="true" class={n <= rating ? "on" : "off"}>{n <= rating ? "★" : "☆"}</span>)}
    </span>);
}

/** Above a review's text: its stars, source, type and category (icons with their words), and when it was written. */
export function ReviewHead({ m, when }: { m: Message; when: (iso: string) => string }) {
  const r = (m as ReviewMessage).review;
  if (!r || m.kind !== "review") return null;
  const typeText = t(`review.type.${r.type}`);
  return (
    <div class={`review-head ${r.type}`} data-testid="review">
      <span class="tag">{t("review.label")}</span> <Stars rating={r.rating} />{" "}
      <span class="review-source">{t("review.source", { source: r.source })}</span>{" "}
      <span class={`review-type ${r.type}`} data-testid="review-type">
        <span role="img" aria-label={typeText} title={typeText}>{TYPE_ICONS[r.type]}</span> {typeText}</span>
      {r.category && <>{" "}<span class="review-category" data-testid="review-category">
        <span role="img" aria-label={t("review.category", { category: r.category })}>◆</span> {r.category}</span></>}
      {" "}<span class="muted small">{t("review.written", { when: when(r.written_at) })}</span>
    </div>);
}

/** Under an agent's answer to a review: how it went. */
export function ReviewAnswerMeta({ m }: { m: Message }) {
  if (m.kind === "review_reply") return <span class="tag" data-testid="public-review-reply">{t("review.publicReply")}</span>;
  if (m.kind === "review_sms") return <span class="tag" data-testid="sms-review-reply">{t("review.smsReply")}</span>;
  return null;
}

/** Above the reply box of a review: by SMS or as a public reply. */
export function ReviewComposer({ thread }: { thread: Thread | null }) {
  const way = (thread as ReviewThread | null)?.answer_by;
  if (thread?.channel !== "review" || !way) return null;
  return (
    <p class={`review-answer ${way}`} role="status" data-testid="review-answer-way">
      <strong>{t(way === "sms" ? "review.sms" : "review.publicReply")}</strong>{" · "}
      {way === "sms" ? t("review.answerSms", { phone: thread.customer.phone || "" }) : t("review.answerPublic")}
    </p>);
}

/** The longest answer the review takes: an SMS's, or a public reply's; undefined off reviews. */
export function reviewLimit(thread: Thread | null): number | undefined {
  const way = (thread as ReviewThread | null)?.answer_by;
  if (thread?.channel !== "review" || !way) return undefined;
  return way === "sms" ? LIMITS.sms : PUBLIC_LIMIT;
}

/** In the thread list: the review's stars beside the customer's name. */
export function ReviewMarker({ th }: { th: Thread }) {
  const rating = (th as ReviewThread).review_rating;
  if (th.channel !== "review" || !rating) return null;
  return <span class="tag review" data-testid="review-marker"> <Stars rating={rating} /></span>;
}
