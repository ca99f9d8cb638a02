// The events of a timeline as a virtualized list: only the rows in view (and a few around) exist in the page, so
// 20 000 events scroll as smoothly as 20. Silent gaps appear as separator rows. Beside it, the selected event in
// full: its whole message and every parsed field.

import { clock, duration, externalLink, fill, h, offset, serviceChip } from "./dom.js";
import { jobLink, requestLink } from "./route.js";

const ROW = 24;
const OVERSCAN = 12;

export class EventList {
  constructor(container, { onSelect }) {
    this.onSelect = onSelect;
    this.rows = [];
    this.selectedId = null;
    this.marks = { evidence: new Set(), firstError: null, links: new Map(), base: 0 };
    this.count = h("span", { class: "muted small list-count" });
    this.spacer = h("div", { class: "vl-spacer" });
    this.viewport = h("div", { class: "vl-viewport", tabindex: "0", role: "list", "aria-label": "events" }, this.spacer);
    this.detail = h("aside", { class: "detail", "aria-label": "selected event" },
      h("p", { class: "muted" }, "Select an event (here or in the waterfall) to see its whole message and every field."));
    fill(container,
      h("div", { class: "vl-head" }, ["offset", "time (UTC)", "service", "level", "message"].map(c => h("span", {}, c))),
      h("div", { class: "vl-split" }, h("div", { class: "vl-main" }, this.viewport, this.count), this.detail));
    let pending = false;
    this.viewport.addEventListener("scroll", () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          this.render();
        });
      }
    });
    this.viewport.addEventListener("click", e => {
      const row = e.target.closest(".vl-row[data-index]");
      if (row && !e.target.closest("a")) {
        const item = this.rows[Number(row.dataset.index)];
        if (item && !item.gap) {
          this.onSelect(item, false);
        }
      }
    });
    this.viewport.addEventListener("keydown", e => this.key(e));
    new ResizeObserver(() => this.render()).observe(this.viewport);
  }

  /** Rows to show: events and {gap: [from, to]} separators, in time order; {@code total}: events in the timeline. */
  setRows(rows, marks, summary) {
    this.rows = rows;
    this.marks = marks;
    this.spacer.style.height = `${rows.length * ROW}px`;
    this.count.textContent = summary;
    this.render(true);
  }

  indexOf(eventId) {
    return this.rows.findIndex(r => r.event_id === eventId);
  }

  select(event, scroll) {
    this.selectedId = event ? event.event_id : null;
    if (event && scroll) {
      const index = this.indexOf(event.event_id);
      if (index >= 0) {
        const top = index * ROW;
        const view = this.viewport.clientHeight;
        if (top < this.viewport.scrollTop || top + ROW > this.viewport.scrollTop + view) {
          this.viewport.scrollTop = Math.max(0, top - view / 2);
        }
      }
    }
    this.render(true);
    this.showDetail(event);
  }

  key(e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") {
      return;
    }
    e.preventDefault();
    let index = this.indexOf(this.selectedId);
    const step = e.key === "ArrowDown" ? 1 : -1;
    do {
      index += step;
    } while (index >= 0 && index < this.rows.length && this.rows[index].gap);
    if (index >= 0 && index < this.rows.length) {
      this.onSelect(this.rows[index], false, true);
    }
  }

  render(force) {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    if (!force && first === this.first && last === this.last) {
      return;
    }
    this.first = first;
    this.last = last;
    const rows = [];
    for (let i = first; i < last; i++) {
      rows.push(this.row(this.rows[i], i));
    }
    fill(this.spacer, rows);
  }

  row(item, index) {
    const row = item.gap
      ? h("div", { class: "vl-row gap", "data-index": index }, h("span", { class: "gap-text" },
        `silent for ${duration(item.gap[1] - item.gap[0])}`))
      : h("div", {
        class: ["vl-row", `level-${item.level}`, this.marks.evidence.has(item.event_id) ? "evidence" : "",
          item.event_id === this.marks.firstError ? "first-error" : "", item.event_id === this.selectedId ? "selected" : ""]
          .filter(Boolean).join(" "),
        "data-index": index, "data-event-id": item.event_id, role: "listitem",
      },
      h("span", { class: "c-offset" }, offset(item.t - this.marks.base)),
      h("span", { class: "c-time" }, clock(item.timestamp)),
      h("span", { class: "c-service" }, serviceChip(item.service)),
      h("span", { class: "c-level" }, item.level),
      h("span", { class: "c-message" }, firstLine(item.message)));
    row.style.top = `${index * ROW}px`;
    return row;
  }

  showDetail(event) {
    if (!event) {
      fill(this.detail, h("p", { class: "muted" }, "Select an event to see its whole message and every field."));
      return;
    }
    const flags = [this.marks.firstError === event.event_id ? h("span", { class: "flag first" }, "first error") : null,
      this.marks.evidence.has(event.event_id) ? h("span", { class: "flag evidence" }, "evidence") : null];
    fill(this.detail,
      h("div", { class: "detail-head" }, h("b", {}, clock(event.timestamp)), " ", serviceChip(event.service), " ",
        h("span", { class: `level-${event.level}` }, event.level), " ", flags, " ",
        externalLink(this.marks.links.get(event.event_id), "CloudWatch", "cloudwatch")),
      h("pre", { class: "message" }, event.message || ""),
      h("table", { class: "fields" }, h("tbody", {}, fields(event).map(([key, value]) =>
        h("tr", {}, h("th", {}, key), h("td", {}, value))))));
  }
}

function firstLine(message) {
  const text = message || "";
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end) + " …";
}

/** Every field of an event, flattened to dotted paths; ids link to their timelines. */
function fields(event) {
  const out = [];
  const visit = (prefix, value) => {
    if (value === null || value === undefined || prefix === "message" || prefix === "t") {
      return;
    }
    if (Array.isArray(value)) {
      if (prefix === "job_ids" || prefix === "correlation_ids") {
        out.push([prefix, value.map((id, i) => [i ? ", " : "", h("a", {
          href: prefix === "job_ids" ? jobLink(id) : requestLink(id),
        }, id)])]);
      } else {
        out.push([prefix, value.map(v => typeof v === "object" ? JSON.stringify(v) : String(v)).join(", ")]);
      }
    } else if (typeof value === "object") {
      Object.keys(value).sort().forEach(k => visit(prefix ? `${prefix}.${k}` : k, value[k]));
    } else {
      out.push([prefix, String(value)]);
    }
  };
  visit("", event);
  return out;
}
