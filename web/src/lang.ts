// The current language: French or English, from the browser, switchable (kept in localStorage).
type Lang = "fr" | "en";
const listeners = new Set<() => void>();
function initial(): Lang {
  const saved = localStorage.getItem("comptoir.lang");
  if (saved === "fr" || saved === "en") return saved;
  return (navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}
export const signalLang = {
  value: initial() as Lang,
  set(v: Lang) {
    this.value = v; localStorage.setItem("comptoir.lang", v);
    document.documentElement.lang = v;
    listeners.forEach((f) => f());
  },
  subscribe(f: () => void) { listeners.add(f); return () => listeners.delete(f); },
};
document.documentElement.lang = signalLang.value;
