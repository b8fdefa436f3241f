// Applying a lesson pack: post to the API and show its progress while it runs.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-pack-apply]");
    if (!form) return;
    var bar = form.querySelector("[data-pack-progress]");
    var status = document.querySelector("[data-pack-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      form.querySelector("button").disabled = true;
      bar.hidden = false;
      status.textContent = "Applying…";
      var timer = setInterval(function () {
        fetch(form.dataset.packPoll, { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (pack) {
            if (!pack.progress) return;
            bar.max = Math.max(pack.progress.total, 1);
            bar.value = pack.progress.done;
            status.textContent = pack.progress.phase === "verifying" ? "Checking every file…" : "Applying…";
          });
      }, 300);
      window.Fieldguide.post(form.dataset.packApply, {}).then(function () {
        clearInterval(timer);
        window.location.reload();
      });
    });
  });
})();
