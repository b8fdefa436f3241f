"use strict";
// Stands in for run_django.py in supervisor tests: behaves as FAKE_MODE says.
const mode = process.env.FAKE_MODE;
const ready = () =>
  console.log(
    JSON.stringify({
      event: "ready",
      url: "http://127.0.0.1:1/",
      port: 1,
      pid: process.pid,
      home: "h",
      version: "0",
    }),
  );

if (mode === "slow")
  setTimeout(() => {
    ready();
    setInterval(() => {}, 1000);
  }, 1500);
else if (mode === "fail") {
  console.error("Traceback: something broke");
  console.error("ValueError: bad");
  process.exit(3);
} else if (mode === "error-line") {
  console.log(JSON.stringify({ event: "error", message: "The home folder /x cannot be written." }));
  process.exit(1);
} else if (mode === "silent") setInterval(() => {}, 1000);
else if (mode === "crash-after-ready") {
  ready();
  setTimeout(() => process.exit(9), 300);
}
