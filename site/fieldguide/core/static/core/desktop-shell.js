// Inside the desktop shell (its preload defines window.fieldguide): an offline badge, and
// lesson packs dropped on the window go to the shell for import. In a plain browser,
// nothing changes.

/** Whether a dropped file's name says it is a lesson pack. */
export function isPackFile(name) {
  return /\.fgpack$/i.test(name);
}

function showOfflineBadge(shell) {
  const badge = document.createElement("span");
  badge.className = "offline-badge";
  badge.setAttribute("role", "status");
  badge.textContent = "Offline: everything still works";
  const header = document.querySelector(".site-header");
  if (header) header.insertBefore(badge, header.lastElementChild);
  const show = (online) => {
    badge.hidden = online;
  };
  show(shell.isOnline());
  shell.onConnectivityChange(show);
}

function acceptDroppedPacks(shell) {
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    for (const file of event.dataTransfer?.files ?? []) {
      if (isPackFile(file.name)) shell.importPack(file);
    }
  });
}

export function startDesktopShell() {
  const shell = window.fieldguide;
  if (!shell) return;
  showOfflineBadge(shell);
  acceptDroppedPacks(shell);
}
