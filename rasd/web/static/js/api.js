// The dashboard reads the same API users script against.

const TOKEN_KEY = "rasd.token";

export class ApiError extends Error {
  constructor(status, errors) {
    super(errors.map((e) => e.message).join("; ") || `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The query string of a params object (arrays repeat the key; empty values are left out). */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== "") q.append(k, String(one));
    }
  }
  const str = q.toString();
  return str ? `?${str}` : "";
}

async function call(method, path, { params = {}, body, auth = false } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth && token()) headers.Authorization = `Bearer ${token()}`;
  const res = await fetch(`/api${path}${query(params)}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  let payload;
  try {
    payload = await res.json();
  } catch {
    throw new ApiError(res.status, [{ code: "bad_response", message: `HTTP ${res.status}` }]);
  }
  if (!res.ok) throw new ApiError(res.status, payload.errors || []);
  return payload;
}

export const get = (path, params) => call("GET", path, { params });
export const post = (path, body) => call("POST", path, { body, auth: true });
export const whoami = () => call("GET", "/whoami", { auth: true });
