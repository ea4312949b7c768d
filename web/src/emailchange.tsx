// Changing the login e-mail (issue 13): the current password first, then the link mailed to the new address
// (`<base>/email-confirmations/<token>`), opened while logged in. Until then the old address stays the login.
import { useEffect, useState } from "preact/hooks";
import { api, Agent } from "./api";
import { addStrings, t } from "./i18n";
import { ErrorBox } from "./ui";

addStrings({
  en: {
    "email.currentPassword": "Current password (to change the e-mail)",
    "email.linkSent": "A link was sent to {email}. Until you open it, you log in with {old}.",
    "email.confirming": "Confirming your new e-mail…", "email.confirmed": "You now log in with {email}.",
    "email.continue": "Continue",
  },
  fr: {
    "email.currentPassword": "Mot de passe actuel (pour changer d'e-mail)",
    "email.linkSent": "Un lien a été envoyé à {email}. Tant qu'il n'est pas ouvert, vous vous connectez avec {old}.",
    "email.confirming": "Confirmation de votre nouvel e-mail…", "email.confirmed": "Vous vous connectez désormais avec {email}.",
    "email.continue": "Continuer",
  },
});

export function ConfirmEmail({ token, onMe }: { token: string; onMe: (a: Agent) => void }) {
  const [email, setEmail] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    api<Agent>("POST", `/v1/me/email-confirmations/${encodeURIComponent(token)}`)
      .then((a) => { setEmail(a.email); onMe(a); })
      .catch((x) => setErr((x as Error).message));
  }, [token]);
  return (
    <main class="page narrow">
      <section class="card" aria-labelledby="email-confirm">
        <h2 id="email-confirm">{t("login.email")}</h2>
        {email ? <p class="ok" role="status">{t("email.confirmed", { email })}</p>
          : !err && <p class="muted">{t("email.confirming")}</p>}
        <ErrorBox msg={err} />
        <a href="/#/account">{t("email.continue")}</a>
      </section>
    </main>
  );
}
