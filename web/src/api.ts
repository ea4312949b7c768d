// The only way the client talks to the server: the public HTTP API (API.md).
import { t } from "./i18n";

export interface Problem { type?: string; title?: string; status?: number; detail?: string; errors?: Record<string, string> }

export class ApiError extends Error {
  constructor(public status: number, public problem: Problem) {
    super(plainWords(status, problem));
  }
}

/** A problem+json in plain words: the detail, then each field's message. */
export function plainWords(status: number, p: Problem): string {
  const parts: string[] = [];
  const head = p.detail || p.title || t("err.status", { status: String(status) });
  parts.push(head);
  for (const [field, msg] of Object.entries(p.errors || {})) {
    const line = `${field}: ${msg}`;
    if (!head.includes(line)) parts.push(line);
  }
  if (status === 0) return t("err.network");
  if (status === 401) parts.push(t("err.relogin"));
  return parts.join(" — ");
}

export const session = {
  get token(): string | null { return sessionStorage.getItem("comptoir.token"); },
  set token(v: string | null) { v ? sessionStorage.setItem("comptoir.token", v) : sessionStorage.removeItem("comptoir.token"); },
};

let onUnauthorized: () => void = () => {};
let renewing = 0;
/** Runs f while a 401 does not log the agent out: a password change ends the old session before the new one
 * exists, and requests already on their way with the old token come back 401 a little later. */
export async function renewingSession<T>(f: () => Promise<T>): Promise<T> {
  renewing++;
  try { return await f(); } finally { setTimeout(() => { renewing--; }, 3000); }
}
export function setUnauthorizedHandler(f: () => void) { onUnauthorized = f; }

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const tok = session.token;
  if (tok && path.startsWith("/v1/")) headers.Authorization = `Bearer ${tok}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, {});
  }
  const text = await res.text();
  let data: any = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text.slice(0, 200) }; }
  if (!res.ok) {
    if (res.status === 401 && path.startsWith("/v1/") && path !== "/v1/auth/login" && renewing === 0) onUnauthorized();
    throw new ApiError(res.status, data || {});
  }
  return data as T;
}

// Requests started before the component that needs them is on screen (the inbox's first page, with the boot
// requests, rather than after them): each answer is taken once, by the first asker of the same GET.
const early = new Map<string, Promise<any>>();
export function prefetch(path: string): void {
  if (!early.has(path)) {
    const p = api("GET", path);
    p.catch(() => {}); // the asker sees the error
    early.set(path, p);
  }
}
/** GET `path`: the answer of an earlier prefetch(path) if one is waiting, else a new request. */
export function getOnce<T = any>(path: string): Promise<T> {
  const p = early.get(path);
  if (p) { early.delete(path); return p; }
  return api<T>("GET", path);
}

// What the header shows beside the inbox (presence, notifications) waits for the first page of threads,
// so that the server answers the list first; at most `ms` when no list is on screen.
let listShown: () => void = () => {};
const listReady = new Promise<void>((resolve) => { listShown = resolve; });
export function markListShown(): void { listShown(); }
export function afterList(ms = 1500): Promise<void> {
  return Promise.race([listReady, new Promise<void>((resolve) => setTimeout(resolve, ms))]);
}

export const qs = (o: Record<string, string | number | undefined | null>) =>
  Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");

export interface Store { id: string; name: string; timezone: string; phone_number?: string | null; address?: string | null; agent_count?: number }
export interface Agent { id: string; email: string; first_name: string; last_name: string; brand_admin?: boolean; rights?: any; presence?: { chat: string; call: string } }
export interface Thread extends ThreadMore {
  id: string; store_id: string; channel: string;
  customer: { id: string; phone?: string | null; name?: string | null; opted_out?: boolean;
    picture_url?: string | null }; // our copy of the platform's picture, read with the agent's token
  status: "waiting" | "replied" | "resolved"; folder: string; unread: boolean; waiting_since?: string | null;
  last_message_at: string; assigned_agent_id?: string | null; participants?: string[]; snoozed_until?: string | null;
  on_hold: boolean; alert: boolean; escalation: { agent_id: string; since: string } | null; conversation_id: string;
  version: number; closed_reason?: string | null; closed_at?: string | null; created_at?: string;
  reply_window?: ReplyWindow | null;
}
/** Until when an agent may write freely (null: closed, the customer never wrote directly), and what may go after;
 * `comments`: the customer commented, so a reply to a comment may go whatever the window. */
export interface ReplyWindow { ends_at: string | null; hours: number; allowed_tags: string[]; templates: boolean; comments?: boolean }
export interface Message {
  id: string; direction: "in" | "out"; author: "customer" | "agent" | "auto"; agent_id?: string | null; text: string;
  attachments: any[]; status?: string | null; error?: string | null; created_at: string;
  tag?: string | null; template?: { name: string; language: string; parameters: string[] } | null;
  read_at?: string | null; // when the customer read it, where the channel tells
  kind?: string | null; reply_to?: string | null; private?: boolean; // a customer's comment, or a reply to one
  comment?: { id: string; post_id: string | null; permalink: string | null } | null;
  origin?: "ivr" | null; outcome?: "reached" | "no_answer" | "voicemail" | null; // a phone call (kind "call")
}
export interface Page<T> { items: T[]; next_cursor: string | null }

// Issue 6: collaboration and inbox depth (fields the API adds to threads, and the new nouns).
export interface Match { kind: "number" | "name" | "text"; message_id?: string | null; excerpt?: string | null; at?: string | null }
export interface ThreadMore { hold_reason?: string | null; alert_reason?: string | null; unanswered?: boolean; match?: Match | null }
export interface Note {
  id: string; thread_id: string; kind: "note" | "system"; author_agent_id?: string | null; text: string;
  mentions?: string[]; created_at: string;
}
export interface Mention { id: string; thread_id: string; note_id: string; by_agent_id: string; text: string; created_at: string; read: boolean }
export interface Canned { id: string; title: string; text: string; scope: "brand" | "personal"; filled_text?: string | null; owner_agent_id?: string | null }
export interface StoreGroup { id: string; name: string; store_ids: string[] }
export interface ChannelAccount {
  id: string; store_id: string; kind: "messenger" | "instagram" | "whatsapp"; external_id: string; name: string;
  status: "connected" | "needs_reconnect"; receive_comments: boolean; created_at: string; updated_at: string;
  history?: ChannelHistory | null;
}
export interface ChannelHistory {
  status: "importing" | "imported" | "failed" | "unavailable"; threads: number; messages: number;
  reason: string | null; updated_at: string | null;
}
export interface CustomerCard {
  id: string; name?: string | null; display_name?: string | null; phone?: string | null; channel?: string | null;
  store_number?: string | null; attributes?: Record<string, unknown> | null; threads?: (Partial<Thread> & { id: string })[];
}
export interface Me extends Agent {
  picture_url?: string | null; notify_new_message?: boolean; notify_invitation_accepted?: boolean; notify_mention?: boolean;
  notify_transfer?: boolean; [k: string]: unknown;
}

/** First and last name, else the e-mail. */
export const agentName = (a?: Agent | null) => a ? ([a.first_name, a.last_name].filter(Boolean).join(" ") || a.email) : "?";

let agentsOnce: Promise<Agent[]> | null = null;
let agentsAt = 0;
/** The brand's agents (names for notes, mentions and transfers), shared by every view, read again after a minute. */
export function brandAgents(): Promise<Agent[]> {
  if (!agentsOnce || Date.now() - agentsAt > 60_000) {
    agentsAt = Date.now();
    agentsOnce = api<{ items: Agent[] }>("GET", "/v1/agents").then((r) => r.items)
      .catch((x) => { agentsOnce = null; throw x; });
  }
  return agentsOnce;
}
