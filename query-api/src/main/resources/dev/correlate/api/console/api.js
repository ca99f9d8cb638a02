// Every call the console makes goes through here: the same public API a user calls with curl, with the bearer
// token of this tab when the API asks for one, and errors turned into readable messages.

const TOKEN_KEY = "correlate.token";

/** A failed API call, readable: the problem document's title and detail, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(status, title, detail, correlationId) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.correlationId = correlationId;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  tokenChanged();
}

let onTokenChange = () => {};
export function watchToken(listener) {
  onTokenChange = listener;
  listener(token());
}
function tokenChanged() {
  onTokenChange(token());
}

let pendingPrompt = null;

/** Asks for a token once, however many calls are waiting for it; resolves to the token or null (cancelled). */
function askForToken(reason) {
  if (!pendingPrompt) {
    pendingPrompt = new Promise(resolve => {
      const dialog = document.getElementById("token-dialog");
      const input = document.getElementById("token-input");
      document.getElementById("token-reason").textContent = reason || "";
      input.value = "";
      const finish = value => {
        dialog.close();
        form.onsubmit = null;
        cancel.onclick = null;
        dialog.oncancel = null;
        resolve(value);
      };
      const form = document.getElementById("token-form");
      const cancel = document.getElementById("token-cancel");
      form.onsubmit = event => {
        event.preventDefault();
        finish(input.value.trim() || null);
      };
      cancel.onclick = () => finish(null);
      dialog.oncancel = event => {
        event.preventDefault();
        finish(null);
      };
      dialog.showModal();
      input.focus();
    }).finally(() => {
      pendingPrompt = null;
    });
  }
  return pendingPrompt;
}

/** The query string of {@code params}, without empty values. */
export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params || {}).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== "") {
      search.set(key, String(value));
    }
  });
  const text = search.toString();
  return text ? "?" + text : "";
}

/** GET {@code path} with {@code params}; the parsed JSON, or an {@link ApiError}. */
export async function get(path, params) {
  const url = path + query(params);
  for (;;) {
    const headers = { Accept: "application/json" };
    const bearer = token();
    if (bearer) {
      headers.Authorization = "Bearer " + bearer;
    }
    let response;
    try {
      response = await fetch(url, { headers });
    } catch (failure) {
      throw new ApiError(0, "Cannot reach the Correlate API", `${failure.message} (GET ${url})`);
    }
    if (response.ok) {
      return response.json();
    }
    const error = await problemOf(response, url);
    if (response.status !== 401) {
      throw error;
    }
    // the API wants a token (or another one): ask once for the tab, then try again with it
    const current = token();
    if (current && current !== bearer) {
      continue; // another call got a new token meanwhile
    }
    if (current) {
      sessionStorage.removeItem(TOKEN_KEY);
    }
    const reason = error.detail ? error.detail[0].toUpperCase() + error.detail.slice(1) + "." : "";
    const entered = await askForToken(bearer ? `The token was refused: ${error.detail}.` : reason);
    if (!entered) {
      tokenChanged();
      throw error;
    }
    sessionStorage.setItem(TOKEN_KEY, entered);
    tokenChanged();
  }
}

async function problemOf(response, url) {
  const correlationId = response.headers.get("X-Correlation-ID");
  const text = await response.text();
  try {
    const problem = JSON.parse(text);
    if (problem && (problem.title || problem.detail)) {
      return new ApiError(response.status, problem.title || `HTTP ${response.status}`, problem.detail, correlationId);
    }
  } catch (notJson) {
    // a proxy's HTML page, for example: say what came back instead
  }
  return new ApiError(response.status, `HTTP ${response.status} ${response.statusText}`.trim(),
    `GET ${url} answered ${text ? text.slice(0, 200) : "with an empty body"}`, correlationId);
}
