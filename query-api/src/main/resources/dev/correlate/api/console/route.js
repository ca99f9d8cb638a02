// The URL's fragment holds the view: #/ (overview, ?window=), #/jobs/<id>, #/requests/<id>, #/search?filter=…
// Parameters that only refine a view (the selected event, the zoom) are replaced without a history entry.

/** The view's path and parameters from the fragment: {@code #/jobs/bt-1?event=…}. */
export function currentRoute() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const at = hash.indexOf("?");
  return at < 0 ? { path: hash, params: new URLSearchParams() }
    : { path: hash.slice(0, at), params: new URLSearchParams(hash.slice(at + 1)) };
}

/** Replaces the view's parameters in the URL, without a history entry and without rendering again. */
export function replaceParams(params) {
  const search = params.toString();
  const hash = "#" + currentRoute().path + (search ? "?" + search : "");
  if (hash !== location.hash) {
    history.replaceState(history.state, "", hash);
  }
}

export function jobLink(id) {
  return "#/jobs/" + encodeURIComponent(id);
}

export function requestLink(id) {
  return "#/requests/" + encodeURIComponent(id);
}

export function searchLink(params) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return "#/search" + (search ? "?" + search : "");
}
