// The console's entry point: a router over the URL's fragment (the fragment holds the whole view, so a link pasted
// into a chat opens the same thing and back/forward work), the "open an id" box, the token state, and the polling
// that refreshes the current view every REFRESH_MS without rebuilding it.

import { ApiError, forgetToken, get, watchToken } from "./api.js";
import { errorPanel, fill, h } from "./dom.js";
import * as overview from "./overview.js";
import * as jobPage from "./job.js";
import * as requestPage from "./request.js";
import * as searchPage from "./search.js";
import { currentRoute, jobLink, requestLink } from "./route.js";

const REFRESH_MS = 15_000;

const ROUTES = [
  { pattern: /^\/?$/, view: overview, nav: "overview" },
  { pattern: /^\/jobs\/([^/]+)$/, view: jobPage, nav: "overview" },
  { pattern: /^\/requests\/([^/]+)$/, view: requestPage, nav: "overview" },
  { pattern: /^\/search$/, view: searchPage, nav: "search" },
];

const root = document.getElementById("view");
let current = null;
let renderedHash = null;

function route() {
  if (location.hash === renderedHash && current) {
    return;
  }
  renderedHash = location.hash;
  const { path, params } = currentRoute();
  if (current && current.unmount) {
    current.unmount();
  }
  current = null;
  const match = ROUTES.map(r => ({ r, m: r.pattern.exec(path) })).find(x => x.m);
  document.querySelectorAll("[data-nav]").forEach(a => a.classList.toggle("active", match && a.dataset.nav === match.r.nav));
  const container = h("div", { class: "page" });
  fill(root, container);
  window.scrollTo(0, 0);
  if (!match) {
    container.append(errorPanel(new ApiError(404, "No such page", `the console has no view ${path}`),
      "Start from the overview."), h("p", {}, h("a", { href: "#/" }, "Go to the overview")));
    return;
  }
  const id = match.m[1] ? decodeURIComponent(match.m[1]) : null;
  current = match.r.view.mount(container, { id, params });
}

/** The id box: a job id opens the job; anything else is tried as a correlation id. */
async function openId(event) {
  event.preventDefault();
  const input = document.getElementById("goto-id");
  const id = input.value.trim();
  if (!id) {
    return;
  }
  try {
    await get(`/api/v1/jobs/${encodeURIComponent(id)}`);
    location.hash = jobLink(id);
  } catch (error) {
    location.hash = error.status === 404 ? requestLink(id) : jobLink(id);
  }
  input.value = "";
}

function showTokenState(value) {
  const state = document.getElementById("auth-state");
  fill(state, value ? [h("span", { class: "muted" }, "token set for this tab"),
    h("button", { type: "button", class: "link", onclick: () => { forgetToken(); location.reload(); } }, "forget")]
    : []);
}

function refresh() {
  if (document.visibilityState === "visible" && current && current.refresh) {
    current.refresh();
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("popstate", route);
document.getElementById("goto").addEventListener("submit", openId);
watchToken(showTokenState);
setInterval(refresh, REFRESH_MS);
document.addEventListener("visibilitychange", refresh);
route();
