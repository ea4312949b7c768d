// Statistics (API.md "Statistics"): indicators of a set of stores over a period, the top stores, and real time.
import { useEffect, useState } from "preact/hooks";
import { api, qs, session, ApiError, Store } from "./api";
import { t } from "./i18n";
import { signalLang } from "./lang";
import { ErrorBox, serverNow, syncClock, val } from "./ui";
import { DailyCharts, Day } from "./charts";
import { REVIEW_INDICATORS, REVIEW_RATES } from "./reviews";
import { ChannelFilter, channelsQuery } from "./statsChannels";

const INDICATORS = [
  "conversations", "started_previously", "new_inbound_conversations", "existing_customers", "response_rate",
  "response_time_seconds", "new_outbound_conversations", "outbound_customer_response_rate",
  "outbound_customer_response_time_seconds", "contacts", "connected_customers", "new_inbound_customers",
  "new_outbound_customers", ...REVIEW_INDICATORS,
];
const RATES = new Set(["response_rate", "outbound_customer_response_rate", ...REVIEW_RATES]);
const DURATIONS = new Set(["response_time_seconds", "outbound_customer_response_time_seconds"]);

interface Indicator { value: number | null; previous: number | null; variation: number | null; variation_label: string | null;
  median?: number | null; excluded?: number | null; by_channel?: Record<string, number> }
interface TopRow { store_id: string; store_name: string; rank: number | null; previous_rank: number | null; in_perimeter: boolean;
  value: number | null; previous: number | null }
interface Realtime { waiting: { total: number; by_wait: Record<string, number>; longest_wait_seconds: number | null };
  colleagues: { agent_id: string; name: string; connected: boolean; presence: Record<string, string>;
    connected_seconds_today: number; contacts_handled_today: number }[] }

const na = () => t("stats.na");

/** "1 h 5 min 3 s", "5 min 3 s", "12 s". */
export function longDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return na();
  let s = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  if (s >= 86400) { parts.push(t("unit.d", { n: String(Math.floor(s / 86400)) })); s %= 86400; }
  if (s >= 3600) { parts.push(t("unit.h", { n: String(Math.floor(s / 3600)) })); s %= 3600; }
  if (s >= 60) { parts.push(t("unit.m", { n: String(Math.floor(s / 60)) })); s %= 60; }
  if (s || !parts.length) parts.push(t("unit.s", { n: String(s) }));
  return parts.join(" ");
}

function fmt(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return na();
  if (RATES.has(name)) return new Intl.NumberFormat(signalLang.value, { style: "percent", maximumFractionDigits: 1 }).format(v);
  if (DURATIONS.has(name)) return longDuration(v);
  return new Intl.NumberFormat(signalLang.value, { maximumFractionDigits: 2 }).format(v);
}

/** A date YYYY-MM-DD in a time zone. */
function day(ms: number, timeZone: string): string {
  try { return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms); }
  catch { return new Date(ms).toISOString().slice(0, 10); }
}

export function Stats({ stores }: { stores: Store[] }) {
  const [picked, setPicked] = useState<string[] | null>(null); // null: every store
  const [from, setFrom] = useState(""); const [to, setTo] = useState("");
  const [chosen, setChosen] = useState<string[]>([]); // no channel chosen: every channel
  const channels = channelsQuery(chosen);
  useEffect(() => {
    if (from || !stores.length) return;
    syncClock().then(() => {
      const tz = stores[0].timezone || "UTC"; const now = serverNow();
      setTo(day(now, tz)); setFrom(day(now - 6 * 86400000, tz));
    });
  }, [stores]);
  const ids = picked ?? stores.map((s) => s.id);
  const toggle = (id: string) => setPicked(ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
  const storeIds = picked === null || picked.length === stores.length ? "" : picked.join(",");
  return (
    <main class="page stats">
      <h1>{t("stats.title")}</h1>
      <section class="card" aria-labelledby="stats-filters">
        <h2 id="stats-filters">{t("stats.filters")}</h2>
        <fieldset class="stores-pick"><legend>{t("stats.stores")}</legend>
          {stores.map((s) => <label class="check"><input type="checkbox" checked={ids.includes(s.id)} onChange={() => toggle(s.id)} />{s.name}</label>)}
        </fieldset>
        <div class="row">
          <label>{t("stats.from")}<input type="date" value={from} max={to || undefined} onInput={(e) => setFrom(val(e))} /></label>
          <label>{t("stats.to")}<input type="date" value={to} min={from || undefined} onInput={(e) => setTo(val(e))} /></label>
        </div>
        <ChannelFilter chosen={chosen} onChange={setChosen} />
      </section>
      {from && to && ids.length > 0 && <Indicators storeIds={storeIds} from={from} to={to} channels={channels} />}
      {from && to && <TopStores from={from} to={to} channels={channels} />}
      <RealtimePanel storeIds={storeIds} />
    </main>
  );
}

function Indicators({ storeIds, from, to, channels }: { storeIds: string; from: string; to: string; channels: string }) {
  const [data, setData] = useState<Record<string, Indicator> | null>(null);
  const [days, setDays] = useState<Day[]>([]);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    setErr(null);
    api<Record<string, any>>("GET", `/v1/stats?${qs({ store_ids: storeIds, from, to, channels })}`)
      .then((r) => { setDays(Array.isArray(r.daily) ? r.daily : []); setData(r); })
      .catch((x) => { setData(null); setErr(x.message); });
  }, [storeIds, from, to, channels]);
  const rt = data?.response_time_seconds;
  const byChannel = Object.entries(data?.new_inbound_customers?.by_channel || {});
  return (
    <section class="card" aria-labelledby="stats-indicators">
      <h2 id="stats-indicators">{t("stats.indicators")}</h2>
      <ErrorBox msg={err} />
      {!data && !err && <p class="muted">{t("loading")}</p>}
      {data && days.length > 0 && <DailyCharts days={days} duration={longDuration} />}
      {data && <table data-testid="indicators">
        <thead><tr><th scope="col">{t("stats.indicator")}</th><th scope="col">{t("stats.value")}</th>
          <th scope="col">{t("stats.previous")}</th><th scope="col">{t("stats.variation")}</th></tr></thead>
        <tbody>{INDICATORS.filter((n) => data[n]).map((n) => (
          <tr data-testid={`ind-${n}`}><th scope="row">{t(`ind.${n}`)}</th>
            <td>{fmt(n, data[n].value)}
              {n === "response_time_seconds" && rt && <div class="small muted">
                {t("stats.median")} {fmt(n, rt.median)} · {t("stats.excluded")}{rt.excluded ? ` (${rt.excluded})` : ""}</div>}
            </td>
            <td>{fmt(n, data[n].previous)}</td><td>{data[n].variation_label ?? na()}</td></tr>))}
        </tbody></table>}
      {data && <>
        <h3>{t("stats.byChannel")}</h3>
        {byChannel.length ? <table data-testid="by-channel"><thead><tr><th scope="col">{t("stats.channel")}</th><th scope="col">{t("stats.customers")}</th></tr></thead>
          <tbody>{byChannel.map(([c, n]) => <tr><th scope="row">{t(`chan.${c}`)}</th><td>{n}</td></tr>)}</tbody></table>
          : <p class="muted">{t("stats.none")}</p>}
      </>}
    </section>
  );
}

function TopStores({ from, to, channels }: { from: string; to: string; channels: string }) {
  const [metric, setMetric] = useState("conversations");
  const [rows, setRows] = useState<TopRow[] | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const query = qs({ from, to, metric, channels });
  useEffect(() => {
    setErr(null);
    api<{ items: TopRow[] }>("GET", `/v1/stats/top-stores?${query}`).then((r) => setRows(r.items))
      .catch((x) => { setRows(null); setErr(x.message); });
  }, [query]);
  async function download(e: Event) {
    e.preventDefault(); setErr(null);
    try {
      const res = await fetch(`/v1/stats/top-stores.csv?${query}`, { headers: { Authorization: `Bearer ${session.token}` } });
      if (!res.ok) {
        let p = {}; try { p = await res.json(); } catch { /* not JSON */ }
        throw new ApiError(res.status, p);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a"); a.href = url; a.download = `top-stores-${from}-${to}.csv`;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (x) { setErr(x instanceof ApiError ? x.message : t("err.network")); }
  }
  return (
    <section class="card" aria-labelledby="stats-top">
      <h2 id="stats-top">{t("stats.top")}</h2>
      <div class="row">
        <label>{t("stats.metric")}<select value={metric} onChange={(e) => setMetric(val(e))}>
          {INDICATORS.map((n) => <option value={n}>{t(`ind.${n}`)}</option>)}</select></label>
        <a href={`/v1/stats/top-stores.csv?${query}`} onClick={download} data-testid="csv">{t("stats.csv")}</a>
      </div>
      <ErrorBox msg={err} />
      {rows && <table data-testid="top-stores">
        <thead><tr><th scope="col">{t("stats.rank")}</th><th scope="col">{t("stats.previousRank")}</th><th scope="col">{t("filter.store")}</th>
          <th scope="col">{t("stats.value")}</th><th scope="col">{t("stats.previous")}</th></tr></thead>
        <tbody>{rows.map((r) => (
          <tr class={r.in_perimeter ? "perimeter" : ""}><td>{r.rank ?? na()}</td><td>{r.previous_rank ?? na()}</td>
            <td>{r.in_perimeter ? <strong>{r.store_name}</strong> : r.store_name}</td>
            <td>{fmt(metric, r.value)}</td><td>{fmt(metric, r.previous)}</td></tr>))}
        </tbody></table>}
      <p class="small muted">{t("stats.perimeterNote")}</p>
    </section>
  );
}

function RealtimePanel({ storeIds }: { storeIds: string }) {
  const [data, setData] = useState<Realtime | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api<Realtime>("GET", `/v1/stats/realtime?${qs({ store_ids: storeIds })}`)
      .then((r) => { if (live) { setData(r); setErr(null); } }).catch((x) => { if (live) setErr(x.message); });
    load();
    const timer = setInterval(load, 10000);
    return () => { live = false; clearInterval(timer); };
  }, [storeIds]);
  const buckets = Object.entries(data?.waiting.by_wait || {});
  const max = Math.max(1, ...buckets.map(([, n]) => n));
  return (
    <section class="card" aria-labelledby="stats-realtime" data-testid="realtime">
      <h2 id="stats-realtime">{t("stats.realtime")}</h2>
      <ErrorBox msg={err} />
      {data && <>
        <h3>{t("stats.waiting", { n: String(data.waiting.total) })}</h3>
        {data.waiting.longest_wait_seconds !== null &&
          <p class="muted">{t("stats.longest")} {longDuration(data.waiting.longest_wait_seconds)}</p>}
        <ul class="bars" aria-label={t("stats.byWait")}>
          {buckets.map(([b, n]) => (
            <li><span class="bar-label">{t(`wait.${b}`)}</span>
              <span class="bar-track" aria-hidden="true"><span class="bar" style={{ width: `${(100 * n) / max}%` }} /></span>
              <span class="bar-value">{n}</span></li>))}
        </ul>
        <h3>{t("stats.colleagues")}</h3>
        {data.colleagues.length ? <table data-testid="colleagues">
          <thead><tr><th scope="col">{t("admin.agent")}</th><th scope="col">{t("stats.connected")}</th><th scope="col">{t("presence.label")}</th>
            <th scope="col">{t("stats.connectedToday")}</th><th scope="col">{t("stats.handledToday")}</th></tr></thead>
          <tbody>{data.colleagues.map((c) => (
            <tr><th scope="row">{c.name || c.agent_id}</th><td>{c.connected ? t("stats.yes") : t("stats.no")}</td>
              <td>{c.presence?.chat ? t(`presence.${c.presence.chat}`) : na()}</td>
              <td>{longDuration(c.connected_seconds_today)}</td><td>{c.contacts_handled_today}</td></tr>))}
          </tbody></table> : <p class="muted">{t("stats.none")}</p>}
      </>}
    </section>
  );
}
