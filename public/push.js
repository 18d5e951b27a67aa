// Reminders as notifications on this phone (Me → Reminders), in plain JS so
// no WASM carries it: asks the browser for permission, subscribes with the
// server's key and hands the subscription to the server, which pushes the
// reminders at the chosen times (server/src/push). One tap turns it off.
(() => {
  const control = document.getElementById("push-control");
  if (!control || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  const button = control.querySelector("button");
  const status = control.querySelector("[role=status]");
  const texts = control.dataset;

  const keyBytes = (base64url) => {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  // The device's id, as the app keeps it in IndexedDB (platform/offline/store.rs).
  const deviceId = () =>
    new Promise((resolve) => {
      const open = indexedDB.open("knip");
      open.onerror = () => resolve(null);
      open.onsuccess = () => {
        try {
          const get = open.result.transaction("meta").objectStore("meta").get("device_id");
          get.onsuccess = () => resolve(typeof get.result === "string" ? get.result : null);
          get.onerror = () => resolve(null);
        } catch {
          resolve(null);
        }
      };
    });

  async function current() {
    const registration = await navigator.serviceWorker.ready;
    return { registration, subscription: await registration.pushManager.getSubscription() };
  }

  // The message shown last, by its name in `texts`, so that a change of
  // language (the app rewrites the data attributes) says it again.
  let said;
  async function show(message) {
    said = message;
    const { subscription } = await current();
    // Logging out removes this phone's subscription on the server too.
    const forLogout = document.getElementById("push-endpoint");
    if (forLogout) forLogout.value = subscription ? subscription.endpoint : "";
    button.textContent = subscription ? texts.off : texts.on;
    button.setAttribute("aria-pressed", subscription ? "true" : "false");
    status.textContent = (message && texts[message]) || (subscription ? texts.active : "");
  }

  async function turnOn() {
    if ((await Notification.requestPermission()) !== "granted") return show("denied");
    const key = await fetch("/api/push/key", { credentials: "same-origin" });
    if (!key.ok) return show("failed");
    const { public_key } = await key.json();
    const { registration } = await current();
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(public_key) });
    const device = await deviceId();
    const saved = await fetch("/api/push/subscription", {
      method: "PUT",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...subscription.toJSON(), device_id: device }),
    });
    if (!saved.ok) {
      await subscription.unsubscribe();
      return show("failed");
    }
    return show();
  }

  async function turnOff() {
    const { subscription } = await current();
    if (subscription) {
      await fetch("/api/push/subscription", {
        method: "DELETE",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ endpoint: subscription.endpoint }),
      }).catch(() => {});
      await subscription.unsubscribe();
    }
    return show();
  }

  async function start() {
    // Only for a signed-in patient: the server's key says so.
    const key = await fetch("/api/push/key", { credentials: "same-origin" }).catch(() => null);
    if (!key || !key.ok) return;
    // Shown once it says what a tap does.
    await show(Notification.permission === "denied" ? "denied" : undefined);
    control.hidden = false;
    new MutationObserver(() => show(said)).observe(control, { attributes: true, attributeFilter: ["data-on", "data-off", "data-active"] });
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const { subscription } = await current();
        await (subscription ? turnOff() : turnOn());
      } catch {
        await show("failed");
      } finally {
        button.disabled = false;
      }
    });
  }

  // After the app has taken over the page (its WASM renders the card).
  const ready = () => document.body.dataset.hydrated === "true";
  if (ready()) start();
  else {
    const watch = new MutationObserver(() => {
      if (!ready()) return;
      watch.disconnect();
      start();
    });
    watch.observe(document.body, { attributes: true, attributeFilter: ["data-hydrated"] });
  }
})();
