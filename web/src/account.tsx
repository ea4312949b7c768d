// Account settings (A6): names, e-mail, picture, e-mail notifications, password change, personal canned
// responses, deleting the account; and the pages reached without a session: "forgot password" and the e-mailed
// reset link `<base>/reset-password/<token>`.
import { useEffect, useState } from "preact/hooks";
import { api, renewingSession, session, Agent, Me } from "./api";
import { t } from "./i18n";
import "./emailchange"; // its strings (the e-mail change)
import { ErrorBox, val } from "./ui";
import { CannedManager } from "./canned";

const NOTIFY = ["notify_new_message", "notify_mention", "notify_transfer", "notify_invitation_accepted"] as const;

export function Account({ onMe, onGone }: { onMe: (a: Agent) => void; onGone: () => void }) {
  const [me, setMe] = useState<Me | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => { api<Me>("GET", "/v1/me").then(setMe).catch((x) => setErr((x as Error).message)); }, []);
  return (
    <main class="page account">
      <h1>{t("account.title")}</h1>
      <ErrorBox msg={err} />
      {me && <Profile me={me} onSaved={(m) => { setMe(m); onMe(m); }} />}
      {me && <Notify me={me} onSaved={setMe} />}
      {me && <Password email={me.email} />}
      <CannedManager scope="personal" />
      <DeleteAccount onGone={onGone} />
    </main>
  );
}

function Profile({ me, onSaved }: { me: Me; onSaved: (m: Me) => void }) {
  const [first, setFirst] = useState(me.first_name || ""); const [last, setLast] = useState(me.last_name || "");
  const [email, setEmail] = useState(me.email || ""); const [picture, setPicture] = useState(me.picture_url || "");
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  const [password, setPassword] = useState(""); const [linkTo, setLinkTo] = useState<string | null>(null);
  const changingEmail = email.trim().toLowerCase() !== (me.email || "").toLowerCase();
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false); setLinkTo(null);
    try {
      const body: Record<string, unknown> = { first_name: first, last_name: last, picture_url: picture.trim() }; // "" takes it away
      if (changingEmail) { body.email = email; body.current_password = password; }
      const saved = await api<Me>("PATCH", "/v1/me", body);
      onSaved(saved); setOk(true); setPassword("");
      if (changingEmail) { setLinkTo(email.trim()); setEmail(saved.email); } // the login changes once the link is used
    } catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card" aria-labelledby="acc-profile">
      <h2 id="acc-profile">{t("account.profile")}</h2>
      <form onSubmit={save} class="plain-form">
        <div class="row">
          <label>{t("account.first")}<input value={first} maxLength={80} autocomplete="given-name" onInput={(e) => setFirst(val(e))} /></label>
          <label>{t("account.last")}<input value={last} maxLength={80} autocomplete="family-name" onInput={(e) => setLast(val(e))} /></label>
        </div>
        <label>{t("login.email")}<input type="email" value={email} required autocomplete="email" onInput={(e) => setEmail(val(e))} /></label>
        {changingEmail && <label>{t("email.currentPassword")}<input type="password" value={password} required
          autocomplete="current-password" onInput={(e) => setPassword(val(e))} /></label>}
        <div class="row">
          <label class="grow">{t("account.picture")}<input type="url" value={picture} placeholder="https://" maxLength={2048}
            onInput={(e) => setPicture(val(e))} /></label>
          {picture.startsWith("https://") && <img class="avatar big" src={picture} alt={t("account.picturePreview")} />}
        </div>
        <div class="row"><button type="submit" class="primary">{t("admin.save")}</button></div>
      </form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
      {linkTo && <p class="ok" role="status">{t("email.linkSent", { email: linkTo, old: me.email })}</p>}
    </section>
  );
}

function Notify({ me, onSaved }: { me: Me; onSaved: (m: Me) => void }) {
  const known = NOTIFY.filter((k) => k in me); // the settings this API knows
  const [vals, setVals] = useState<Record<string, boolean>>(Object.fromEntries(known.map((k) => [k, !!me[k]])));
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    try { onSaved(await api<Me>("PATCH", "/v1/me", vals)); setOk(true); } catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card" aria-labelledby="acc-notify">
      <h2 id="acc-notify">{t("account.notify")}</h2>
      <form onSubmit={save} class="plain-form">
        <fieldset class="plain"><legend class="muted">{t("account.notifyHelp")}</legend>
          {known.map((k) => (
            <label class="check"><input type="checkbox" checked={vals[k]} onChange={() => setVals({ ...vals, [k]: !vals[k] })} />
              {t(`account.${k}`)}</label>
          ))}
        </fieldset>
        <div class="row"><button type="submit" class="primary">{t("admin.save")}</button></div>
      </form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("admin.saved")}</p>}
    </section>
  );
}

function Password({ email }: { email: string }) {
  const [current, setCurrent] = useState(""); const [next, setNext] = useState(""); const [again, setAgain] = useState("");
  const [err, setErr] = useState<string | null>(null); const [ok, setOk] = useState(false);
  async function save(e: Event) {
    e.preventDefault(); setErr(null); setOk(false);
    if (next !== again) { setErr(t("account.mismatch")); return; }
    try {
      // The change ends the sessions issued before it, this one included: log in again with the new password.
      await renewingSession(async () => {
        await api("POST", "/v1/me/password", { current_password: current, new_password: next });
        const r = await api<{ token: string }>("POST", "/v1/auth/login", { email, password: next });
        session.token = r.token;
      });
      setCurrent(""); setNext(""); setAgain(""); setOk(true);
    } catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card" aria-labelledby="acc-password">
      <h2 id="acc-password">{t("account.password")}</h2>
      <form onSubmit={save} class="plain-form">
        <input type="text" autocomplete="username" hidden aria-hidden="true" tabIndex={-1} />
        <label>{t("account.current")}<input type="password" value={current} required autocomplete="current-password" onInput={(e) => setCurrent(val(e))} /></label>
        <label>{t("account.new")}<input type="password" value={next} required minLength={8} autocomplete="new-password" onInput={(e) => setNext(val(e))} /></label>
        <label>{t("account.again")}<input type="password" value={again} required minLength={8} autocomplete="new-password" onInput={(e) => setAgain(val(e))} /></label>
        <div class="row"><button type="submit" class="primary">{t("account.change")}</button></div>
      </form>
      <ErrorBox msg={err} />{ok && <p class="ok" role="status">{t("account.changed")}</p>}
    </section>
  );
}

function DeleteAccount({ onGone }: { onGone: () => void }) {
  const [password, setPassword] = useState(""); const [sure, setSure] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  async function remove(e: Event) {
    e.preventDefault(); setErr(null);
    try { await api("DELETE", "/v1/me", { password }); onGone(); } catch (x) { setErr((x as Error).message); }
  }
  return (
    <section class="card danger" aria-labelledby="acc-delete">
      <h2 id="acc-delete">{t("account.delete")}</h2>
      <p class="muted small">{t("account.deleteHelp")}</p>
      <form onSubmit={remove} class="plain-form">
        <label>{t("login.password")}<input type="password" value={password} required autocomplete="current-password" onInput={(e) => setPassword(val(e))} /></label>
        <label class="check"><input type="checkbox" checked={sure} onChange={() => setSure(!sure)} />{t("account.deleteSure")}</label>
        <div class="row"><button type="submit" class="danger" disabled={!sure || !password}>{t("account.deleteButton")}</button></div>
      </form>
      <ErrorBox msg={err} />
    </section>
  );
}

/** "Forgot password?" under the login form: asks for a reset link by e-mail. */
export function ForgotPassword({ email: initial }: { email: string }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState(initial);
  const [err, setErr] = useState<string | null>(null); const [sent, setSent] = useState(false);
  if (!open) return <p><button type="button" class="link" onClick={() => { setEmail(initial); setOpen(true); }}>{t("reset.forgot")}</button></p>;
  async function ask(e: Event) {
    e.preventDefault(); setErr(null); setSent(false);
    try { await api("POST", "/v1/auth/password-reset", { email }); setSent(true); } catch (x) { setErr((x as Error).message); }
  }
  return (
    <form class="card" onSubmit={ask}>
      <h2 id="forgot-title">{t("reset.forgotTitle")}</h2>
      <label>{t("reset.email")}<input type="email" value={email} required autocomplete="username" onInput={(e) => setEmail(val(e))} /></label>
      <ErrorBox msg={err} />
      {sent && <p class="ok" role="status">{t("reset.sent")}</p>}
      <div class="row">
        <button type="submit" class="primary">{t("reset.send")}</button>
        <button type="button" onClick={() => setOpen(false)}>{t("canned.cancel")}</button>
      </div>
    </form>
  );
}

/** The page of the e-mailed link: a new password, then the agent is logged in. */
export function ResetPassword({ token, onIn }: { token: string; onIn: (a: Agent) => void }) {
  const [password, setPassword] = useState(""); const [again, setAgain] = useState("");
  const [err, setErr] = useState<string | null>(null); const [busy, setBusy] = useState(false);
  function submit(e: Event) {
    e.preventDefault();
    setPasswordAndLogIn(`/v1/auth/password-reset/${encodeURIComponent(token)}`, { password }, password === again,
      { setErr, setBusy, onIn });
  }
  return (
    <main class="login">
      <h1>{t("app.title")}</h1>
      <form onSubmit={submit} class="card">
        <h2>{t("reset.title")}</h2>
        <input type="text" autocomplete="username" hidden aria-hidden="true" tabIndex={-1} />
        <label>{t("account.new")}<input type="password" value={password} required minLength={8} autocomplete="new-password" onInput={(e) => setPassword(val(e))} /></label>
        <label>{t("account.again")}<input type="password" value={again} required minLength={8} autocomplete="new-password" onInput={(e) => setAgain(val(e))} /></label>
        <ErrorBox msg={err} />
        <button type="submit" class="primary" disabled={busy}>{t("reset.submit")}</button>
        <p><a href="/">{t("reset.back")}</a></p>
      </form>
    </main>
  );
}

/** The page of an e-mailed invitation (A3): names and a password, then the new agent is logged in. */
export function AcceptInvitation({ token, onIn }: { token: string; onIn: (a: Agent) => void }) {
  const [first, setFirst] = useState(""); const [last, setLast] = useState("");
  const [password, setPassword] = useState(""); const [again, setAgain] = useState("");
  const [err, setErr] = useState<string | null>(null); const [busy, setBusy] = useState(false);
  function submit(e: Event) {
    e.preventDefault();
    setPasswordAndLogIn(`/v1/invitations/${encodeURIComponent(token)}/accept`,
      { password, first_name: first, last_name: last }, password === again, { setErr, setBusy, onIn });
  }
  return (
    <main class="login">
      <h1>{t("app.title")}</h1>
      <form onSubmit={submit} class="card">
        <h2>{t("invite.title")}</h2>
        <label>{t("account.first")}<input value={first} required maxLength={80} autocomplete="given-name" onInput={(e) => setFirst(val(e))} /></label>
        <label>{t("account.last")}<input value={last} required maxLength={80} autocomplete="family-name" onInput={(e) => setLast(val(e))} /></label>
        <label>{t("account.new")}<input type="password" value={password} required minLength={8} autocomplete="new-password" onInput={(e) => setPassword(val(e))} /></label>
        <label>{t("account.again")}<input type="password" value={again} required minLength={8} autocomplete="new-password" onInput={(e) => setAgain(val(e))} /></label>
        <ErrorBox msg={err} />
        <button type="submit" class="primary" disabled={busy}>{t("invite.submit")}</button>
      </form>
    </main>
  );
}

/** An e-mailed link's page sets a password (reset or invitation): the answer is a session, the agent is in. */
async function setPasswordAndLogIn(path: string, body: unknown, confirmed: boolean, ui: {
  setErr: (m: string | null) => void; setBusy: (b: boolean) => void; onIn: (a: Agent) => void;
}) {
  ui.setErr(null);
  if (!confirmed) { ui.setErr(t("account.mismatch")); return; }
  ui.setBusy(true);
  try {
    const r = await api<{ token: string; agent: Agent }>("POST", path, body);
    session.token = r.token;
    history.replaceState(null, "", "/#/inbox");
    ui.onIn(r.agent);
  } catch (x) { ui.setErr((x as Error).message); } finally { ui.setBusy(false); }
}
