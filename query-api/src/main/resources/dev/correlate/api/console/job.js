// A job (#/jobs/<id>): the answer first (status, category, where it stopped, cause, resolution, first error), the
// stage ribbon with the time spent in each stage, then the waterfall and the events; related requests; the same
// view in the CLI and the API. Fields the API adds later are shown as they come, under "More".

import { get } from "./api.js";
import {
  STAGES, age, categoryChip, clock, count, dateTime, duration, errorPanel, fact, fill, h, serviceChip,
  shellQuote, statusBadge, words,
} from "./dom.js";
import { requestLink } from "./route.js";
import { AUTO_RELOAD_MAX, TimelineView, lookupFailure, titleBar } from "./timeline.js";

const KNOWN = new Set(["job_id", "status", "stage", "stages", "first_seen", "last_seen", "duration_ms", "event_count",
  "error_count", "services", "correlation_ids", "failure", "warnings", "closed", "revision", "updated_at", "links"]);
const KNOWN_FAILURE = new Set(["category", "cause", "resolution", "symptom", "first_error"]);

export function mount(root, { id }) {
  const api = `/api/v1/jobs/${encodeURIComponent(id)}`;
  const answer = h("section", { class: "answer", "aria-live": "polite" }, h("p", { class: "muted" }, `Loading job ${id} …`));
  const ribbon = h("section", { class: "panel ribbon-box" });
  const timelineBox = h("div", { class: "timeline" });
  const related = h("section", { class: "panel related" });
  const notice = h("div", { class: "notice-slot" });
  fill(root,
    titleBar("Job", id, `correlate job ${shellQuote(id)}`, api),
    notice, answer, ribbon, timelineBox, related);

  let job = null;
  let timeline = null;

  async function load() {
    try {
      job = await get(api);
    } catch (error) {
      fill(answer, lookupFailure(error, "job", id));
      ribbon.remove();
      related.remove();
      return;
    }
    render();
    timeline = new TimelineView(timelineBox, `${api}/timeline`, () => {});
    try {
      await timeline.load();
    } catch (error) {
      fill(timelineBox, h("section", { class: "panel" }, h("h2", {}, "Timeline"), errorPanel(error)));
    }
  }

  function render() {
    fill(answer, answerCard(job, () => timeline && job.failure && job.failure.first_error
      && timeline.selectId(job.failure.first_error.event_id)));
    fill(ribbon, h("h2", {}, "Stages"), stageRibbon(job));
    fill(related, h("h2", {}, "Related requests"), job.correlation_ids.length
      ? h("ul", { class: "links" }, job.correlation_ids.map(c => h("li", {}, h("a", { href: requestLink(c), class: "mono" }, c))))
      : h("p", { class: "muted" }, "No request named this job."));
  }

  async function refresh() {
    if (!job || (job.closed && job.status !== "running")) {
      return;
    }
    try {
      const latest = await get(api);
      fill(notice);
      if (latest.revision === job.revision) {
        return;
      }
      const grew = latest.event_count !== job.event_count;
      job = latest;
      render();
      if (grew && timeline) {
        if (latest.event_count <= AUTO_RELOAD_MAX) {
          await timeline.load();
        } else {
          fill(notice, h("div", { class: "notice" }, `${count(latest.event_count)} events now; `,
            h("button", { type: "button", class: "link", onclick: () => { fill(notice); timeline.load(); } }, "load them")));
        }
      }
    } catch (error) {
      fill(notice, errorPanel(error, "Showing the last answer; the console keeps retrying."));
    }
  }

  load();
  return { refresh };
}

function answerCard(job, showFirstError) {
  const failure = job.failure;
  const firstError = failure && failure.first_error;
  const headline = job.status === "failed" || job.status === "stuck"
    ? [statusBadge(job.status), " ", failure && failure.category ? categoryChip(failure.category) : h("span", { class: "muted" }, "uncategorized"),
      h("span", { class: "stopped" }, " stopped at ", h("b", { class: "stage-name" }, words(job.stage) || "no stage")),
      failure && failure.symptom ? h("span", { class: "muted" }, ` · ${words(failure.symptom)}`) : null]
    : job.status === "completed"
      ? [statusBadge(job.status), h("span", { class: "stopped" }, ` in ${duration(job.duration_ms)}`)]
      : [statusBadge(job.status), h("span", { class: "stopped" }, " at ", h("b", { class: "stage-name" }, words(job.stage) || "no stage"),
        `, last event ${age(job.last_seen)}`)];
  return [
    h("div", { class: `answer-card status-${job.status}` },
      h("div", { class: "headline" }, headline),
      failure && failure.cause ? h("p", { class: "cause" }, h("span", { class: "label" }, "Cause"), failure.cause) : null,
      failure && failure.resolution ? h("p", { class: "resolution" }, h("span", { class: "label" }, "Resolution"),
        failure.resolution) : null,
      firstError ? h("div", { class: "first-error-line" },
        h("span", { class: "label" }, "First error"),
        h("span", { class: "mono" }, clock(firstError.timestamp)), " ", serviceChip(firstError.service), " ",
        h("span", { class: "error-message" }, firstError.message),
        h("button", { type: "button", class: "link", onclick: showFirstError }, "show in timeline")) : null,
      h("dl", { class: "facts" },
        fact("first event", dateTime(job.first_seen)),
        fact("last event", `${dateTime(job.last_seen)} (${age(job.last_seen)})`),
        fact("duration", duration(job.duration_ms)),
        fact("events", `${count(job.event_count)} · ${count(job.error_count)} errors`),
        fact("services", job.services.map(serviceChip)),
        job.warnings.length ? fact("warnings", job.warnings.map(w => h("span", { class: "chip warning" }, words(w)))) : null),
      more(job)),
  ];
}

/** Whatever else the API sends about the job (task ARNs, exit codes, console links …), as it comes. */
function more(job) {
  const rows = [...unknownFacts(job, KNOWN), ...(job.failure ? unknownFacts(job.failure, KNOWN_FAILURE) : [])];
  return rows.length ? h("details", { class: "more", open: true }, h("summary", {}, "More"), h("dl", { class: "facts" }, rows))
    : null;
}

function unknownFacts(object, known) {
  return Object.entries(object).filter(([key, value]) => !known.has(key) && value !== null && value !== undefined)
    .map(([key, value]) => fact(words(key), render(value)));
}

function render(value) {
  if (Array.isArray(value)) {
    return value.map((v, i) => [i ? ", " : "", render(v)]);
  }
  if (value && typeof value === "object") {
    return h("code", {}, JSON.stringify(value));
  }
  const text = String(value);
  return /^https:\/\//.test(text) ? h("a", { href: text, target: "_blank", rel: "noopener" }, text) : text;
}

/** submitted → … → completed, with the time spent in each reached stage and where a failed job stopped. */
function stageRibbon(job) {
  const reached = new Map(job.stages.map(s => [s.stage, Date.parse(s.at)]));
  const order = [...STAGES, ...job.stages.map(s => s.stage).filter(s => !STAGES.includes(s))];
  const times = order.filter(s => reached.has(s)).map(s => [s, reached.get(s)]).sort((a, b) => a[1] - b[1]);
  // a job still going (or stuck) is in its stage until now; a finished one until its last event
  const end = job.status === "running" || job.status === "stuck" ? Date.now() : Date.parse(job.last_seen);
  const spent = new Map(times.map(([s, at], i) => [s, (i + 1 < times.length ? times[i + 1][1] : end) - at]));
  const stopped = job.status === "failed" || job.status === "stuck";
  return h("ol", { class: "ribbon" }, order.map(stage => {
    const isReached = reached.has(stage);
    const here = stage === job.stage;
    const cls = ["stage", isReached ? "reached" : "unreached", here ? "current" : "", here && stopped ? `stopped status-${job.status}` : ""]
      .filter(Boolean).join(" ");
    return h("li", { class: cls, "data-stage": stage },
      h("span", { class: "stage-name" }, words(stage)),
      h("span", { class: "stage-time" }, !isReached ? "not reached"
        : !here || job.status === "completed" ? duration(spent.get(stage))
          : job.status === "failed" ? `stopped here after ${duration(spent.get(stage))}`
            : job.status === "stuck" ? `stuck here for ${duration(spent.get(stage))}`
              : `${duration(spent.get(stage))} so far`),
      isReached ? h("span", { class: "stage-at muted" }, clock(new Date(reached.get(stage)).toISOString())) : null);
  }));
}
