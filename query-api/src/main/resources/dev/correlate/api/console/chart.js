// Job outcomes over time as stacked bars, drawn as SVG: a few dozen buckets need no chart library (the reasons are
// in docs/decisions.md). Each bar stacks completed and running jobs, then failed and stuck jobs by category.

import { STATUS_COLORS, categoryColor, clock, count, h, words } from "./dom.js";

const WIDTH = 760;
const HEIGHT = 180;
const MARGIN = { left: 34, right: 8, top: 8, bottom: 22 };
const UNCATEGORIZED = "uncategorized";

/** The series of one bucket, bottom to top: [name, count, color]. */
function series(bucket, failing) {
  const out = [["completed", bucket.by_status.completed || 0, STATUS_COLORS.completed],
    ["running", bucket.by_status.running || 0, STATUS_COLORS.running]];
  const categorized = Object.values(bucket.by_category).reduce((a, b) => a + b, 0);
  Object.entries(bucket.by_category).sort().forEach(([category, n]) => out.push([category, n, categoryColor(category)]));
  const failingTotal = failing.reduce((sum, status) => sum + (bucket.by_status[status] || 0), 0);
  if (failingTotal > categorized) {
    out.push([UNCATEGORIZED, failingTotal - categorized, categoryColor(UNCATEGORIZED)]);
  }
  return out.filter(([, n]) => n > 0);
}

export function outcomeChart(stats, windowStart, windowEnd, failing) {
  const from = windowStart;
  const to = Math.max(windowEnd, from + stats.bucket_ms);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = t => MARGIN.left + ((t - from) / (to - from)) * plotW;
  const stacks = stats.buckets.map(b => ({ start: Date.parse(b.start), parts: series(b, failing) }));
  const max = Math.max(1, ...stacks.map(s => s.parts.reduce((sum, [, n]) => sum + n, 0)));
  const y = n => (n / max) * plotH;
  const barW = Math.max(2, (stats.bucket_ms / (to - from)) * plotW - 1);
  const svg = h("svg", { class: "chart", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-label": "job outcomes over time, stacked by failure category" });
  [0, Math.round(max / 2), max].filter((v, i, all) => all.indexOf(v) === i).forEach(v => {
    const gy = MARGIN.top + plotH - y(v);
    svg.append(h("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: gy, y2: gy, class: "grid" }),
      h("text", { x: MARGIN.left - 6, y: gy + 4, class: "axis", "text-anchor": "end" }, String(v)));
  });
  for (let i = 0; i <= 5; i++) {
    const t = from + ((to - from) * i) / 5;
    svg.append(h("text", { x: x(t), y: HEIGHT - 6, class: "axis", "text-anchor": i === 0 ? "start" : i === 5 ? "end" : "middle" },
      label(t, to - from)));
  }
  stacks.forEach(stack => {
    let base = MARGIN.top + plotH;
    const group = h("g", { class: "bar" });
    stack.parts.forEach(([name, n, color]) => {
      const height = y(n);
      base -= height;
      group.append(h("rect", { x: Math.max(MARGIN.left, x(stack.start)), y: base, width: barW, height: Math.max(height, 1),
        fill: color, "data-series": name }));
    });
    group.append(h("title", {}, `${clock(new Date(stack.start).toISOString()).slice(0, 5)} UTC: `
      + stack.parts.map(([name, n]) => `${words(name)} ${n}`).join(", ")));
    svg.append(group);
  });
  if (!stacks.length) {
    svg.append(h("text", { x: WIDTH / 2, y: HEIGHT / 2, class: "axis", "text-anchor": "middle" }, "no job in this window"));
  }
  return svg;
}

export function chartLegend(stats, failing) {
  const totals = {};
  stats.buckets.forEach(b => series(b, failing).forEach(([name, n, color]) => {
    totals[name] = totals[name] || { n: 0, color };
    totals[name].n += n;
  }));
  return h("ul", { class: "legend" }, Object.entries(totals).map(([name, { n, color }]) => {
    const swatch = h("i", { class: "swatch", "aria-hidden": "true" });
    swatch.style.background = color;
    return h("li", { "data-series": name }, swatch, words(name), " ", h("b", {}, count(n)));
  }));
}

function label(t, span) {
  const iso = new Date(t).toISOString();
  return span > 2 * 86_400_000 ? iso.slice(5, 10) + " " + iso.slice(11, 16) : iso.slice(11, 16);
}
