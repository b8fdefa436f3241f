"use strict";
// A lesson pack dropped on the window: uploaded to Django's POST /api/packs (instructor only)
// with the shell's token and the window's session cookie, then the window shows the pack's
// summary page, or the login page first. Plain Node (fetch, FormData, Blob): tested without
// Electron.
const fs = require("node:fs/promises");
const path = require("node:path");

async function uploadPack({ fetchImpl = fetch, origin, token, cookie, filePath }) {
  const data = await fs.readFile(filePath);
  const form = new FormData();
  form.append("file", new Blob([data], { type: "application/zip" }), path.basename(filePath));
  const headers = { "X-Fieldguide-Token": token };
  if (cookie) headers.Cookie = cookie;
  const response = await fetchImpl(`${origin}/api/packs`, { method: "POST", headers, body: form });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body };
}

/** Where the window goes after an upload, and what to tell the instructor, if anything. */
function afterUpload({ status, body }, origin) {
  if ((status === 201 || status === 400) && body.id) {
    // Ready or refused: either way the pack's page says what it holds, or why not.
    return { url: `${origin}/instructor/packs/${body.id}/`, message: null };
  }
  if (status === 403 && body.login_url) {
    const login = new URL(body.login_url, origin);
    login.searchParams.set("next", "/instructor/packs/");
    return { url: login.href, message: "Log in as the instructor, then drop the pack again." };
  }
  return { url: null, message: body.error || `The pack could not be uploaded (HTTP ${status}).` };
}

function cookieHeader(cookies) {
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

module.exports = { afterUpload, cookieHeader, uploadPack };
