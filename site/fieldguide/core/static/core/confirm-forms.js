// Forms that destroy something (the seat reset) carry data-confirm: ask before sending them.

export function startConfirmForms() {
  document.addEventListener("submit", (event) => {
    const question = event.target.dataset?.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
}
