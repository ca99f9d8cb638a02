// A job (#/jobs/<id>): the answer first (status, category, where it stopped, cause, what AWS said, resolution, first
// error, the ECS tasks with their exit codes, links into the AWS console), the stage ribbon with the time spent in
// each stage, the evidence in time order, then the waterfall and the events; related requests; the same view in the
// CLI and the API. Fields the API adds later are shown as they come, under "More".

import { get } from "./api.js";
import {
  STAGES, age, categoryChip, clock, count, dateTime, duration, errorPanel, externalLink, fact, fill, h, serviceChip,
  shellQuote, statusBadge, words,
} from "./dom.js";
import { requestLink } from "./route.js";
import { AUTO_RELOAD_MAX, TimelineView, lookupFailure, titleBar } from "./timeline.js";

const KNOWN = new Set(["job_id", "status", "stage", "stages", "first_seen", "last_seen", "duration_ms", "event_count",
  "error_count", "services", "correlation_ids", "failure", "warnings", "closed", "revision", "updated_at", "links",
  "context"]);
const KNOWN_FAILURE = new Set(["category", "cause", "resolution", "symptom", "first_error", "aws_reason"]);
/** Members of the context shown in the answer card; the rest (account, region, log groups …) under "More". */
const SHOWN_CONTEXT = new Set(["ecs_tasks", "logs_insights_url", "results", "submission", "correlation_ids"]);

export function mount(root, { id }) {
  const api = `/api/v1/jobs/${encodeURIComponent(id)}`;
  const answer = h("section", { class: "answer", "aria-live": "polite" }, h("p", { class: "muted" }, `Loading job ${id} …`));
  const ribbon = h("section", { class: "panel ribbon-box" });
  const evidence = h("section", { class: "panel evidence-box", hidden: true });
  const timelineBox = h("div", { class: "timeline" });
  const related = h("section", { class: "panel related" });
  const notice = h("div", { class: "notice-slot" });
  fill(root,
    titleBar("Job", id, `correlate job ${shellQuote(id)}`, api),
    notice, answer, ribbon, evidence, timelineBox, related);

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
    timeline = new TimelineView(timelineBox, `${api}/timeline`, summary => showEvidence(summary));
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

  /** The diagnosis's evidence (from the timeline's summary), each line with its CloudWatch page. */
  function showEvidence(summary) {
    const lines = (summary && summary.diagnosis && summary.diagnosis.evidence) || [];
    evidence.hidden = !lines.length;
    fill(evidence, h("h2", {}, "Evidence ", h("span", { class: "muted small" }, "in time order, as the diagnosis read it")),
      h("ol", { class: "evidence-lines" }, lines.map(e => evidenceLine(e, summary.first_error,
        () => timeline && timeline.selectId(e.event_id)))));
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
  const context = job.context;
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
      failure && failure.aws_reason ? h("p", { class: "aws-reason" }, h("span", { class: "label" }, "AWS says"),
        h("span", { class: "mono" }, failure.aws_reason)) : null,
      failure && failure.resolution ? h("p", { class: "resolution" }, h("span", { class: "label" }, "Resolution"),
        failure.resolution) : null,
      firstError ? h("div", { class: "first-error-line" },
        h("span", { class: "label" }, "First error"),
        h("span", { class: "mono" }, clock(firstError.timestamp)), " ", serviceChip(firstError.service), " ",
        h("span", { class: "error-message" }, firstError.message),
        h("span", { class: "line-links" },
          h("button", { type: "button", class: "link", onclick: showFirstError }, "show in timeline"),
          externalLink(firstError.console_url, "CloudWatch", "cloudwatch"))) : null,
      ecsTasks(context),
      context && context.logs_insights_url ? h("div", { class: "aws-links" }, h("span", { class: "label" }, "Logs"),
        externalLink(context.logs_insights_url, "Logs Insights: every line of this job", "logs-insights"),
        h("span", { class: "muted small" }, ` in ${count((context.log_groups || []).length)} log groups`)) : null,
      h("dl", { class: "facts" },
        fact("first event", dateTime(job.first_seen)),
        fact("last event", `${dateTime(job.last_seen)} (${age(job.last_seen)})`),
        fact("duration", duration(job.duration_ms)),
        fact("events", `${count(job.event_count)} · ${count(job.error_count)} errors`),
        fact("services", job.services.map(serviceChip)),
        submissionFact(context),
        context && context.results && context.results.length ? fact("results", context.results.map(r => h("div", { class: "mono small" },
          r.location, r.size ? h("span", { class: "muted" }, ` (${count(r.size)} bytes)`) : null))) : null,
        job.warnings.length ? fact("warnings", job.warnings.map(w => h("span", { class: "chip warning" }, words(w)))) : null),
      more(job)),
  ];
}

/**
 * The job's ECS tasks at their latest state: id (the ARN on hover), status, the exit code that ended it, ECS's
 * stop code, memory, when it stopped, and the task in the ECS console. A non-zero exit code is what the on-call
 * engineer looks for first.
 */
function ecsTasks(context) {
  const tasks = (context && context.ecs_tasks) || [];
  if (!tasks.length) {
    return null;
  }
  return h("div", { class: "ecs-tasks" }, h("span", { class: "label" }, tasks.length > 1 ? "ECS tasks" : "ECS task"),
    h("ul", {}, tasks.map(t => h("li", { class: "ecs-task", "data-task-id": t.task_id },
      h("span", { class: "mono task-id", title: t.task_arn || t.task_id }, t.task_id.slice(0, 12)),
      t.last_status ? h("span", { class: "chip" }, t.last_status.toLowerCase()) : null,
      t.exit_code !== undefined && t.exit_code !== null
        ? h("span", { class: `exit-code${t.exit_code === 0 ? " ok" : ""}` }, `exit ${t.exit_code}`)
        : t.last_status === "STOPPED" ? h("span", { class: "muted" }, "no exit code (never ran)") : null,
      t.stop_code ? h("span", { class: "stop-code" }, t.stop_code) : null,
      t.memory ? h("span", { class: "muted" }, `${t.memory} MiB`) : null,
      t.stopped_at ? h("span", { class: "muted" }, `stopped ${clock(t.stopped_at)}`) : null,
      t.last_status ? null : h("span", { class: "muted" }, "no state change from ECS seen"),
      externalLink(t.console_url, "ECS console", "ecs-console")))));
}

/** What the submission asked for, in one fact: strategy, pairs, timeframe, time range. */
function submissionFact(context) {
  const s = context && context.submission;
  const parts = s ? [s.strategy, (s.pairs || []).join(", "), s.timeframe, s.timerange].filter(Boolean) : [];
  return parts.length ? fact("submitted", parts.join(" · ")) : null;
}

/** One evidence line: time, service, level, message; a click shows it in the timeline. */
function evidenceLine(e, firstError, show) {
  const first = firstError && firstError.event_id === e.event_id;
  return h("li", { class: `evidence-line level-${e.level}${first ? " first-error" : ""}`, "data-event-id": e.event_id },
    h("span", { class: "mono muted" }, clock(e.timestamp)), serviceChip(e.service),
    h("span", { class: "mono level" }, e.level),
    h("button", { type: "button", class: "link message", title: "show in the timeline", onclick: show }, e.message),
    externalLink(e.console_url, "CloudWatch", "cloudwatch"));
}

/**
 * Whatever else the API sends about the job, as it comes, and the context's identifiers (account, region, log
 * groups, Lambda request ids); open by itself only when it holds a field this page does not know yet.
 */
function more(job) {
  const unknown = [...unknownFacts(job, KNOWN), ...(job.failure ? unknownFacts(job.failure, KNOWN_FAILURE) : [])];
  const context = job.context ? unknownFacts(job.context, SHOWN_CONTEXT) : [];
  return unknown.length || context.length
    ? h("details", { class: "more", open: unknown.length > 0 }, h("summary", {}, "More"),
      h("dl", { class: "facts" }, unknown, context))
    : null;
}

function unknownFacts(object, known) {
  return Object.entries(object).filter(([key, value]) => !known.has(key) && value !== null && value !== undefined
    && !(Array.isArray(value) && !value.length))
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
  return externalLink(text, text) || text;
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
