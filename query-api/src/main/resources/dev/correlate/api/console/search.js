// Search (#/search?filter=…&since=1h&log_group=…&service=…&level=…): a CloudWatch filter pattern over every event,
// newest first, paged with the API's cursor, matches highlighted, each result linked to its job or request.

import { get } from "./api.js";
import { clock, count, errorPanel, fill, h, sameView, serviceChip, shellQuote } from "./dom.js";
import { jobLink, requestLink } from "./route.js";

const WINDOWS = ["15m", "1h", "24h", "7d", ""];
const LEVELS = ["", "debug", "info", "warn", "error", "fatal"];
const PAGE = 100;

export function mount(root, { params }) {
  const state = {
    filter: params.get("filter") || "", since: params.has("since") ? params.get("since") : "1h",
    log_group: params.get("log_group") || "", service: params.get("service") || "", level: params.get("level") || "",
  };
  const form = h("form", { class: "search-form", autocomplete: "off" },
    h("label", { class: "grow" }, "Filter pattern",
      h("input", { name: "filter", value: state.filter, class: "mono", spellcheck: "false",
        placeholder: 'ERROR timeout   "Connection refused"   ?MemoryError ?OutOfMemory   { $.latency > 100 }' })),
    h("label", {}, "Window", h("select", { name: "since" }, WINDOWS.map(w =>
      h("option", { value: w, selected: w === state.since }, w ? `last ${w}` : "all time")))),
    h("label", {}, "Log group", h("input", { name: "log_group", value: state.log_group, placeholder: "/ecs/tradai-backend-prod" })),
    h("label", {}, "Service", h("input", { name: "service", value: state.service, placeholder: "backend" })),
    h("label", {}, "Level", h("select", { name: "level" }, LEVELS.map(l =>
      h("option", { value: l, selected: l === state.level }, l ? `${l} or worse` : "any")))),
    h("button", { type: "submit", class: "primary" }, "Search"));
  form.addEventListener("submit", event => {
    event.preventDefault();
    const data = new URLSearchParams();
    new FormData(form).forEach((value, key) => {
      if (value || key === "since") { // an empty since is "all time", not the default hour
        data.set(key, value);
      }
    });
    const hash = "#/search?" + data;
    if (hash === location.hash) {
      run(results, Object.fromEntries(data.entries()));
    } else {
      location.hash = hash;
    }
  });
  const results = h("div", { class: "results" });
  const cli = ["correlate search", shellQuote(state.filter)]
    .concat(state.since ? [`--since ${state.since}`] : [], state.log_group ? [`--log-group ${shellQuote(state.log_group)}`] : [],
      state.service ? [`--service ${shellQuote(state.service)}`] : [], state.level ? [`--level ${state.level}`] : []).join(" ");
  const apiParams = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
  fill(root,
    h("div", { class: "toolbar" }, h("h1", {}, "Search"), h("span", { class: "spacer" }),
      sameView(cli, "/api/v1/search" + (apiParams.toString() ? "?" + apiParams : ""))),
    h("section", { class: "panel" }, form,
      h("p", { class: "muted small" }, "CloudWatch Logs filter patterns: words and \"phrases\" must all match, ?word any of them, -word none; ",
        h("code", {}, "{ $.field = value }"), " compares JSON fields.")),
    results);

  const submitted = ["filter", "since", "log_group", "service", "level"].some(k => params.has(k));
  if (submitted) {
    run(results, state);
  }
  return {};
}

async function run(results, state) {
  const table = h("tbody");
  const summary = h("p", { class: "muted small" }, "Searching …");
  const more = h("div", { class: "more-results" });
  fill(results, h("section", { class: "panel" }, summary,
    h("table", { class: "search-results" },
      h("thead", {}, h("tr", {}, ["time (UTC)", "service", "level", "message", "timeline"].map(c => h("th", {}, c)))), table),
    more));
  const terms = highlightTerms(state.filter);
  let shown = 0;
  const page = async cursor => {
    fill(more);
    try {
      const body = await get("/api/v1/search", { ...state, limit: PAGE, cursor });
      body.events.forEach(e => table.append(row(e, terms)));
      shown += body.events.length;
      summary.textContent = shown ? `${count(shown)} events, newest first${body.next_cursor ? " (more below)" : ""}`
        : "No event matches.";
      if (body.next_cursor) {
        fill(more, h("button", { type: "button", onclick: () => page(body.next_cursor) }, `Load ${PAGE} more`));
      }
    } catch (error) {
      fill(more, errorPanel(error));
      if (!shown) {
        summary.textContent = "";
      }
    }
  };
  await page(null);
}

function row(event, terms) {
  const job = (event.job_ids || [])[0];
  const request = (event.correlation_ids || [])[0];
  return h("tr", { class: `level-${event.level}` },
    h("td", { class: "mono", title: event.timestamp }, event.timestamp.slice(0, 10) + " " + clock(event.timestamp)),
    h("td", {}, serviceChip(event.service)),
    h("td", { class: "level" }, event.level),
    h("td", { class: "message" }, highlight(event.message || "", terms)),
    h("td", {}, job ? h("a", { href: jobLink(job) + "?event=" + encodeURIComponent(event.event_id), class: "mono" }, `job ${job}`)
      : request ? h("a", { href: requestLink(request) + "?event=" + encodeURIComponent(event.event_id), class: "mono" }, "request")
        : h("span", { class: "muted" }, "no timeline")));
}

/** The words and phrases a pattern looks for (not those it excludes), lower-cased. */
export function highlightTerms(pattern) {
  const terms = [];
  const text = pattern.trim();
  if (text.startsWith("{")) {
    for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      terms.push(...m[1].split("*").filter(Boolean));
    }
  } else {
    for (const m of text.matchAll(/(-?)\??(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
      if (!m[1]) {
        terms.push(m[2] !== undefined ? m[2] : m[3]);
      }
    }
  }
  return terms.filter(t => t && t.length > 0).map(t => t.toLowerCase());
}

function highlight(message, terms) {
  const first = message.split("\n")[0];
  if (!terms.length) {
    return first;
  }
  const lower = first.toLowerCase();
  const parts = [];
  let at = 0;
  while (at < first.length) {
    let next = -1;
    let length = 0;
    terms.forEach(term => {
      const i = lower.indexOf(term, at);
      if (i >= 0 && (next < 0 || i < next)) {
        next = i;
        length = term.length;
      }
    });
    if (next < 0) {
      parts.push(first.slice(at));
      break;
    }
    parts.push(first.slice(at, next), h("mark", {}, first.slice(next, next + length)));
    at = next + length;
  }
  return parts;
}
