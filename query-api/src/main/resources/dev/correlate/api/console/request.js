// A request (#/requests/<correlation id>): status, first error, the jobs it touched, and the same waterfall and
// events as a job, across every service the request crossed.

import { get } from "./api.js";
import {
  age, clock, count, dateTime, duration, externalLink, fact, fill, h, serviceChip, shellQuote, statusBadge,
} from "./dom.js";
import { jobLink } from "./route.js";
import { AUTO_RELOAD_MAX, TimelineView, lookupFailure, titleBar } from "./timeline.js";

export function mount(root, { id }) {
  const api = `/api/v1/correlations/${encodeURIComponent(id)}/timeline`;
  const answer = h("section", { class: "answer" }, h("p", { class: "muted" }, `Loading request ${id} …`));
  const timelineBox = h("div", { class: "timeline" });
  fill(root,
    titleBar("Request", id, `correlate timeline ${shellQuote(id)}`, api),
    answer, timelineBox);

  let summary = null;
  const timeline = new TimelineView(timelineBox, api, s => {
    summary = s;
    fill(answer, card(s));
  });

  async function load() {
    try {
      await timeline.load();
    } catch (error) {
      fill(answer, lookupFailure(error, "request", id));
      timelineBox.remove();
    }
  }

  async function refresh() {
    if (!summary || summary.closed) {
      return;
    }
    try {
      const latest = await get(api, { limit: 1 });
      if (latest.summary && latest.summary.revision !== summary.revision && latest.summary.event_count <= AUTO_RELOAD_MAX) {
        await timeline.load();
      }
    } catch (error) {
      // the next refresh tries again; what is shown stays
    }
  }

  load();
  return { refresh };
}

function card(summary) {
  if (!summary) {
    return h("div", { class: "answer-card" }, h("p", { class: "muted" },
      "The summary of this request is not indexed yet; its events are shown below."));
  }
  const firstError = summary.first_error;
  return h("div", { class: `answer-card status-${summary.status}` },
    h("div", { class: "headline" }, statusBadge(summary.status),
      h("span", { class: "stopped" }, ` ${count(summary.event_count)} events across ${Object.keys(summary.services).length} services in ${duration(summary.duration_ms)}`)),
    firstError ? h("div", { class: "first-error-line" }, h("span", { class: "label" }, "First error"),
      h("span", { class: "mono" }, clock(firstError.timestamp)), " ", serviceChip(firstError.service), " ",
      h("span", { class: "error-message" }, firstError.message),
      externalLink(firstError.console_url, "CloudWatch", "cloudwatch")) : null,
    h("dl", { class: "facts" },
      fact("first event", dateTime(summary.first_event_at)),
      fact("last event", `${dateTime(summary.last_event_at)} (${age(summary.last_event_at)})`),
      fact("services", Object.keys(summary.services).map(serviceChip)),
      fact("jobs", summary.job_ids.length ? summary.job_ids.map((j, i) => [i ? " " : "", h("a", { href: jobLink(j), class: "mono" }, j)])
        : h("span", { class: "muted" }, "none")),
      summary.warnings.length ? fact("warnings", summary.warnings.map(w => h("span", { class: "chip warning" }, w))) : null));
}
