// The waterfall: one lane per service, and under it one per Lambda invocation or ECS task, on a shared time axis
// (as Jaeger's trace view). Drawn on a canvas so that 20 000 events cost one pass: the events of one lane that fall
// on the same pixel are aggregated into one mark whose height grows with their number and whose color is the most
// severe level among them; zooming in (drag across the plot) separates them again. A service with more than
// MAX_SUBLANES invocations or tasks shows them aggregated in its own lane until expanded. Silent stretches longer
// than the gap threshold are hatched, errors are red, warnings amber, evidence lines framed, the first error flagged.

import { clock, duration, fill, h, hashColor } from "./dom.js";

const AXIS = 24;
const SERVICE_LANE = 22;
const SUB_LANE = 16;
const PAD = 8;
const MAX_SUBLANES = 8;
const TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5,
  36e5, 72e5, 108e5, 216e5, 432e5, 864e5];
const COLORS = { error: "#d32f2f", warn: "#e69500", evidence: "#ffb300", selected: "#1f6feb", gap: "#9aa4b2" };

export function severity(level) {
  return level === "ERROR" || level === "FATAL" ? 2 : level === "WARN" ? 1 : 0;
}

/** Silent stretches of a sorted event list longer than the threshold: [from, to] pairs, epoch ms. */
export function gapsOf(events, threshold) {
  const gaps = [];
  for (let i = 1; i < events.length; i++) {
    if (events[i].t - events[i - 1].t >= threshold) {
      gaps.push([events[i - 1].t, events[i].t]);
    }
  }
  return gaps;
}

/** Gaps worth drawing: at least 30 s, and at least a 25th of the whole timeline. */
export function gapThreshold(events) {
  const span = events.length ? events[events.length - 1].t - events[0].t : 0;
  return Math.max(30_000, span / 25);
}

export class Waterfall {
  constructor(container, { onSelect, onZoom }) {
    this.onSelect = onSelect;
    this.onZoom = onZoom;
    this.events = [];
    this.lanes = [];
    this.expanded = new Set();
    this.range = null;
    this.selected = null;
    this.marks = { evidence: new Set(), firstError: null, base: 0 };
    this.rangeLabel = h("span", { class: "wf-range muted small" });
    this.labels = h("div", { class: "wf-labels" });
    this.canvas = h("canvas", { class: "wf-canvas", "aria-label": "waterfall of the timeline's events" });
    this.brush = h("div", { class: "wf-brush", hidden: true });
    this.tip = h("div", { class: "wf-tip", hidden: true });
    this.plot = h("div", { class: "wf-plot" }, this.canvas, this.brush, this.tip);
    fill(container,
      h("div", { class: "wf-toolbar" },
        this.rangeLabel,
        h("button", { type: "button", class: "small", onclick: () => this.zoomOut() }, "Zoom out"),
        h("button", { type: "button", class: "small", onclick: () => this.zoomTo(null) }, "Reset zoom"),
        h("span", { class: "muted small" }, "drag across the lanes to zoom · click a mark to open its event"),
        h("span", { class: "spacer" }),
        legend()),
      h("div", { class: "wf-body" }, this.labels, this.plot));
    this.plot.addEventListener("mousedown", e => this.press(e));
    this.plot.addEventListener("mousemove", e => this.hover(e));
    this.plot.addEventListener("mouseleave", () => { this.tip.hidden = true; });
    new ResizeObserver(() => this.draw()).observe(this.plot);
  }

  /** {@code events} sorted by time, each with {@code t} (epoch ms); marks: evidence ids, first error id, base. */
  setEvents(events, marks) {
    this.events = events;
    this.marks = marks;
    this.gaps = gapsOf(events, gapThreshold(events));
    this.buildLanes();
    this.draw();
  }

  buildLanes() {
    const services = new Map();
    this.events.forEach(e => {
      const name = e.service || e.log_group || "unknown";
      let service = services.get(name);
      if (!service) {
        service = { name, events: [], subs: new Map() };
        services.set(name, service);
      }
      service.events.push(e);
      const sub = e.ecs_task_id ? "task " + e.ecs_task_id.slice(0, 12)
        : e.lambda_request_id ? "invocation " + e.lambda_request_id.slice(0, 8) : null;
      if (sub) {
        if (!service.subs.has(sub)) {
          service.subs.set(sub, []);
        }
        service.subs.get(sub).push(e);
      }
    });
    this.lanes = [];
    services.forEach(service => {
      const aggregated = service.subs.size > MAX_SUBLANES && !this.expanded.has(service.name);
      this.lanes.push({ kind: "service", service: service.name, label: service.name, events: service.events,
        color: hashColor(service.name), subs: service.subs.size, aggregated });
      if (!aggregated) {
        service.subs.forEach((events, label) => this.lanes.push({ kind: "sub", service: service.name, label, events,
          color: hashColor(service.name) }));
      }
    });
    let y = AXIS;
    this.lanes.forEach(lane => {
      lane.y = y;
      lane.height = lane.kind === "service" ? SERVICE_LANE : SUB_LANE;
      y += lane.height;
    });
    this.height = y + 4;
    fill(this.labels, h("div", { class: "wf-axis-spacer" }), this.lanes.map(lane => this.label(lane)));
  }

  label(lane) {
    const row = h("div", { class: `wf-label ${lane.kind}`, "data-lane": lane.label, "data-service": lane.service,
      title: `${lane.label}: ${lane.events.length} events` });
    if (lane.kind === "service") {
      const swatch = h("i", { class: "swatch" });
      swatch.style.background = lane.color;
      row.append(swatch, h("span", { class: "wf-name" }, lane.label));
      if (lane.subs > MAX_SUBLANES) {
        row.append(h("button", { type: "button", class: "link small lanes-toggle", onclick: () => this.toggle(lane.service),
          title: lane.aggregated ? `the events of ${lane.subs} invocations or tasks, aggregated in this lane: show a lane for each`
            : "aggregate them in the service's lane again",
        }, lane.aggregated ? `${lane.subs} lanes ▸` : "collapse ▴"));
      } else {
        row.append(h("span", { class: "muted small" }, String(lane.events.length)));
      }
    } else {
      row.append(h("span", { class: "wf-name" }, lane.label));
    }
    row.style.height = `${lane.height}px`;
    return row;
  }

  toggle(service) {
    if (this.expanded.has(service)) {
      this.expanded.delete(service);
    } else {
      this.expanded.add(service);
    }
    this.buildLanes();
    this.draw();
  }

  full() {
    if (!this.events.length) {
      return [0, 1];
    }
    const first = this.events[0].t;
    const last = this.events[this.events.length - 1].t;
    const pad = Math.max(1, (last - first) * 0.01);
    return [first - pad, last + pad];
  }

  view() {
    return this.range || this.full();
  }

  zoomTo(range) {
    this.range = range && range[1] - range[0] >= 1 ? range : null;
    this.draw();
    this.onZoom(this.range);
  }

  zoomOut() {
    if (!this.range) {
      return;
    }
    const [from, to] = this.range;
    const [first, last] = this.full();
    const span = (to - from) * 3;
    const middle = (from + to) / 2;
    const next = [Math.max(first, middle - span / 2), Math.min(last, middle + span / 2)];
    this.zoomTo(next[0] <= first && next[1] >= last ? null : next);
  }

  select(event) {
    this.selected = event;
    this.draw();
  }

  x(t, width) {
    const [from, to] = this.view();
    return PAD + ((t - from) / (to - from)) * (width - 2 * PAD);
  }

  time(x, width) {
    const [from, to] = this.view();
    return from + ((x - PAD) / (width - 2 * PAD)) * (to - from);
  }

  draw() {
    const width = this.plot.clientWidth;
    if (!width) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${this.height}px`;
    const g = this.canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, this.height);
    const [from, to] = this.view();
    this.rangeLabel.textContent = this.range
      ? `zoomed: +${duration(from - this.marks.base)} to +${duration(to - this.marks.base)}`
      : `whole timeline, ${duration(to - from)}`;
    this.drawAxis(g, width, from, to);
    this.lanes.forEach((lane, i) => {
      if (i % 2 === 0) {
        g.fillStyle = "#f6f8fa";
        g.fillRect(0, lane.y, width, lane.height);
      }
    });
    this.drawGaps(g, width, from, to);
    this.lanes.forEach(lane => this.drawLane(g, lane, width, from, to));
    if (this.selected) {
      const sx = Math.round(this.x(this.selected.t, width)) + 0.5;
      g.strokeStyle = COLORS.selected;
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(sx, AXIS - 6);
      g.lineTo(sx, this.height);
      g.stroke();
    }
  }

  drawAxis(g, width, from, to) {
    const span = to - from;
    const step = TICKS.find(s => span / s <= width / 110) || TICKS[TICKS.length - 1];
    g.font = "11px system-ui, sans-serif";
    g.textBaseline = "middle";
    g.fillStyle = "#57606a";
    g.strokeStyle = "#e4e8ee";
    const base = this.marks.base;
    for (let t = Math.ceil((from - base) / step) * step + base; t <= to; t += step) {
      const tx = Math.round(this.x(t, width)) + 0.5;
      g.beginPath();
      g.moveTo(tx, AXIS - 4);
      g.lineTo(tx, this.height);
      g.stroke();
      g.fillText("+" + duration(t - base), tx + 3, AXIS / 2);
    }
  }

  drawGaps(g, width, from, to) {
    g.font = "11px system-ui, sans-serif";
    (this.gaps || []).forEach(([a, b]) => {
      if (b < from || a > to) {
        return;
      }
      const x1 = Math.max(0, this.x(a, width));
      const x2 = Math.min(width, this.x(b, width));
      g.save();
      g.beginPath();
      g.rect(x1, AXIS, x2 - x1, this.height - AXIS);
      g.clip();
      g.fillStyle = "rgba(154, 164, 178, 0.12)";
      g.fillRect(x1, AXIS, x2 - x1, this.height - AXIS);
      g.strokeStyle = "rgba(154, 164, 178, 0.45)";
      for (let d = -this.height; d < x2 - x1; d += 8) {
        g.beginPath();
        g.moveTo(x1 + d, this.height);
        g.lineTo(x1 + d + this.height, AXIS);
        g.stroke();
      }
      g.restore();
      if (x2 - x1 > 60) {
        g.fillStyle = "#57606a";
        g.fillText(`silent ${duration(b - a)}`, x1 + 4, AXIS + 8);
      }
    });
  }

  drawLane(g, lane, width, from, to) {
    const events = lane.events;
    if (!events.length) {
      return;
    }
    const mid = lane.y + lane.height / 2;
    const x1 = Math.max(0, this.x(events[0].t, width));
    const x2 = Math.min(width, this.x(events[events.length - 1].t, width));
    g.globalAlpha = 0.18;
    g.fillStyle = lane.color;
    g.fillRect(x1, mid - lane.height * 0.2, Math.max(2, x2 - x1), lane.height * 0.4);
    g.globalAlpha = 1;
    const bins = new Map();
    for (let i = lowerBound(events, from); i < events.length && events[i].t <= to; i++) {
      const e = events[i];
      const px = Math.round(this.x(e.t, width));
      let bin = bins.get(px);
      if (!bin) {
        bin = { n: 0, sev: 0, evidence: false, first: false };
        bins.set(px, bin);
      }
      bin.n++;
      bin.sev = Math.max(bin.sev, severity(e.level));
      bin.evidence = bin.evidence || this.marks.evidence.has(e.event_id);
      bin.first = bin.first || e.event_id === this.marks.firstError;
    }
    bins.forEach((bin, px) => {
      const height = Math.min(lane.height - 4, (lane.height - 4) * (0.5 + 0.15 * Math.log2(bin.n)));
      const top = mid - height / 2;
      if (bin.evidence) {
        g.fillStyle = COLORS.evidence;
        g.fillRect(px - 2, top - 1, 5, height + 2);
      }
      g.fillStyle = bin.sev === 2 ? COLORS.error : bin.sev === 1 ? COLORS.warn : lane.color;
      g.fillRect(px, top, bin.sev ? 2 : 1.5, height);
      if (bin.first) {
        g.fillStyle = COLORS.error;
        g.beginPath();
        g.moveTo(px - 4, lane.y);
        g.lineTo(px + 5, lane.y);
        g.lineTo(px + 0.5, lane.y + 5);
        g.fill();
      }
    });
  }

  laneAt(y) {
    return this.lanes.find(lane => y >= lane.y && y < lane.y + lane.height);
  }

  /** The event of the lane under (x, y) nearest to x, within 5 px; with how many share its pixel. */
  hit(x, y) {
    const lane = this.laneAt(y);
    if (!lane) {
      return null;
    }
    const width = this.plot.clientWidth;
    const t = this.time(x, width);
    const events = lane.events;
    let i = lowerBound(events, t);
    let best = null;
    for (const j of [i - 1, i]) {
      if (j >= 0 && j < events.length && (!best || Math.abs(events[j].t - t) < Math.abs(best.t - t))) {
        best = events[j];
      }
    }
    if (!best || Math.abs(this.x(best.t, width) - x) > 5) {
      return null;
    }
    const px = Math.round(this.x(best.t, width));
    let shared = 0;
    for (i = lowerBound(events, this.time(px - 0.5, width)); i < events.length && Math.round(this.x(events[i].t, width)) <= px; i++) {
      shared++;
    }
    return { event: best, shared };
  }

  point(e) {
    const box = this.plot.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  }

  hover(e) {
    if (e.buttons) {
      return;
    }
    const [x, y] = this.point(e);
    const found = this.hit(x, y);
    if (!found) {
      this.tip.hidden = true;
      return;
    }
    const ev = found.event;
    fill(this.tip, h("b", {}, `${clock(ev.timestamp)} ${ev.service || ""} ${ev.level}`), h("br"),
      (ev.message || "").slice(0, 160), found.shared > 1 ? h("div", { class: "muted" }, `${found.shared} events here; zoom in to separate them`) : null);
    this.tip.hidden = false;
    this.tip.style.left = `${Math.min(x + 12, this.plot.clientWidth - 320)}px`;
    this.tip.style.top = `${y + 14}px`;
  }

  press(e) {
    if (e.button !== 0) {
      return;
    }
    e.preventDefault();
    const [x0, y0] = this.point(e);
    const move = m => {
      const [x] = this.point(m);
      this.brush.hidden = false;
      this.brush.style.left = `${Math.min(x0, x)}px`;
      this.brush.style.width = `${Math.abs(x - x0)}px`;
    };
    const up = u => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
      this.brush.hidden = true;
      const [x] = this.point(u);
      const width = this.plot.clientWidth;
      if (Math.abs(x - x0) > 4) {
        const a = this.time(Math.min(x, x0), width);
        const b = this.time(Math.max(x, x0), width);
        this.zoomTo([a, b]);
      } else {
        const found = this.hit(x0, y0);
        if (found) {
          this.onSelect(found.event, true);
        }
      }
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  }
}

/** The index of the first event at or after {@code t}. */
export function lowerBound(events, t) {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].t < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function legend() {
  const item = (cls, text) => h("span", { class: "wf-key" }, h("i", { class: cls }), text);
  return h("span", { class: "wf-legend small" }, item("k-info", "event"), item("k-warn", "warning"),
    item("k-error", "error"), item("k-evidence", "evidence"), item("k-first", "first error"), item("k-gap", "silent gap"));
}
