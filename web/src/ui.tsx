import { t } from "./i18n";

export function ErrorBox({ msg }: { msg: string | null | undefined }) {
  return msg ? <p class="error" role="alert">{msg}</p> : null;
}

export const val = (e: Event) => (e.target as HTMLInputElement).value;

/** Server time: the sandbox clock when the stage has one (it may run ahead of the wall clock), else the wall clock. */
let offset = 0;
let hasClock = true;
export async function syncClock(): Promise<void> {
  if (!hasClock) return;
  try {
    const r = await fetch("/sandbox/clock");
    if (!r.ok) { hasClock = false; return; }
    const { now } = await r.json();
    offset = new Date(now).getTime() - Date.now();
  } catch { /* keep the last offset */ }
}
export const serverNow = () => Date.now() + offset;

export const statusLabel = (s: string) => t(`status.${s}`);
