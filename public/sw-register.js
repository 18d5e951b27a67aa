// Registers the service worker and offers a reload when a new version of
// Knip has been downloaded. Plain JS so it works before the WASM has loaded.
(() => {
  if (!("serviceWorker" in navigator)) return;
  const texts = {
    nb: ["En ny versjon av Knip er klar.", "Last inn på nytt"],
    nn: ["Ein ny versjon av Knip er klar.", "Last inn på nytt"],
    en: ["A new version of Knip is ready.", "Reload"],
  };
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
  function offerUpdate(worker) {
    if (document.getElementById("knip-update")) return;
    const [message, action] = texts[document.documentElement.lang] || texts.nb;
    const bar = document.createElement("div");
    bar.id = "knip-update";
    bar.className = "update-bar";
    bar.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = message;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button primary";
    button.textContent = action;
    button.addEventListener("click", () => {
      reloading = true;
      worker.postMessage({ type: "skip-waiting" });
    });
    bar.append(text, button);
    document.body.append(bar);
  }
  window.addEventListener("load", async () => {
    try {
      const registration = await navigator.serviceWorker.register("/sw.js");
      if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        if (!worker) return;
        worker.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
        });
      });
      // The worker keeps the education pages in the language read here.
      const ready = await navigator.serviceWorker.ready;
      if (ready.active) ready.active.postMessage({ type: "language", lang: document.documentElement.lang });
    } catch (error) {
      console.warn("Knip works online only: the service worker did not register.", error);
    }
  });
})();
