// JSON over fetch for the pages' modules. Same-origin only; POSTs carry Django's CSRF token
// (the shell's token header is not visible to page scripts). An answer never rejects, and is
// ok only when it is a success with a JSON body: a network failure, an error page or any
// body that is not JSON come back as { ok: false, ... }, so no caller is left with an
// unhandled rejection or a missing body.

let token = null; // a promise of the CSRF token, asked for once per page

// The token's URL is rendered on <html data-csrf-url> by base.html; read when first needed.
function csrfUrl() {
  return document.documentElement.dataset.csrfUrl;
}

async function request(url, init) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...init });
  } catch {
    return { ok: false, status: 0, data: null };
  }
  const data = await response.json().catch(() => null);
  return { ok: response.ok && data !== null, status: response.status, data };
}

/** Django's CSRF token, or null when it could not be had (asked again next time). */
export function csrfToken() {
  token ??= request(csrfUrl(), {}).then((reply) => {
    const value = reply.ok && typeof reply.data?.token === "string" ? reply.data.token : null;
    if (value === null) token = null;
    return value;
  });
  return token;
}

/** GET url: { ok, status, data }, data being the parsed JSON body (null when there is none). */
export function getJSON(url) {
  return request(url, {});
}

/**
 * POST body as JSON to url: { ok, status, data } as for getJSON. keepalive lets a request
 * sent while the page is being left outlive it.
 */
export async function postJSON(url, body = {}, { keepalive = false } = {}) {
  const csrf = await csrfToken();
  const headers = { "Content-Type": "application/json" };
  if (csrf) headers["X-CSRFToken"] = csrf;
  return request(url, { method: "POST", headers, body: JSON.stringify(body), keepalive });
}
