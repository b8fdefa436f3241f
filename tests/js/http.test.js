// core/http.js against a real local HTTP server: the answers the pages' modules rely on.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import { csrfToken, getJSON, postJSON } from "../../site/fieldguide/core/static/core/http.js";

const seen = [];
let csrfAnswers = 0;
let server;
let base;

before(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      if (request.url === "/api/csrf") {
        csrfAnswers += 1;
        response.setHeader("Content-Type", "application/json");
        response.end(JSON.stringify({ token: "t0ken" }));
      } else if (request.url === "/json") {
        response.setHeader("Content-Type", "application/json");
        response.end(JSON.stringify({ echo: body ? JSON.parse(body) : null }));
      } else if (request.url === "/html") {
        response.setHeader("Content-Type", "text/html");
        response.end("<p>Not what a script asked for</p>");
      } else if (request.url === "/refused") {
        response.statusCode = 409;
        response.setHeader("Content-Type", "application/json");
        response.end(JSON.stringify({ error: "not now" }));
      } else {
        response.statusCode = 404;
        response.setHeader("Content-Type", "text/html");
        response.end("<h1>Page not found</h1>");
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${server.address().port}`;
  // The one thing http.js reads from the page: <html data-csrf-url>.
  globalThis.document = { documentElement: { dataset: { csrfUrl: `${base}/api/csrf` } } };
});

after(() => {
  server.close();
  delete globalThis.document;
});

test("a JSON answer comes back parsed", async () => {
  assert.deepEqual(await getJSON(`${base}/json`), { ok: true, status: 200, data: { echo: null } });
});

test("an error page that is not JSON resolves as not ok, without data", async () => {
  assert.deepEqual(await getJSON(`${base}/missing`), { ok: false, status: 404, data: null });
});

test("a success that is not JSON is not ok either: callers may rely on data", async () => {
  assert.deepEqual(await getJSON(`${base}/html`), { ok: false, status: 200, data: null });
});

test("an error with a JSON body keeps the body, for its message", async () => {
  assert.deepEqual(await postJSON(`${base}/refused`), {
    ok: false,
    status: 409,
    data: { error: "not now" },
  });
});

test("a server that is gone resolves as not ok with status 0", async () => {
  const gone = createServer();
  gone.listen(0, "127.0.0.1");
  await once(gone, "listening");
  const url = `http://127.0.0.1:${gone.address().port}/json`;
  gone.close();
  await once(gone, "close");
  assert.deepEqual(await getJSON(url), { ok: false, status: 0, data: null });
});

test("POSTs send JSON with the CSRF token, which is asked for once", async () => {
  await csrfToken();
  const reply = await postJSON(`${base}/json`, { done: true });
  await postJSON(`${base}/json`, { done: false }, { keepalive: true });
  assert.deepEqual(reply.data, { echo: { done: true } });
  assert.equal(csrfAnswers, 1); // for every POST of this file
  const posts = seen.filter((request) => request.method === "POST" && request.url === "/json");
  assert.equal(posts.length, 2);
  for (const post of posts) {
    assert.equal(post.headers["x-csrftoken"], "t0ken");
    assert.equal(post.headers["content-type"], "application/json");
  }
});
