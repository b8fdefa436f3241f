// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // POSTs from the pages carry Django's CSRF token (the shell's token header is not visible
  // to page scripts). Shared with demos.js and progress.js.
  var csrfToken = null;

  function csrf() {
    if (csrfToken) return Promise.resolve(csrfToken);
    return fetch("/api/csrf", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { csrfToken = data.token; return csrfToken; });
  }

  function post(url, body, options) {
    return csrf().then(function (token) {
      return fetch(url, Object.assign({
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify(body || {}),
      }, options || {}));
    });
  }

  window.Fieldguide = { csrf: csrf, post: post };

  // ← / → move between steps, unless the learner is typing or using a modifier.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var link = document.querySelector('a[data-key="' + event.key + '"]');
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var code = button.closest(".code-block").querySelector("pre");
        copyText(code.innerText).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
    });
  });

  // Inside the desktop shell (window.fieldguide exists): an offline badge, and lesson packs
  // dropped on the window go to the shell for import. In a plain browser, nothing changes.
  document.addEventListener("DOMContentLoaded", function () {
    var shell = window.fieldguide;
    if (!shell) return;
    var badge = document.createElement("span");
    badge.className = "offline-badge";
    badge.setAttribute("role", "status");
    badge.textContent = "Offline: everything still works";
    var header = document.querySelector(".site-header");
    if (header) header.insertBefore(badge, header.lastElementChild);
    function show(online) { badge.hidden = online; }
    show(shell.isOnline());
    shell.onConnectivityChange(show);
    document.addEventListener("dragover", function (event) { event.preventDefault(); });
    document.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer ? event.dataTransfer.files : [];
      for (var i = 0; i < files.length; i += 1) {
        if (/\.fgpack$/i.test(files[i].name)) shell.importPack(files[i]);
      }
    });
  });

  // Forms that destroy something (the seat reset) ask first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // The handout's Print button (hidden until this script can make it work).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // Opened hints and solutions are printed too.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.dataset.wasOpen = d.open; d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = d.dataset.wasOpen === "true"; });
  });
})();
