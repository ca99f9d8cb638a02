// Small helpers shared by the views: building elements (text is always text, never parsed as HTML), formatting
// times, durations and counts, and the vocabularies of conventions.md.

/** An element: {@code attrs} sets attributes, {@code class}, {@code on*} listeners; children are nodes or text. */
export function h(tag, attrs, ...children) {
  const svg = SVG_TAGS.has(tag);
  const element = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  Object.entries(attrs || {}).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (key.startsWith("on") && typeof value === "function") {
      element.addEventListener(key.slice(2), value);
    } else {
      element.setAttribute(key, value === true ? "" : String(value));
    }
  });
  append(element, children);
  return element;
}

const SVG_TAGS = new Set(["svg", "g", "rect", "line", "text", "title", "path"]);

function append(element, children) {
  children.flat(Infinity).forEach(child => {
    if (child === undefined || child === null || child === false) {
      return;
    }
    element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  });
}

/** Replaces the children of {@code element}. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/**
 * Updates {@code container}'s children to one per item, reusing the element of an item with the same key, so a
 * refresh keeps what the user selected, focused or scrolled to. {@code render(item)} builds an element;
 * {@code signature(item)} says whether it changed.
 */
export function reconcile(container, items, key, render, signature) {
  const existing = new Map();
  [...container.children].forEach(child => existing.set(child.dataset.key, child));
  let previous = null;
  items.forEach(item => {
    const k = String(key(item));
    const sig = signature(item);
    let element = existing.get(k);
    if (!element || element.dataset.sig !== sig) {
      const fresh = render(item);
      fresh.dataset.key = k;
      fresh.dataset.sig = sig;
      if (element) {
        fresh.className = mergeState(fresh.className, element);
        element.replaceWith(fresh);
      }
      element = fresh;
    }
    existing.delete(k);
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (expected !== element) {
      container.insertBefore(element, expected);
    }
    previous = element;
  });
  existing.forEach(element => element.remove());
}

function mergeState(className, old) {
  return old.classList.contains("selected") ? className + " selected" : className;
}

// ---- formatting (times are UTC, as in the API, the CLI and the logs)

export function clock(iso) {
  return iso ? iso.slice(11, 23) : "";
}

export function dateTime(iso) {
  return iso ? iso.slice(0, 10) + " " + iso.slice(11, 19) + " UTC" : "";
}

export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) {
    return "";
  }
  const abs = Math.abs(ms);
  if (abs < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (abs < 60_000) {
    return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  }
  const s = Math.round(abs / 1000);
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const parts = d ? [`${d}d`, `${hh}h`] : hh ? [`${hh}h`, `${mm}m`] : [`${mm}m`, `${ss}s`];
  return (ms < 0 ? "-" : "") + parts.filter(p => !/^0[hms]$/.test(p) || p === parts[0]).join(" ");
}

export function age(iso, now = Date.now()) {
  if (!iso) {
    return "";
  }
  const ms = now - Date.parse(iso);
  return ms < 5_000 ? "just now" : `${duration(ms)} ago`;
}

export function offset(ms) {
  return "+" + (ms / 1000).toFixed(3) + "s";
}

export function count(n) {
  return Number(n || 0).toLocaleString("en-US");
}

export function words(id) {
  return id ? String(id).replaceAll("_", " ") : "";
}

// ---- vocabularies (conventions.md); anything else the API sends is shown as it comes

export const STAGES = ["submitted", "queued", "dispatched", "task_started", "running", "results_written", "completed"];
export const FAILING = ["failed", "stuck"];

const CATEGORY_COLORS = {
  oom: "#c62828", data_error: "#8e24aa", strategy_error: "#d81b60", container_crash: "#6d4c41",
  lambda_timeout: "#ef6c00", missing_dependency: "#5e35b1", access_denied: "#283593",
  connection_timeout: "#00838f", connection_refused: "#00695c", service_unavailable: "#9e9d24",
  task_never_started: "#f9a825", stuck_running: "#ff8f00", no_results: "#546e7a",
  task_interrupted: "#78909c", task_stopped: "#a1887f", image_pull_error: "#7cb342", task_start_error: "#5c6bc0",
};
export const STATUS_COLORS = { completed: "#2e7d32", running: "#1565c0", failed: "#c62828", stuck: "#e08a00" };
const PALETTE = ["#1565c0", "#00838f", "#6a1b9a", "#ef6c00", "#2e7d32", "#ad1457", "#4e342e", "#37474f",
  "#0277bd", "#558b2f", "#5d4037", "#7b1fa2"];

export function categoryColor(category) {
  return CATEGORY_COLORS[category] || hashColor(category || "uncategorized");
}

export function hashColor(name) {
  let hash = 0;
  for (const ch of String(name)) {
    hash = (hash * 31 + ch.codePointAt(0)) | 0;
  }
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

// ---- shared pieces of views

/** A readable error: the problem's title and detail, never a blank page. */
export function errorPanel(error, hint) {
  const status = error.status ? `HTTP ${error.status}` : "";
  return h("div", { class: "problem", role: "alert" },
    h("strong", { class: "problem-title" }, error.title || "Something went wrong"),
    error.detail ? h("p", { class: "problem-detail" }, error.detail) : (error.title ? null : h("p", {}, error.message)),
    hint ? h("p", { class: "problem-hint" }, hint) : null,
    status || error.correlationId ? h("p", { class: "muted small" },
      [status, error.correlationId ? `correlation id ${error.correlationId} (in the API's log)` : ""]
        .filter(Boolean).join(" · ")) : null);
}

export function copyButton(text, label = "Copy") {
  const button = h("button", { type: "button", class: "copy", title: "Copy to the clipboard" }, label);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch (denied) {
      button.textContent = "Select and copy";
    }
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

/** The same view from the CLI and the API, one click away. */
export function sameView(cli, apiPath) {
  const url = location.origin + apiPath;
  return h("details", { class: "same-view" },
    h("summary", {}, "CLI · API"),
    h("div", { class: "same-view-body" },
      h("div", { class: "same-view-row" }, h("span", { class: "muted" }, "CLI"), h("code", { class: "cli" }, cli),
        copyButton(cli)),
      h("div", { class: "same-view-row" }, h("span", { class: "muted" }, "API"),
        h("a", { class: "api-url", href: url, target: "_blank", rel: "noopener" }, h("code", {}, "GET " + apiPath)),
        copyButton(url))));
}

export function shellQuote(value) {
  return /^[A-Za-z0-9._:/@=,+-]+$/.test(value) ? value : "'" + String(value).replaceAll("'", "'\\''") + "'";
}

/**
 * A link into the AWS console (or any https page the API names), opened in a new tab; null without a link. Only
 * https links are made: a link is data from the API, and no other scheme belongs here.
 */
export function externalLink(href, text, cls) {
  return typeof href === "string" && href.startsWith("https://")
    ? h("a", { href, target: "_blank", rel: "noopener noreferrer", class: ["external", cls].filter(Boolean).join(" ") },
      text, h("span", { class: "external-mark", "aria-hidden": "true" }, " ↗"))
    : null;
}

/** One labelled value of a summary's facts row. */
export function fact(name, value) {
  return h("div", { class: "fact" }, h("dt", {}, name), h("dd", {}, value));
}

export function statusBadge(status) {
  return h("span", { class: `badge status-${status}`, "data-status": status }, String(status || "unknown").toUpperCase());
}

export function categoryChip(category) {
  if (!category) {
    return null;
  }
  const chip = h("span", { class: "chip category", "data-category": category });
  chip.append(h("i", { class: "swatch", "aria-hidden": "true" }), category);
  chip.firstChild.style.background = categoryColor(category);
  return chip;
}

export function serviceChip(service) {
  const chip = h("span", { class: "chip service" }, service || "-");
  chip.style.borderLeftColor = hashColor(service || "-");
  return chip;
}
