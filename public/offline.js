// Offline, said plainly once a visit on every page (app and public), and
// the language buttons of the pages without the app's script (they ask the
// server) hidden until the network is back. Plain JS, no WASM.
(() => {
  const offlineTexts = {
    nb: ["Du er uten nett. Det du gjør i Knip, blir lagret på denne telefonen.", "Greit"],
    nn: ["Du er utan nett. Det du gjer i Knip, blir lagra på denne telefonen.", "Greitt"],
    en: ["You are offline. What you do in Knip is kept on this phone.", "OK"],
  };
  function sayOffline() {
    const offline = !navigator.onLine;
    document.documentElement.toggleAttribute("data-offline", offline);
    const bar = document.getElementById("knip-offline");
    if (!offline) {
      if (bar) bar.remove();
      return;
    }
    if (bar || sessionStorage.getItem("knip.offline-said")) return;
    sessionStorage.setItem("knip.offline-said", "1");
    const [message, action] = offlineTexts[document.documentElement.lang] || offlineTexts.nb;
    const note = document.createElement("div");
    note.id = "knip-offline";
    // In the page's flow, at the top of its content: it covers nothing.
    note.className = "notice offline-note";
    note.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = message;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = action;
    button.addEventListener("click", () => note.remove());
    note.append(text, " ", button);
    (document.querySelector("main") || document.body).prepend(note);
  }
  window.addEventListener("offline", sayOffline);
  window.addEventListener("online", sayOffline);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", sayOffline);
  else sayOffline();
})();
