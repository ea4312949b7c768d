// A customer's picture where the platform gives one (Messenger, Instagram), else their initials. Our copy is read
// with the agent's token (the link checks the agent's rights) and shown from memory, once per page load.
import { useEffect, useState } from "preact/hooks";
import { Thread, session } from "./api";

const loaded = new Map<string, Promise<string | null>>(); // picture link -> object URL (null: could not be read)

function load(url: string): Promise<string | null> {
  let found = loaded.get(url);
  if (!found) {
    found = fetch(url, { headers: { Authorization: `Bearer ${session.token}` } })
      .then(async (res) => res.ok ? URL.createObjectURL(await res.blob()) : null)
      .catch(() => null);
    loaded.set(url, found);
  }
  return found;
}

/** Up to two initials of the customer's name; none for a number or an unnamed customer. */
export function initials(name?: string | null): string {
  const words = (name || "").trim().split(/[\s._-]+/).filter((w) => /^\p{L}/u.test(w));
  return words.slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}

/** Decorative: the customer's name is always written beside it. */
export function CustomerAvatar({ customer, big }: { customer: Thread["customer"]; big?: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  const url = customer.picture_url;
  useEffect(() => {
    let live = true;
    setSrc(null);
    if (url) load(url).then((u) => { if (live) setSrc(u); });
    return () => { live = false; };
  }, [url]);
  const cls = `avatar customer-avatar${big ? " big" : ""}`;
  if (src) return <img class={cls} src={src} alt="" aria-hidden="true" data-testid="customer-picture" />;
  return <span class={`${cls} initials`} aria-hidden="true" data-testid="customer-initials">{initials(customer.name) || "?"}</span>;
}
