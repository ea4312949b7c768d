// A small emoji picker for the reply box: plain Unicode, no library. The grid is keyboard accessible (Tab to it,
// arrow keys move, Enter or Space picks, Escape closes and gives the focus back to the button).
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "./i18n";

export const EMOJI = [
  "😀", "😊", "😉", "😍", "🙂", "😅", "😂", "🤔", "😢", "😮", "🙏", "👍",
  "👌", "👋", "👏", "💪", "🎉", "❤️", "✅", "⭐", "📦", "🚚", "🛍️", "☀️",
];
const COLS = 6;

export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpenState] = useState(false);
  const isOpen = useRef(false); // the latest wish, ahead of the render (Escape may come before the effect below)
  const setOpen = (v: boolean) => { isOpen.current = v; setOpenState(v); };
  const toggleRef = useRef<HTMLButtonElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLSpanElement>(null);
  const giveBack = useRef(false);
  useEffect(() => {
    if (!open) { if (giveBack.current) { giveBack.current = false; toggleRef.current?.focus(); } return; }
    if (isOpen.current) (gridRef.current?.querySelector("button") as HTMLButtonElement | null)?.focus();
    const outside = (e: MouseEvent) => { if (!wrapRef.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  function close() { giveBack.current = true; setOpen(false); }
  function keys(e: KeyboardEvent) {
    if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(); return; }
    const buttons = Array.from(gridRef.current?.querySelectorAll("button") || []) as HTMLButtonElement[];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const move: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLS, ArrowUp: -COLS };
    if (e.key in move) { e.preventDefault(); buttons[(i + move[e.key] + buttons.length) % buttons.length].focus(); }
    else if (e.key === "Home") { e.preventDefault(); buttons[0].focus(); }
    else if (e.key === "End") { e.preventDefault(); buttons[buttons.length - 1].focus(); }
  }
  return (
    <span class="emoji" ref={wrapRef} onKeyDown={(e) => { if (open) keys(e); }}>
      <button type="button" ref={toggleRef} aria-haspopup="true" aria-expanded={open} aria-label={t("emoji.open")}
        title={t("emoji.open")} onClick={() => setOpen(!open)}><span aria-hidden="true">😊</span></button>
      {open && (
        <div class="emoji-grid" role="group" aria-label={t("emoji.title")} ref={gridRef} data-testid="emoji-grid">
          {EMOJI.map((e) => (
            <button type="button" aria-label={e} onClick={() => { onPick(e); setOpen(false); }}>{e}</button>
          ))}
        </div>
      )}
    </span>
  );
}
