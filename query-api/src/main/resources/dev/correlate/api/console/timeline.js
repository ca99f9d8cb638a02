// A timeline (a job's or a request's): its events loaded page by page from the timeline endpoint, shown as the
// waterfall above the event list. The URL keeps the selected event (?event=) and the zoom (?from=&to=, offsets in
// ms from the first event), so a pasted link opens the same spot.

import { get } from "./api.js";
import { count, errorPanel, fill, h, sameView } from "./dom.js";
import { EventList } from "./eventlist.js";
import { currentRoute, replaceParams, searchLink } from "./route.js";
import { Waterfall, gapThreshold, gapsOf } from "./waterfall.js";

const PAGE = 5000;
/** Events a page holds at most; a bigger timeline is shown up to here, and the API serves the rest. */
const MAX_EVENTS = 50_000;
/** Timelines up to this many events are reloaded by themselves when they grow; bigger ones on request. */
export const AUTO_RELOAD_MAX = 5000;

/** The title bar of a job's or a request's page: back, what it is, and the same view in the CLI and the API. */
export function titleBar(what, id, cli, api) {
  return h("div", { class: "toolbar" },
    h("a", { href: "#/", class: "back" }, "← Overview"),
    h("h1", {}, what + " ", h("span", { class: "mono" }, id)),
    h("span", { class: "spacer" }),
    sameView(cli, api));
}

/** Why a job or request cannot be shown: the API's problem, and for an unknown id a search for it. */
export function lookupFailure(error, what, id) {
  return error.status === 404
    ? [errorPanel(error, `No ${what} with this id has been indexed: check the id, or search its logs.`),
      h("p", {}, h("a", { href: searchLink({ filter: `"${id}"`, since: "7d" }) }, `Search the logs for "${id}"`))]
    : errorPanel(error);
}

export class TimelineView {
  /**
   * @param container where to draw
   * @param path the timeline endpoint, {@code /api/v1/jobs/<id>/timeline}
   * @param onSummary called with the summary of the first page (null while it is not indexed)
   */
  constructor(container, path, onSummary) {
    this.path = path;
    this.onSummary = onSummary;
    this.events = [];
    this.byId = new Map();
    this.marks = { evidence: new Set(), firstError: null, base: 0 };
    this.filter = "";
    this.status = h("div", { class: "tl-status muted small", "aria-live": "polite" });
    const waterfallBox = h("div", { class: "waterfall" });
    const listBox = h("div", { class: "events" });
    const find = h("input", { type: "search", class: "find", placeholder: "Find in these events (message, service, level)",
      "aria-label": "find in these events" });
    find.addEventListener("input", () => {
      this.filter = find.value.trim().toLowerCase();
      this.showRows();
    });
    this.errorsOnly = h("input", { type: "checkbox" });
    this.errorsOnly.addEventListener("change", () => this.showRows());
    fill(container,
      h("section", { class: "panel" }, h("h2", {}, "Waterfall"), this.status, waterfallBox),
      h("section", { class: "panel" },
        h("div", { class: "events-toolbar" }, h("h2", {}, "Events"), find,
          h("label", { class: "small" }, this.errorsOnly, " warnings and errors only")),
        listBox));
    this.waterfall = new Waterfall(waterfallBox, {
      onSelect: (event, fromPlot) => this.select(event, fromPlot),
      onZoom: range => this.zoomed(range),
    });
    this.list = new EventList(listBox, { onSelect: (event, _fromPlot, scroll) => this.select(event, scroll) });
  }

  /** Loads every page (up to MAX_EVENTS); a failure is shown where the events would be. */
  async load() {
    const loaded = [];
    let cursor = null;
    let summary;
    try {
      do {
        const page = await get(this.path, { limit: PAGE, cursor });
        if (summary === undefined) {
          summary = page.summary;
          this.onSummary(summary);
        }
        page.events.forEach(e => loaded.push(Object.assign(e, { t: Date.parse(e.timestamp) })));
        cursor = page.next_cursor;
        const total = summary ? summary.event_count : loaded.length;
        this.status.textContent = cursor && loaded.length < MAX_EVENTS
          ? `loading events: ${count(loaded.length)} of ${count(total)} …` : "";
        if (cursor && loaded.length < MAX_EVENTS && loaded.length === PAGE) {
          this.show(loaded.slice(), summary); // the first page at once; the rest when complete
        }
      } while (cursor && loaded.length < MAX_EVENTS);
    } catch (error) {
      this.status.replaceChildren(errorPanel(error));
      if (!loaded.length) {
        throw error;
      }
    }
    if (cursor) {
      this.status.textContent = `showing the first ${count(loaded.length)} events of ${count(summary ? summary.event_count : loaded.length)};`
        + " the API and the CLI page through all of them (with service, level and pattern filters)";
    }
    this.show(loaded, summary);
    return summary;
  }

  show(events, summary) {
    this.events = events;
    this.byId = new Map(events.map(e => [e.event_id, e]));
    const diagnosis = summary && summary.diagnosis;
    const evidence = (diagnosis && diagnosis.evidence) || [];
    const firstError = summary && summary.first_error;
    this.marks = {
      evidence: new Set(evidence.map(e => e.event_id)),
      firstError: firstError ? firstError.event_id : null,
      // the CloudWatch console page of each event the summary names (the API makes them when the region is known)
      links: new Map([...evidence, ...(firstError ? [firstError] : [])].filter(e => e.console_url)
        .map(e => [e.event_id, e.console_url])),
      base: events.length ? events[0].t - (events[0].offset_ms || 0) : 0,
    };
    this.gaps = gapsOf(events, gapThreshold(events));
    this.waterfall.setEvents(events, this.marks);
    const params = currentRoute().params;
    if (params.has("from") && params.has("to") && !this.waterfall.range) {
      this.waterfall.range = [this.marks.base + Number(params.get("from")), this.marks.base + Number(params.get("to"))];
      this.waterfall.draw();
    }
    this.showRows();
    const wanted = params.get("event") || (this.selected && this.selected.event_id);
    if (wanted && this.byId.has(wanted)) {
      this.select(this.byId.get(wanted), true);
    }
  }

  /** The list: events in the zoomed range matching the find box, with silent gaps between them. */
  showRows() {
    const [from, to] = this.waterfall.range || [-Infinity, Infinity];
    const words = this.filter;
    const severeOnly = this.errorsOnly.checked;
    const rows = [];
    let gap = 0;
    let shown = 0;
    this.events.forEach(e => {
      while (gap < this.gaps.length && this.gaps[gap][1] <= e.t) {
        if (this.gaps[gap][0] >= from && this.gaps[gap][1] <= to && !words && !severeOnly) {
          rows.push({ gap: this.gaps[gap] });
        }
        gap++;
      }
      if (e.t < from || e.t > to || (severeOnly && !["WARN", "ERROR", "FATAL"].includes(e.level))) {
        return;
      }
      if (words && !`${e.message} ${e.service} ${e.level}`.toLowerCase().includes(words)) {
        return;
      }
      rows.push(e);
      shown++;
    });
    const narrowed = shown !== this.events.length;
    this.list.setRows(rows, this.marks, narrowed ? `${count(shown)} of ${count(this.events.length)} events shown`
      : `${count(shown)} events`);
  }

  select(event, scroll) {
    this.selected = event;
    this.waterfall.select(event);
    this.list.select(event, scroll);
    const params = currentRoute().params;
    params.set("event", event.event_id);
    replaceParams(params);
  }

  /** Selects the event with this id, if loaded; false otherwise. */
  selectId(eventId) {
    const event = this.byId.get(eventId);
    if (event) {
      this.select(event, true);
    }
    return Boolean(event);
  }

  zoomed(range) {
    const params = currentRoute().params;
    if (range) {
      params.set("from", String(Math.round(range[0] - this.marks.base)));
      params.set("to", String(Math.round(range[1] - this.marks.base)));
    } else {
      params.delete("from");
      params.delete("to");
    }
    replaceParams(params);
    this.showRows();
  }
}
