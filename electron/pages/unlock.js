"use strict";
document.getElementById("unlock").addEventListener("submit", (event) => {
  event.preventDefault();
  const field = document.getElementById("password");
  const message = document.getElementById("message");
  message.textContent = "Checking…";
  window.fieldguideUnlock.submit(field.value).then((result) => {
    field.value = "";
    message.textContent = result.unlocked ? "Unlocked." : result.error || "Not unlocked.";
  });
});
