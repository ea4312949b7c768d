import { signalLang } from "./lang";

type Dict = Record<string, string>;
const en: Dict = {
  "admin.brand": "Brand profile", "admin.brandName": "Brand name", "admin.slots": "Conversations per agent (slots)",
  "admin.invite": "Invite an agent", "admin.inviteEmail": "E-mail to invite", "admin.inviteSend": "Send the invitation",
  "admin.invited": "Invitation sent to {email}.",
  "nav.stats": "Statistics",
  "chart.day": "Day", "chart.contacts": "Contacts per day", "chart.responseTime": "Response time per day",
  "chart.responseTimeAxis": "Response time", "chart.contactsSummary": "From {from} to {to}: {total} contacts in all, at most {max} on {day}.",
  "chart.responseSummary": "From {from} to {to}: a response time on {n} day(s), the longest {max} on {day}.",
  "chart.responseNone": "From {from} to {to}: no response time yet.",
  "emoji.open": "Insert an emoji", "emoji.title": "Emoji",
  "notif.enable": "Enable desktop notifications", "notif.enabled": "Desktop notifications on", "notif.denied": "Desktop notifications blocked by the browser",
  "stats.title": "Statistics", "stats.filters": "Stores and dates", "stats.stores": "Stores", "stats.from": "From", "stats.to": "To",
  "stats.indicators": "Indicators", "stats.indicator": "Indicator", "stats.value": "Value", "stats.previous": "Previous period",
  "stats.variation": "Change", "stats.na": "N/A", "stats.median": "Median:", "stats.excluded": "extreme values excluded",
  "stats.byChannel": "New inbound customers by channel", "stats.channel": "Channel", "stats.customers": "Customers", "stats.none": "None.",
  "stats.top": "Top stores", "stats.metric": "Ranked by", "stats.csv": "Download CSV", "stats.rank": "Rank", "stats.previousRank": "Previous rank",
  "stats.perimeterNote": "Stores of your perimeter are in bold.",
  "stats.realtime": "Real time", "stats.waiting": "Customers waiting: {n}", "stats.longest": "Longest wait:", "stats.byWait": "Waiting customers by wait",
  "stats.colleagues": "Colleagues", "stats.connected": "Connected", "stats.connectedToday": "Connected today", "stats.handledToday": "Contacts handled today",
  "stats.yes": "Yes", "stats.no": "No",
  "ind.conversations": "Conversations", "ind.started_previously": "Started in an earlier period", "ind.new_inbound_conversations": "New inbound conversations",
  "ind.existing_customers": "Existing customers", "ind.response_rate": "Response rate", "ind.response_time_seconds": "Response time (mean)",
  "ind.new_outbound_conversations": "New outbound conversations", "ind.outbound_customer_response_rate": "Customer response rate (outbound)",
  "ind.outbound_customer_response_time_seconds": "Customer response time (outbound)", "ind.contacts": "Contacts",
  "ind.connected_customers": "Connected customers", "ind.new_inbound_customers": "New inbound customers", "ind.new_outbound_customers": "New outbound customers",
  "chan.phone_ivr": "Phone (IVR)", "chan.direct_sms": "Direct SMS", "chan.widget": "Website widget", "chan.app_sdk": "App (SDK)", "chan.other": "Other",
  "wait.under_1_min": "Under 1 min", "wait.1_to_5_min": "1 to 5 min", "wait.5_to_15_min": "5 to 15 min", "wait.15_to_60_min": "15 to 60 min",
  "wait.1_to_4_h": "1 to 4 h", "wait.4_to_24_h": "4 to 24 h", "wait.over_1_day": "Over 1 day",
  "app.title": "Comptoir", "nav.inbox": "Inbox", "nav.new": "New message", "nav.sandbox": "Sandbox phone", "nav.admin": "Admin",
  "login.title": "Log in", "login.email": "E-mail", "login.password": "Password", "login.submit": "Log in", "login.demo": "Local stage, demo admin:", "logout": "Log out",
  "presence.label": "Chat presence", "presence.available": "Available", "presence.busy": "Busy", "presence.unavailable": "Unavailable",
  "lang.switch": "Français", "lang.label": "Language",
  "filter.store": "Store", "filter.allStores": "All stores", "filter.status": "Status", "filter.sort": "Sort", "filter.search": "Search",
  "sort.recent": "Most recent", "sort.waiting": "Waiting longest",
  "status.waiting": "Waiting", "status.replied": "Replied", "status.resolved": "Resolved",
  "threads.empty": "No conversation matches these filters.", "threads.unread": "Unread", "threads.unanswered": "Read, not answered",
  "threads.waitingFor": "waiting {d}", "threads.more": "More conversations",
  "conv.title": "Conversation", "conv.pick": "Pick a conversation on the left.", "conv.older": "Load older messages", "conv.auto": "auto",
  "conv.reply": "Reply", "conv.send": "Send", "conv.hint": "Ctrl+Enter to send, Enter for a new line",
  "conv.tooLong": "Too long: {n} characters over the limit.", "conv.join": "Join this conversation",
  "conv.heldBy": "Another agent is handling this conversation. Join it before replying.",
  "act.resolve": "Resolve", "act.reopen": "Reopen", "act.transfer": "Transfer", "act.transferTo": "Transfer to store",
  "act.snooze": "Snooze", "act.snoozeUntil": "Snooze until", "act.close": "Close", "act.closeReason": "Closing type",
  "act.done": "Done.", "act.noReasons": "No closing types yet: a brand admin sets them in Admin.",
  "admin.reasons": "Closing types", "admin.reasonsHelp": "One per line.",
  "cust.title": "Customer", "cust.phone": "Phone", "cust.name": "Name", "cust.store": "Store", "cust.channel": "Channel",
  "cust.since": "Since", "cust.snoozed": "Snoozed until", "cust.closed": "Closed",
  "msg.queued": "queued", "msg.sent": "sent", "msg.delivered": "delivered", "msg.failed": "failed", "msg.received": "received", "msg.read": "read",
  "notif.title": "Notifications", "notif.empty": "No notifications.", "notif.new_message": "New message", "notif.mention": "Mention",
  "notif.transfer": "Transfer", "notif.escalation": "Escalation", "notif.unread": "unread notifications",
  "new.title": "New message", "new.store": "Sending store", "new.to": "Customer number", "new.text": "Message", "new.send": "Send",
  "sb.title": "Sandbox phone", "sb.intro": "Play the customer: text a store number and see its replies.",
  "sb.from": "Customer number", "sb.to": "Store number", "sb.text": "Text", "sb.send": "Send text",
  "sb.clock": "Sandbox clock", "sb.now": "Now", "sb.adv5m": "Advance 5 minutes", "sb.adv1h": "Advance 1 hour", "sb.adv1d": "Advance 1 day",
  "sb.replies": "Conversation on the phone", "sb.none": "Nothing yet.", "sb.me": "You", "sb.store": "Store",
  "admin.stores": "Stores", "admin.agents": "agents", "admin.newStore": "New store", "admin.name": "Name", "admin.tz": "Time zone",
  "admin.phone": "Phone number", "admin.create": "Create", "admin.escalation": "Escalation", "admin.mode": "Mode",
  "admin.delay": "Delay (minutes)", "admin.order": "Agents, in order", "admin.save": "Save", "admin.saved": "Saved.",
  "admin.auto": "Automatic messages", "admin.greeting": "Greeting (SMS)", "admin.resend": "Send again after (hours)",
  "admin.closedText": "Closed-hours message", "admin.closedHours": "Closed hours", "admin.addRange": "Add a range",
  "admin.remove": "Remove", "admin.nextDay": "until the next day", "admin.rights": "Rights", "admin.agent": "Agent",
  "admin.perimeter": "Perimeter", "admin.contactable": "Contactable", "admin.adminRight": "Admin",
  "admin.up": "Move up", "admin.down": "Move down", "admin.add": "Add",
  "mode.off": "Off", "mode.random": "Random", "mode.ordered": "Ordered",
  "err.network": "The server cannot be reached. Check your connection and try again.",
  "err.status": "The server answered with an error ({status}).", "err.relogin": "Please log in again.",
  "loading": "Loading…", "unit.d": "{n} d", "unit.h": "{n} h", "unit.m": "{n} min", "unit.s": "{n} s",
};
const fr: Dict = {
  "admin.brand": "Profil de la marque", "admin.brandName": "Nom de la marque", "admin.slots": "Conversations par agent (places)",
  "admin.invite": "Inviter un agent", "admin.inviteEmail": "E-mail à inviter", "admin.inviteSend": "Envoyer l'invitation",
  "admin.invited": "Invitation envoyée à {email}.",
  "nav.stats": "Statistiques",
  "chart.day": "Jour", "chart.contacts": "Contacts par jour", "chart.responseTime": "Temps de réponse par jour",
  "chart.responseTimeAxis": "Temps de réponse", "chart.contactsSummary": "Du {from} au {to} : {total} contacts au total, au plus {max} le {day}.",
  "chart.responseSummary": "Du {from} au {to} : un temps de réponse sur {n} jour(s), le plus long {max} le {day}.",
  "chart.responseNone": "Du {from} au {to} : pas encore de temps de réponse.",
  "emoji.open": "Insérer un emoji", "emoji.title": "Emoji",
  "notif.enable": "Activer les notifications du bureau", "notif.enabled": "Notifications du bureau activées", "notif.denied": "Notifications du bureau bloquées par le navigateur",
  "stats.title": "Statistiques", "stats.filters": "Magasins et dates", "stats.stores": "Magasins", "stats.from": "Du", "stats.to": "Au",
  "stats.indicators": "Indicateurs", "stats.indicator": "Indicateur", "stats.value": "Valeur", "stats.previous": "Période précédente",
  "stats.variation": "Évolution", "stats.na": "N/A", "stats.median": "Médiane :", "stats.excluded": "valeurs extrêmes exclues",
  "stats.byChannel": "Nouveaux clients entrants par canal", "stats.channel": "Canal", "stats.customers": "Clients", "stats.none": "Aucun.",
  "stats.top": "Meilleurs magasins", "stats.metric": "Classés par", "stats.csv": "Télécharger le CSV", "stats.rank": "Rang", "stats.previousRank": "Rang précédent",
  "stats.perimeterNote": "Les magasins de votre périmètre sont en gras.",
  "stats.realtime": "Temps réel", "stats.waiting": "Clients en attente : {n}", "stats.longest": "Attente la plus longue :", "stats.byWait": "Clients en attente par durée d'attente",
  "stats.colleagues": "Collègues", "stats.connected": "Connecté", "stats.connectedToday": "Connecté aujourd'hui", "stats.handledToday": "Contacts traités aujourd'hui",
  "stats.yes": "Oui", "stats.no": "Non",
  "ind.conversations": "Conversations", "ind.started_previously": "Commencées avant la période", "ind.new_inbound_conversations": "Nouvelles conversations entrantes",
  "ind.existing_customers": "Clients existants", "ind.response_rate": "Taux de réponse", "ind.response_time_seconds": "Temps de réponse (moyen)",
  "ind.new_outbound_conversations": "Nouvelles conversations sortantes", "ind.outbound_customer_response_rate": "Taux de réponse des clients (sortant)",
  "ind.outbound_customer_response_time_seconds": "Temps de réponse des clients (sortant)", "ind.contacts": "Contacts",
  "ind.connected_customers": "Clients connectés", "ind.new_inbound_customers": "Nouveaux clients entrants", "ind.new_outbound_customers": "Nouveaux clients sortants",
  "chan.phone_ivr": "Téléphone (SVI)", "chan.direct_sms": "SMS direct", "chan.widget": "Widget du site", "chan.app_sdk": "Application (SDK)", "chan.other": "Autre",
  "wait.under_1_min": "Moins d'1 min", "wait.1_to_5_min": "1 à 5 min", "wait.5_to_15_min": "5 à 15 min", "wait.15_to_60_min": "15 à 60 min",
  "wait.1_to_4_h": "1 à 4 h", "wait.4_to_24_h": "4 à 24 h", "wait.over_1_day": "Plus d'1 jour",
  "app.title": "Comptoir", "nav.inbox": "Boîte de réception", "nav.new": "Nouveau message", "nav.sandbox": "Téléphone bac à sable", "nav.admin": "Administration",
  "login.title": "Connexion", "login.email": "E-mail", "login.password": "Mot de passe", "login.submit": "Se connecter", "login.demo": "Environnement local, administrateur de démo :", "logout": "Se déconnecter",
  "presence.label": "Présence chat", "presence.available": "Disponible", "presence.busy": "Occupé", "presence.unavailable": "Indisponible",
  "lang.switch": "English", "lang.label": "Langue",
  "filter.store": "Magasin", "filter.allStores": "Tous les magasins", "filter.status": "Statut", "filter.sort": "Tri", "filter.search": "Rechercher",
  "sort.recent": "Plus récents", "sort.waiting": "Attente la plus longue",
  "status.waiting": "En attente", "status.replied": "Répondu", "status.resolved": "Résolu",
  "threads.empty": "Aucune conversation ne correspond à ces filtres.", "threads.unread": "Non lu", "threads.unanswered": "Lu, sans réponse",
  "threads.waitingFor": "en attente depuis {d}", "threads.more": "Plus de conversations",
  "conv.title": "Conversation", "conv.pick": "Choisissez une conversation à gauche.", "conv.older": "Charger les messages précédents", "conv.auto": "auto",
  "conv.reply": "Réponse", "conv.send": "Envoyer", "conv.hint": "Ctrl+Entrée pour envoyer, Entrée pour aller à la ligne",
  "conv.tooLong": "Trop long : {n} caractères de trop.", "conv.join": "Rejoindre la conversation",
  "conv.heldBy": "Un autre agent traite cette conversation. Rejoignez-la avant de répondre.",
  "act.resolve": "Résoudre", "act.reopen": "Rouvrir", "act.transfer": "Transférer", "act.transferTo": "Transférer au magasin",
  "act.snooze": "Reporter", "act.snoozeUntil": "Reporter jusqu'au", "act.close": "Clôturer", "act.closeReason": "Type de clôture",
  "act.done": "Fait.", "act.noReasons": "Aucun type de clôture : un administrateur les définit dans Administration.",
  "admin.reasons": "Types de clôture", "admin.reasonsHelp": "Un par ligne.",
  "cust.title": "Client", "cust.phone": "Téléphone", "cust.name": "Nom", "cust.store": "Magasin", "cust.channel": "Canal",
  "cust.since": "Depuis", "cust.snoozed": "Reporté jusqu'au", "cust.closed": "Clôturé",
  "msg.queued": "en file", "msg.sent": "envoyé", "msg.delivered": "distribué", "msg.failed": "échec", "msg.received": "reçu", "msg.read": "lu",
  "notif.title": "Notifications", "notif.empty": "Aucune notification.", "notif.new_message": "Nouveau message", "notif.mention": "Mention",
  "notif.transfer": "Transfert", "notif.escalation": "Escalade", "notif.unread": "notifications non lues",
  "new.title": "Nouveau message", "new.store": "Magasin expéditeur", "new.to": "Numéro du client", "new.text": "Message", "new.send": "Envoyer",
  "sb.title": "Téléphone bac à sable", "sb.intro": "Jouez le client : écrivez au numéro d'un magasin et voyez ses réponses.",
  "sb.from": "Numéro du client", "sb.to": "Numéro du magasin", "sb.text": "Texte", "sb.send": "Envoyer le SMS",
  "sb.clock": "Horloge du bac à sable", "sb.now": "Maintenant", "sb.adv5m": "Avancer de 5 minutes", "sb.adv1h": "Avancer d'1 heure", "sb.adv1d": "Avancer d'1 jour",
  "sb.replies": "Conversation sur le téléphone", "sb.none": "Rien pour l'instant.", "sb.me": "Vous", "sb.store": "Magasin",
  "admin.stores": "Magasins", "admin.agents": "agents", "admin.newStore": "Nouveau magasin", "admin.name": "Nom", "admin.tz": "Fuseau horaire",
  "admin.phone": "Numéro de téléphone", "admin.create": "Créer", "admin.escalation": "Escalade", "admin.mode": "Mode",
  "admin.delay": "Délai (minutes)", "admin.order": "Agents, dans l'ordre", "admin.save": "Enregistrer", "admin.saved": "Enregistré.",
  "admin.auto": "Messages automatiques", "admin.greeting": "Message d'accueil (SMS)", "admin.resend": "Renvoyer après (heures)",
  "admin.closedText": "Message de fermeture", "admin.closedHours": "Heures de fermeture", "admin.addRange": "Ajouter une plage",
  "admin.remove": "Supprimer", "admin.nextDay": "jusqu'au lendemain", "admin.rights": "Droits", "admin.agent": "Agent",
  "admin.perimeter": "Périmètre", "admin.contactable": "Contactable", "admin.adminRight": "Admin",
  "admin.up": "Monter", "admin.down": "Descendre", "admin.add": "Ajouter",
  "mode.off": "Désactivée", "mode.random": "Aléatoire", "mode.ordered": "Ordonnée",
  "err.network": "Le serveur est injoignable. Vérifiez la connexion et réessayez.",
  "err.status": "Le serveur a répondu par une erreur ({status}).", "err.relogin": "Veuillez vous reconnecter.",
  "loading": "Chargement…", "unit.d": "{n} j", "unit.h": "{n} h", "unit.m": "{n} min", "unit.s": "{n} s",
};

export function t(key: string, vars: Record<string, string> = {}): string {
  const dict = signalLang.value === "fr" ? fr : en;
  let s = dict[key] ?? en[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}

/** A duration in words, coarsest unit: "3 d", "5 h". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 86400) return t("unit.d", { n: String(Math.floor(s / 86400)) });
  if (s >= 3600) return t("unit.h", { n: String(Math.floor(s / 3600)) });
  if (s >= 60) return t("unit.m", { n: String(Math.floor(s / 60)) });
  return t("unit.s", { n: String(s) });
}

// Making an Intl.DateTimeFormat costs about a millisecond (a row of the inbox needs one): one per language,
// time zone and style, kept.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string | undefined, withDate: boolean): Intl.DateTimeFormat {
  const key = `${signalLang.value}|${timeZone ?? ""}|${withDate}`;
  let f = formats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = withDate
      ? { dateStyle: "short", timeStyle: "short", timeZone } : { timeStyle: "short", timeZone };
    try { f = new Intl.DateTimeFormat(signalLang.value, opts); }
    catch { f = new Intl.DateTimeFormat(signalLang.value, { dateStyle: "short", timeStyle: "short" }); }
    formats.set(key, f);
  }
  return f;
}

/** A time in the store's time zone, in the agent's language. */
export function when(iso: string | null | undefined, timeZone?: string, withDate = true): string {
  if (!iso) return "";
  return format(timeZone, withDate).format(new Date(iso));
}
