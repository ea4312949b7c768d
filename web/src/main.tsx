import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { afterList, api, getOnce, prefetch, session, setUnauthorizedHandler, Agent, Me, Store, ApiError } from "./api";
import { t } from "./i18n";
import { signalLang } from "./lang";
import { DEFAULT_THREADS, Inbox } from "./inbox";
import { Sandbox } from "./sandbox";
import { NewMessage } from "./newmsg";
import { Admin } from "./admin";
import { Stats } from "./stats";
import { Notifications } from "./notifications";
import { ErrorBox } from "./ui";
import { Mentions, MentionsLink } from "./mentions";
import { AcceptInvitation, Account, ForgotPassword, ResetPassword } from "./account";
import { ConfirmEmail } from "./emailchange";
import "./style.css";

// Links in e-mails name a thread by path (`<base>/threads/<id>`): the client routes on the hash.
const mailed = /^\/threads\/([^/]+)$/.exec(location.pathname);
if (mailed) history.replaceState(null, "", `/#/inbox/${mailed[1]}`);

function useHash(): string {
  const [h, setH] = useState(location.hash || "#/inbox");
  useEffect(() => {
    const f = () => setH(location.hash || "#/inbox");
    addEventListener("hashchange", f);
    return () => removeEventListener("hashchange", f);
  }, []);
  return h;
}

function Login({ onIn }: { onIn: (a: Agent) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState(false); // the sandbox answers only on the local stage
  useEffect(() => { fetch("/sandbox/clock").then((r) => setLocal(r.ok)).catch(() => {}); }, []);
  async function submit(e: Event) {
    e.preventDefault(); setBusy(true); setErr(null);
    try {
      const r = await api<{ token: string; agent: Agent }>("POST", "/v1/auth/login", { email, password });
      session.token = r.token; onIn(r.agent);
    } catch (x) { setErr((x as Error).message); } finally { setBusy(false); }
  }
  return (
    <main class="login">
      <h1>{t("app.title")}</h1>
      <form onSubmit={submit} class="card">
        <h2>{t("login.title")}</h2>
        <label>{t("login.email")}<input type="email" name="email" autocomplete="username" required value={email}
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)} /></label>
        <label>{t("login.password")}<input type="password" name="password" autocomplete="current-password" required value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)} /></label>
        <ErrorBox msg={err} />
        <button type="submit" class="primary" disabled={busy}>{t("login.submit")}</button>
      </form>
      <ForgotPassword email={email} />
      {local && <p class="muted" data-testid="demo-hint">{t("login.demo")} <code>admin@demo.test</code> / <code>demo-password</code>
        {" · "}<a href="#/sandbox">{t("nav.sandbox")}</a></p>}
    </main>
  );
}

function Presence() {
  const [state, setState] = useState<string>("unavailable");
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => { afterList().then(() => api("GET", "/v1/me/presence")).then((p) => setState(p.chat)).catch(() => {}); }, []);
  async function change(v: string) {
    const old = state; setState(v); setErr(null);
    try { const p = await api("PUT", "/v1/me/presence", { channel: "chat", state: v }); setState(p.chat ?? v); }
    catch (x) { setState(old); setErr((x as Error).message); }
  }
  return (
    <span class="presence">
      <span class={`dot ${state}`} aria-hidden="true" />
      <label>{t("presence.label")}{" "}
        <select value={state} onChange={(e) => change((e.target as HTMLSelectElement).value)} data-testid="presence">
          {["available", "busy", "unavailable"].map((s) => <option value={s}>{t(`presence.${s}`)}</option>)}
        </select>
      </label>
      {err && <span class="error" role="alert">{err}</span>}
    </span>
  );
}

function LangSwitch() {
  return <button type="button" class="link" lang={signalLang.value === "fr" ? "en" : "fr"} title={t("lang.label")}
    onClick={() => signalLang.set(signalLang.value === "fr" ? "en" : "fr")}>{t("lang.switch")}</button>;
}

function App() {
  const hash = useHash();
  const [, force] = useState(0);
  const [me, setMe] = useState<Agent | null>(null);
  const [stores, setStores] = useState<Store[]>([]);
  const [bootErr, setBootErr] = useState<string | null>(null);
  const [booting, setBooting] = useState(!!session.token);

  useEffect(() => signalLang.subscribe(() => force((n) => n + 1)) as any, []);
  useEffect(() => { setUnauthorizedHandler(() => { session.token = null; setMe(null); }); }, []);
  async function boot() {
    try {
      const [m, s] = await Promise.all([getOnce<Agent>("/v1/me"), getOnce<{ items: Store[] }>("/v1/stores")]);
      setMe(m); setStores(s.items);
    } catch (x) {
      if (!(x instanceof ApiError && x.status === 401)) setBootErr((x as Error).message);
      else session.token = null; // asked before the handler above was in place
    }
    finally { setBooting(false); }
  }
  useEffect(() => { if (session.token) boot(); }, []);

  const route = hash.replace(/^#\/?/, "").split("/");
  // E-mailed links are paths, not hashes: a password reset, an invitation.
  const reset = /^\/reset-password\/([^/]+)/.exec(location.pathname);
  const invited = /^\/invitations\/([^/]+)/.exec(location.pathname);
  const signedIn = (a: Agent) => { setMe(a); setBooting(true); boot(); force((n) => n + 1); };
  if (reset || invited) {
    return <><div class="top-right"><LangSwitch /></div>
      {reset ? <ResetPassword token={decodeURIComponent(reset[1])} onIn={signedIn} />
        : <AcceptInvitation token={decodeURIComponent(invited![1])} onIn={signedIn} />}</>;
  }
  if (route[0] === "sandbox" && !me) {
    return <div class="shell"><header class="top"><strong>{t("app.title")}</strong>
      <nav><a href="#/inbox">{t("nav.inbox")}</a></nav><span class="grow" /><LangSwitch /></header>
      <Sandbox stores={stores} /></div>;
  }
  if (booting && route[0] !== "sandbox") return <p class="muted pad">{t("loading")}</p>;
  if (!me) return <><div class="top-right"><LangSwitch /></div><Login onIn={(a) => { setMe(a); setBooting(true); boot(); }} /></>;
  // The link mailed to a new e-mail address: confirmed by its agent, logged in (after the login above if need be).
  const confirmEmail = /^\/email-confirmations\/([^/]+)/.exec(location.pathname);
  if (confirmEmail) return <ConfirmEmail token={decodeURIComponent(confirmEmail[1])} onMe={setMe} />;

  const logout = () => { session.token = null; setMe(null); location.hash = "#/inbox"; };
  const page = route[0] || "inbox";
  // A role (A8) may leave sections out: GET /v1/me lists those the agent may use (every one when absent).
  const sections = (me as Me).sections as string[] | undefined;
  const may = (section: string) => !Array.isArray(sections) || sections.includes(section);
  return (
    <div class="shell">
      <header class="top">
        <strong>{t("app.title")}</strong>
        <nav aria-label="main">
          {may("inbox") && <>
            <a href="#/inbox" aria-current={page === "inbox" ? "page" : undefined}>{t("nav.inbox")}</a>
            <MentionsLink current={page === "mentions"} />
            <a href="#/new" aria-current={page === "new" ? "page" : undefined}>{t("nav.new")}</a>
          </>}
          <a href="#/sandbox" aria-current={page === "sandbox" ? "page" : undefined}>{t("nav.sandbox")}</a>
          {may("statistics") && <a href="#/stats" aria-current={page === "stats" ? "page" : undefined}>{t("nav.stats")}</a>}
          {me.brand_admin && <a href="#/admin" aria-current={page === "admin" ? "page" : undefined}>{t("nav.admin")}</a>}
        </nav>
        <span class="grow" />
        <Presence />
        <Notifications />
        <LangSwitch />
        <a href="#/account" class="me" aria-current={page === "account" ? "page" : undefined} title={t("nav.account")}>
          {(me as Me).picture_url && <img class="avatar" src={(me as Me).picture_url!} alt="" />}
          {me.first_name || me.email}</a>
        <button type="button" onClick={logout}>{t("logout")}</button>
      </header>
      <ErrorBox msg={bootErr} />
      {page === "new" ? <NewMessage stores={stores} />
        : page === "sandbox" ? <Sandbox stores={stores} />
        : page === "stats" ? <Stats stores={stores} />
        : page === "admin" ? <Admin stores={stores} onStores={setStores} />
        : page === "mentions" ? <Mentions />
        : page === "account" ? <Account onMe={setMe} onGone={logout} />
        : <Inbox me={me} stores={stores} threadId={route[1] || null} />}
    </div>
  );
}

// A logged-in agent opening the inbox: its first page is asked for with the boot requests, not after them.
if (session.token) {
  prefetch("/v1/me"); prefetch("/v1/stores");
  if (/^(#\/?inbox(\/.*)?)?$/.test(location.hash)) prefetch(DEFAULT_THREADS);
}
render(<App />, document.getElementById("app")!);
