// The statistics' channel filter: every indicator for the conversations of the chosen channels only (none chosen:
// every channel, with the figures kept before the split by channel). Native checkboxes in a fieldset, so screen
// readers announce the group and each channel's state.
import { addStrings, t } from "./i18n";

/** The channels the statistics can be restricted to, as `channels=` takes them ("ivr": threads begun by a call). */
export const STATS_CHANNELS = ["sms", "whatsapp", "messenger", "instagram", "review", "widget", "sdk", "ivr"];

addStrings({
  en: {
    "statsChan.legend": "Channels", "statsChan.all": "All channels", "statsChan.note": "None ticked: every channel.",
    "statsChan.sms": "SMS", "statsChan.whatsapp": "WhatsApp", "statsChan.messenger": "Messenger",
    "statsChan.instagram": "Instagram", "statsChan.review": "Reviews", "statsChan.widget": "Widget",
    "statsChan.sdk": "App SDK", "statsChan.ivr": "Phone/IVR",
    "chan.messenger": "Messenger", "chan.instagram": "Instagram", "chan.whatsapp": "WhatsApp",
  },
  fr: {
    "statsChan.legend": "Canaux", "statsChan.all": "Tous les canaux", "statsChan.note": "Aucun coché : tous les canaux.",
    "statsChan.sms": "SMS", "statsChan.whatsapp": "WhatsApp", "statsChan.messenger": "Messenger",
    "statsChan.instagram": "Instagram", "statsChan.review": "Avis", "statsChan.widget": "Widget",
    "statsChan.sdk": "SDK de l'application", "statsChan.ivr": "Téléphone/SVI",
    "chan.messenger": "Messenger", "chan.instagram": "Instagram", "chan.whatsapp": "WhatsApp",
  },
});

/** The `channels` query value of a choice: "" (every channel) when none is chosen. */
export function channelsQuery(chosen: string[]): string {
  return STATS_CHANNELS.filter((c) => chosen.includes(c)).join(",");
}

export function ChannelFilter({ chosen, onChange }: { chosen: string[]; onChange: (next: string[]) => void }) {
  const toggle = (c: string) => onChange(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c]);
  return (
    <fieldset class="channels-pick" data-testid="stats-channels" aria-describedby="stats-channels-note">
      <legend>{t("statsChan.legend")}</legend>
      {STATS_CHANNELS.map((c) => (
        <label class="check"><input type="checkbox" value={c} checked={chosen.includes(c)} onChange={() => toggle(c)} />
          {t(`statsChan.${c}`)}</label>))}
      <button type="button" class="link" disabled={!chosen.length} onClick={() => onChange([])}>{t("statsChan.all")}</button>
      <p id="stats-channels-note" class="small muted">{t("statsChan.note")}</p>
    </fieldset>
  );
}
