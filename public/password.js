// "Show the password" on the login and register pages, in plain JS (those
// pages carry no WASM). The control is rendered hidden and only brought out
// here, so a browser without scripts is offered nothing that does nothing.
(() => {
  for (const box of document.querySelectorAll("[data-show-password]")) {
    const field = document.getElementById(box.dataset.showPassword);
    const check = box.querySelector("input[type=checkbox]");
    if (!field || !check) continue;
    check.checked = field.type === "text";
    check.addEventListener("change", () => {
      field.type = check.checked ? "text" : "password";
    });
    // The password is hidden again before the form goes, so the browser
    // offers to keep it as a password and never as a plain text entry.
    field.form?.addEventListener("submit", () => {
      field.type = "password";
    });
    box.hidden = false;
  }
})();
