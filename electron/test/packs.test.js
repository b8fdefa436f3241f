"use strict";
// Dropped lesson packs: the upload request the shell makes, and where the window goes next.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");
const { afterUpload, cookieHeader, uploadPack } = require("../lib/packs");

test("the pack is uploaded as multipart with the token and the window's session cookie", async () => {
  const received = {};
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      Object.assign(received, {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      response.writeHead(201, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ id: "1b4e28ba-2fa1-11d2-883f-0016d3cca427", state: "ready" }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fgpack-")), "workshop.fgpack");
  fs.writeFileSync(file, Buffer.from("PK\u0003\u0004 pretend zip bytes"));
  try {
    const result = await uploadPack({
      origin,
      token: "t0ken",
      cookie: "sessionid=abc",
      filePath: file,
    });
    assert.equal(result.status, 201);
    assert.equal(received.method, "POST");
    assert.equal(received.url, "/api/packs");
    assert.equal(received.headers["x-fieldguide-token"], "t0ken");
    assert.equal(received.headers.cookie, "sessionid=abc");
    assert.match(received.headers["content-type"], /^multipart\/form-data; boundary=/);
    const body = received.body.toString("latin1");
    assert.match(body, /name="file"; filename="workshop.fgpack"/);
    assert.ok(body.includes("pretend zip bytes"));
    assert.deepEqual(afterUpload(result, origin), {
      url: `${origin}/instructor/packs/1b4e28ba-2fa1-11d2-883f-0016d3cca427/`,
      message: null,
    });
  } finally {
    server.close();
  }
});

test("after the upload: the pack's page, the login page, or a message", () => {
  const origin = "http://127.0.0.1:8123";
  const refused = afterUpload({ status: 400, body: { id: "abc", state: "refused" } }, origin);
  assert.equal(refused.url, `${origin}/instructor/packs/abc/`);
  const login = afterUpload(
    { status: 403, body: { login_url: "/admin/login/?next=/api/packs" } },
    origin,
  );
  assert.equal(login.url, `${origin}/admin/login/?next=%2Finstructor%2Fpacks%2F`);
  assert.match(login.message, /Log in as the instructor/);
  const broken = afterUpload({ status: 500, body: {} }, origin);
  assert.deepEqual(broken, { url: null, message: "The pack could not be uploaded (HTTP 500)." });
  assert.equal(
    cookieHeader([
      { name: "sessionid", value: "x" },
      { name: "csrftoken", value: "y" },
    ]),
    "sessionid=x; csrftoken=y",
  );
});
