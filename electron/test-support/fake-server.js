"use strict";
// Stands in for run_django.py in supervisor tests: behaves as FAKE_MODE says. Its delays are
// the behaviour under test (a slow start, a crash soon after ready), not waits.

function ready() {
  const line = { event: "ready", url: "http://127.0.0.1:1/", port: 1, pid: process.pid };
  console.log(JSON.stringify({ ...line, home: "h", version: "0" }));
}

function runForever() {
  setInterval(() => {}, 1000);
}

switch (process.env.FAKE_MODE) {
  case "slow":
    setTimeout(() => {
      ready();
      runForever();
    }, 1500);
    break;
  case "fail":
    console.error("Traceback: something broke");
    console.error("ValueError: bad");
    process.exit(3);
    break;
  case "error-line":
    console.log(
      JSON.stringify({ event: "error", message: "The home folder /x cannot be written." }),
    );
    process.exit(1);
    break;
  case "silent":
    runForever();
    break;
  case "crash-after-ready":
    ready();
    setTimeout(() => process.exit(9), 300);
    break;
}
