// Two small charts of the statistics page, in plain SVG (no chart library): contacts per day (bars) and the
// response time per day (a line with gaps on days without a value). Each SVG has role="img" and a summary as its
// accessible name; a visually hidden table carries every value for screen readers.
import { t } from "./i18n";
import { signalLang } from "./lang";

export interface Day { date: string; contacts: number; conversations: number; response_time_seconds: number | null }

const W = 520, H = 180, L = 72, R = 12, TOP = 12, B = 40; // size and margins (left for the y ticks, bottom for dates)

/** "23/11" or "11/23", for the x axis (the date is a calendar day: no time zone shift). */
function shortDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  try { return new Intl.DateTimeFormat(signalLang.value, { day: "2-digit", month: "2-digit", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d)); }
  catch { return iso.slice(5); }
}

/** A round upper bound for the y axis whose half is a whole number too: 2, 4, 6, 10 × 10^n (at least 2). */
function niceMax(v: number): number {
  v = Math.max(2, v);
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [2, 4, 6, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

interface ChartProps {
  id: string; title: string; yLabel: string; days: Day[]; kind: "bars" | "line";
  value: (d: Day) => number | null; format: (v: number) => string; summary: string;
}

function Chart({ id, title, yLabel, days, kind, value, format, summary }: ChartProps) {
  const values = days.map(value);
  const known = values.filter((v): v is number => v !== null);
  const max = niceMax(Math.max(0, ...known));
  const n = Math.max(1, days.length);
  const plotW = W - L - R, plotH = H - TOP - B;
  const step = plotW / n;
  const x = (i: number) => L + step * i + step / 2;
  const y = (v: number) => TOP + plotH - (plotH * v) / max;
  const every = Math.max(1, Math.ceil(n / 10)); // at most ~10 date labels
  // Line segments: consecutive days with a value; a null day breaks the line.
  const segments: string[] = [];
  let cur: string[] = [];
  values.forEach((v, i) => {
    if (v === null) { if (cur.length) segments.push(cur.join(" ")); cur = []; }
    else cur.push(`${cur.length ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (cur.length) segments.push(cur.join(" "));
  return (
    <figure class="chart" data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${summary}`} preserveAspectRatio="xMidYMid meet">
        <g aria-hidden="true">
          {[0, max / 2, max].map((v) => <g>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="grid" />
            <text x={L - 6} y={y(v) + 4} text-anchor="end" class="tick">{format(v)}</text>
          </g>)}
          <text transform={`translate(12 ${TOP + plotH / 2}) rotate(-90)`} text-anchor="middle" class="axis-label">{yLabel}</text>
          {days.map((d, i) => i % every === 0 &&
            <text x={x(i)} y={H - B + 16} text-anchor="middle" class="tick">{shortDate(d.date)}</text>)}
          <text x={L + plotW / 2} y={H - 4} text-anchor="middle" class="axis-label">{t("chart.day")}</text>
          <line x1={L} x2={W - R} y1={TOP + plotH} y2={TOP + plotH} class="axis" />
          {kind === "bars" && values.map((v, i) => v !== null && v > 0 &&
            <rect x={x(i) - step * 0.35} width={step * 0.7} y={y(v)} height={TOP + plotH - y(v)} class="bar-rect" />)}
          {kind === "line" && segments.map((d) => <path d={d} class="line" />)}
          {kind === "line" && values.map((v, i) => v !== null && <circle cx={x(i)} cy={y(v)} r={3} class="point" />)}
        </g>
      </svg>
      <table class="sr-only">
        <caption>{title}</caption>
        <thead><tr><th scope="col">{t("chart.day")}</th><th scope="col">{yLabel}</th></tr></thead>
        <tbody>{days.map((d, i) => <tr><th scope="row">{d.date}</th>
          <td>{values[i] === null ? t("stats.na") : format(values[i] as number)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}

export function DailyCharts({ days, duration }: { days: Day[]; duration: (s: number | null) => string }) {
  if (!days.length) return null;
  const first = days[0].date, last = days[days.length - 1].date;
  const total = days.reduce((s, d) => s + d.contacts, 0);
  const busiest = days.reduce((a, d) => (d.contacts > a.contacts ? d : a), days[0]);
  const times = days.filter((d) => d.response_time_seconds !== null);
  const slowest = times.reduce<Day | null>((a, d) => (!a || (d.response_time_seconds as number) > (a.response_time_seconds as number) ? d : a), null);
  const num = (v: number) => new Intl.NumberFormat(signalLang.value, { maximumFractionDigits: 0 }).format(v);
  return (
    <div class="charts">
      <Chart id="contacts" kind="bars" days={days} title={t("chart.contacts")} yLabel={t("ind.contacts")}
        value={(d) => d.contacts} format={num}
        summary={t("chart.contactsSummary", { from: first, to: last, total: String(total), max: String(busiest.contacts), day: busiest.date })} />
      <Chart id="response-time" kind="line" days={days} title={t("chart.responseTime")} yLabel={t("chart.responseTimeAxis")}
        value={(d) => d.response_time_seconds} format={(v) => duration(v)}
        summary={slowest
          ? t("chart.responseSummary", { from: first, to: last, n: String(times.length), max: duration(slowest.response_time_seconds), day: slowest.date })
          : t("chart.responseNone", { from: first, to: last })} />
    </div>
  );
}
