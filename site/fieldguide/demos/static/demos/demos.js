// Demo blocks: run an allowlisted demo, stream its output live, cancel, reset the workspace.
(function () {
  "use strict";

  function post(url, body) {
    return window.Fieldguide.post(url, body);
  }

  // ANSI colours (SGR) to spans; every other escape sequence is dropped.
  var SGR = /\x1b\[([0-9;]*)m/g;
  var OTHER_ESCAPES = /\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b\][^\x07]*\x07|\r(?!\n)/g;

  function appendAnsi(log, state, text) {
    text = text.replace(OTHER_ESCAPES, "");
    var last = 0, match;
    SGR.lastIndex = 0;
    while ((match = SGR.exec(text)) !== null) {
      appendSpan(log, state, text.slice(last, match.index));
      (match[1] || "0").split(";").forEach(function (code) {
        var n = parseInt(code || "0", 10);
        if (n === 0) { state.fg = null; state.bold = false; }
        else if (n === 1) state.bold = true;
        else if (n === 22) state.bold = false;
        else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) state.fg = n;
        else if (n === 39) state.fg = null;
      });
      last = SGR.lastIndex;
    }
    appendSpan(log, state, text.slice(last));
  }

  function appendSpan(log, state, text) {
    if (!text) return;
    if (!state.fg && !state.bold) { log.appendChild(document.createTextNode(text)); return; }
    var span = document.createElement("span");
    if (state.fg) span.className = "ansi-" + state.fg;
    if (state.bold) span.className += " ansi-bold";
    span.textContent = text;
    log.appendChild(span);
  }

  // The renderer on its own, for other scripts (and tests): text with ANSI codes → nodes.
  window.FieldguideDemos = {
    renderAnsi: function (text) {
      var fragment = document.createDocumentFragment();
      appendAnsi(fragment, {}, text);
      return fragment;
    },
  };

  var STATUS_TEXT = {
    succeeded: "Finished", failed: "Failed", timed_out: "Stopped: it ran out of time",
    cancelled: "Cancelled", interrupted: "Interrupted: Fieldguide stopped while it ran",
  };

  function Demo(section, index) {
    this.section = section;
    this.id = section.dataset.demo;
    this.key = "fieldguide-run:" + location.pathname + ":" + index;
    this.log = section.querySelector(".demo-log");
    this.status = section.querySelector(".demo-status");
    this.runButton = section.querySelector("[data-run]");
    this.cancelButton = section.querySelector("[data-cancel]");
    this.resetButton = section.querySelector("[data-reset]");
    this.transcript = section.querySelector("[data-transcript]");
    this.command = section.querySelector("[data-command]");
    this.runButton.addEventListener("click", this.run.bind(this));
    this.cancelButton.addEventListener("click", this.cancel.bind(this));
    if (this.resetButton) this.resetButton.addEventListener("click", this.reset.bind(this));
    section.querySelectorAll("[data-param]").forEach(function (input) {
      input.addEventListener("input", this.showCommand.bind(this));
    }, this);
    this.checkStep = section.dataset.checkStep;
    if (this.checkStep) this.showProgress();
    var previous = sessionStorage.getItem(this.key);
    if (previous) { this.replaying = true; this.follow(JSON.parse(previous)); }
  }

  Demo.prototype.showProgress = function () {
    var passed = this.section.querySelector("[data-check-passed]");
    fetch("/api/steps/" + this.checkStep + "/progress", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { passed.hidden = !data.completed; });
  };

  // A finished check: success marks the step complete, failure shows the lesson's hint.
  Demo.prototype.judge = function (run) {
    var self = this;
    var passed = self.section.querySelector("[data-check-passed]");
    var hint = self.section.querySelector("[data-check-hint]");
    if (run.status !== "succeeded") {
      passed.hidden = true;
      if (hint) hint.hidden = false;
      return;
    }
    if (hint) hint.hidden = true;
    post("/api/steps/" + self.checkStep + "/check", { run: run.id })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        passed.hidden = !data.completed;
        if (data.completed) document.dispatchEvent(new CustomEvent("fieldguide:step-completed"));
      });
  };

  Demo.prototype.params = function () {
    var params = {};
    this.section.querySelectorAll("[data-param]").forEach(function (input) {
      params[input.dataset.param] = input.value;
    });
    return params;
  };

  Demo.prototype.showCommand = function () {
    var params = this.params();
    var words = this.command.dataset.template
      ? JSON.parse(this.command.dataset.template) : null;
    if (!words) return;
    this.command.textContent = words.map(function (w) {
      var m = /^\{([a-z_][a-z0-9_]*)\}$/.exec(w);
      var word = m && m[1] in params ? params[m[1]] : w;
      return /^[\w.\/=:@%+-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\"'\"'") + "'";
    }).join(" ");
  };

  Demo.prototype.say = function (text) { this.status.textContent = text; };

  Demo.prototype.run = function () {
    var self = this;
    self.replaying = false;
    self.runButton.disabled = true;
    self.say("Starting…");
    post("/api/demos/" + encodeURIComponent(self.id) + "/runs", { params: self.params() })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || "The demo could not start.");
          return data;
        });
      })
      .then(function (run) {
        sessionStorage.setItem(self.key, JSON.stringify(run));
        self.follow(run);
      })
      .catch(function (error) { self.say(error.message); self.runButton.disabled = false; });
  };

  Demo.prototype.follow = function (run) {
    var self = this;
    self.runId = run.id;
    self.log.textContent = "";
    self.log.hidden = false;
    self.ansi = {};
    self.runButton.disabled = true;
    self.cancelButton.hidden = false;
    self.transcript.hidden = true;
    if (self.source) self.source.close();
    // EventSource reconnects on its own and sends Last-Event-ID, so no line is lost or doubled.
    self.source = new EventSource(run.stream_url);
    self.source.addEventListener("output", function (event) {
      var atBottom = self.log.scrollTop + self.log.clientHeight >= self.log.scrollHeight - 4;
      appendAnsi(self.log, self.ansi, JSON.parse(event.data));
      if (atBottom) self.log.scrollTop = self.log.scrollHeight;
    });
    self.source.addEventListener("status", function (event) {
      self.source.close();
      self.finish(JSON.parse(event.data));
    });
    self.poll();
  };

  Demo.prototype.poll = function () {
    var self = this;
    clearTimeout(self.timer);
    fetch("/api/runs/" + self.runId, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (run) {
        if (run.status === "queued") {
          self.say("Waiting for a free slot: " + run.waiting_behind + " demo(s) ahead, " +
                   run.concurrency + " run at once.");
        } else if (run.status === "running") {
          self.say("Running… " + Math.ceil(run.seconds_left) + " s left before it is stopped.");
        }
        if (run.status === "queued" || run.status === "running") {
          self.timer = setTimeout(self.poll.bind(self), 1000);
        }
      });
  };

  Demo.prototype.finish = function (run) {
    clearTimeout(this.timer);
    var text = STATUS_TEXT[run.status] || run.status;
    if (run.exit_code !== null && run.exit_code !== undefined) text += " · exit status " + run.exit_code;
    if (run.duration !== undefined) text += " · " + run.duration.toFixed(1) + " s";
    if (run.truncated) text += " · output truncated";
    this.say(text);
    this.section.dataset.outcome = run.status;
    this.runButton.disabled = false;
    this.cancelButton.hidden = true;
    this.transcript.href = run.transcript_url;
    this.transcript.hidden = false;
    if (this.checkStep && !this.replaying) this.judge(run);
    // The desktop shell shows this only when its window is not focused.
    if (window.fieldguide && !this.replaying) {
      window.fieldguide.notify({ title: "Demo finished: " + this.id, body: text });
    }
  };

  Demo.prototype.cancel = function () {
    var self = this;
    if (!self.runId) return;
    self.say("Cancelling…");
    post("/api/runs/" + self.runId + "/cancel");
  };

  Demo.prototype.reset = function () {
    var self = this;
    post("/api/workspaces/" + encodeURIComponent(self.section.dataset.workspace) + "/reset")
      .then(function (response) { return response.json().then(function (d) { return [response, d]; }); })
      .then(function (pair) {
        self.say(pair[0].ok ? "The workspace is back to its starting state." : pair[1].error);
      });
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.demo[data-demo]").forEach(function (section, index) {
      new Demo(section, index);
    });
  });
})();
