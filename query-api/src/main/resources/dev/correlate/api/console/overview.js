// The overview (#/?window=24h): jobs by status for a window, outcomes over time by failure category, the failed
// and stuck jobs first, then the running ones, and the services where failures start. Counts come from
// /api/v1/jobs/stats and the lists from /api/v1/jobs with the same window, so both agree with the API.

import { get } from "./api.js";
import { chartLegend, outcomeChart } from "./chart.js";
import {
  FAILING, age, categoryChip, count, duration, errorPanel, fill, h, reconcile, sameView, serviceChip, statusBadge, words,
} from "./dom.js";
import { jobLink } from "./route.js";

const WINDOWS = { "15m": 15 * 60_000, "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };
const DEFAULT_WINDOW = "24h";
const LIST_LIMIT = 1000;
const STATUS_ORDER = ["failed", "stuck", "running", "completed"];

export function mount(root, { params }) {
  const window = WINDOWS[params.get("window")] ? params.get("window") : DEFAULT_WINDOW;
  const updated = h("span", { class: "muted small", id: "updated" });
  const notice = h("div", { class: "notice-slot" });
  const tiles = h("div", { class: "tiles" });
  const chart = h("div", { class: "chart-box" });
  const services = h("div", { class: "services" });
  const attentionBody = h("tbody");
  const runningBody = h("tbody");
  const completedBody = h("tbody");
  const attentionTitle = h("h2", {}, "Failed and stuck");
  const runningTitle = h("h2", {}, "Running");
  const completedTitle = h("summary", {}, "Completed");

  fill(root,
    h("div", { class: "toolbar" },
      h("h1", {}, "Backtest jobs"),
      h("div", { class: "segmented", role: "group", "aria-label": "time window" },
        Object.keys(WINDOWS).map(w => h("a", { href: `#/?window=${w}`, class: w === window ? "active" : null,
          "aria-current": w === window ? "true" : null, "data-window": w }, w))),
      h("span", { class: "muted small" }, "jobs with events in the last " + window),
      h("span", { class: "spacer" }),
      updated,
      sameView(`correlate jobs --status failed --since ${window}`, `/api/v1/jobs/stats?since=${window}`)),
    notice,
    tiles,
    h("div", { class: "row" },
      h("section", { class: "panel grow" }, h("h2", {}, "Outcomes over time"), chart),
      h("section", { class: "panel side" }, h("h2", {}, "Where failures start"),
        h("p", { class: "muted small" }, "service of the first error of failed and stuck jobs"), services)),
    h("section", { class: "panel", id: "attention" }, attentionTitle,
      h("table", { class: "jobs attention" },
        h("thead", {}, h("tr", {}, ["status", "job", "category", "stage reached", "cause", "first error in", "last event"]
          .map(c => h("th", {}, c)))),
        attentionBody)),
    h("section", { class: "panel", id: "running" }, runningTitle,
      h("table", { class: "jobs running" },
        h("thead", {}, h("tr", {}, ["job", "stage", "services", "started", "last event"].map(c => h("th", {}, c)))),
        runningBody)),
    h("details", { class: "panel", id: "completed" }, completedTitle,
      h("table", { class: "jobs completed" },
        h("thead", {}, h("tr", {}, ["job", "duration", "services", "finished"].map(c => h("th", {}, c)))),
        completedBody)));

  root.addEventListener("click", event => {
    const row = event.target.closest("tr[data-key]");
    if (row && !event.target.closest("a")) {
      root.querySelectorAll("tr.selected").forEach(r => r !== row && r.classList.remove("selected"));
      row.classList.toggle("selected");
    }
  });
  root.addEventListener("dblclick", event => {
    const row = event.target.closest("tr[data-key]");
    if (row) {
      location.hash = jobLink(row.dataset.key);
    }
  });

  let loaded = false;
  async function load() {
    try {
      const since = window;
      const [stats, failed, stuck, running, completed] = await Promise.all([
        get("/api/v1/jobs/stats", { since }),
        get("/api/v1/jobs", { status: "failed", since, limit: LIST_LIMIT }),
        get("/api/v1/jobs", { status: "stuck", since, limit: LIST_LIMIT }),
        get("/api/v1/jobs", { status: "running", since, limit: LIST_LIMIT }),
        get("/api/v1/jobs", { status: "completed", since, limit: 20 }),
      ]);
      fill(notice);
      renderTiles(tiles, stats);
      const start = Date.parse(stats.since);
      fill(chart, outcomeChart(stats, start, start + WINDOWS[window], FAILING), chartLegend(stats, FAILING));
      renderServices(services, stats);
      const attention = [...failed.items, ...stuck.items].sort((a, b) => b.last_seen.localeCompare(a.last_seen));
      fill(attentionTitle, "Failed and stuck ", h("span", { class: "count" }, count(attention.length)),
        more(failed, stuck));
      reconcile(attentionBody, attention, j => j.job_id, attentionRow, j => JSON.stringify([j.revision, age(j.last_seen)]));
      if (!attention.length) {
        fill(attentionBody, h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No failed or stuck job in this window.")));
      }
      fill(runningTitle, "Running ", h("span", { class: "count" }, count(running.items.length)), more(running));
      reconcile(runningBody, running.items, j => j.job_id, runningRow, j => JSON.stringify([j.revision, age(j.last_seen)]));
      fill(completedTitle, "Completed ", h("span", { class: "count" }, count(stats.by_status.completed || 0)),
        h("span", { class: "muted small" }, " latest 20"));
      reconcile(completedBody, completed.items, j => j.job_id, completedRow, j => JSON.stringify([j.revision]));
      fill(updated, "updated " + new Date().toISOString().slice(11, 19) + " UTC · refreshes every 15 s");
      updated.dataset.loads = String(Number(updated.dataset.loads || 0) + 1);
      loaded = true;
    } catch (error) {
      // keep what is shown; say why it is not fresh
      fill(notice, errorPanel(error, loaded ? "Showing the last answer; the console keeps retrying." : null));
    }
  }
  load();
  return { refresh: load };
}

function more(...pages) {
  return pages.some(p => p.next_cursor) ? h("span", { class: "muted small" }, ` (first ${LIST_LIMIT} per status)`) : null;
}

function renderTiles(tiles, stats) {
  fill(tiles, STATUS_ORDER.map(status => h("button", { type: "button", class: `tile status-${status}`, "data-status": status,
    onclick: () => {
      const target = document.getElementById(status === "running" ? "running"
        : status === "completed" ? "completed" : "attention");
      if (target.tagName === "DETAILS") {
        target.open = true;
      }
      target.scrollIntoView();
    },
  }, h("span", { class: "tile-count", "data-count": stats.by_status[status] || 0 }, count(stats.by_status[status])),
  h("span", { class: "tile-label" }, status))),
  h("div", { class: "tile total" }, h("span", { class: "tile-count", "data-count": stats.total }, count(stats.total)),
    h("span", { class: "tile-label" }, "jobs")));
}

function renderServices(box, stats) {
  const max = Math.max(1, ...stats.failing_services.map(s => s.jobs));
  fill(box, stats.failing_services.length ? h("ul", { class: "bars" }, stats.failing_services.map(s => {
    const bar = h("i", { class: "bar-fill" });
    bar.style.width = `${(100 * s.jobs) / max}%`;
    return h("li", { "data-service": s.service }, h("span", { class: "bar-label" }, s.service),
      h("span", { class: "bar-track" }, bar), h("b", {}, count(s.jobs)));
  })) : h("p", { class: "muted" }, "No failure in this window."));
}

function attentionRow(job) {
  const failure = job.failure || {};
  return h("tr", { class: `status-${job.status}` },
    h("td", {}, statusBadge(job.status)),
    h("td", {}, h("a", { href: jobLink(job.job_id), class: "job-id" }, job.job_id)),
    h("td", {}, categoryChip(failure.category) || h("span", { class: "muted" }, "uncategorized")),
    h("td", {}, words(job.stage)),
    h("td", { class: "cause" }, failure.cause || words(failure.symptom) || ""),
    h("td", {}, failure.first_error ? serviceChip(failure.first_error.service) : ""),
    h("td", { title: job.last_seen }, age(job.last_seen)));
}

function runningRow(job) {
  return h("tr", {},
    h("td", {}, h("a", { href: jobLink(job.job_id), class: "job-id" }, job.job_id)),
    h("td", {}, words(job.stage)),
    h("td", {}, job.services.map(serviceChip)),
    h("td", { title: job.first_seen }, age(job.first_seen)),
    h("td", { title: job.last_seen }, age(job.last_seen)));
}

function completedRow(job) {
  return h("tr", {},
    h("td", {}, h("a", { href: jobLink(job.job_id), class: "job-id" }, job.job_id)),
    h("td", {}, duration(job.duration_ms)),
    h("td", {}, job.services.map(serviceChip)),
    h("td", { title: job.last_seen }, age(job.last_seen)));
}
