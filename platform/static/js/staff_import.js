// Follows a staff import on its page while the worker reads or applies it:
// polls the import's status and reloads the page when it is done, so the
// preview or the result shows.
(function () {
  "use strict";
  const box = document.querySelector("[data-import-status]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const stage = box.querySelector(".import-stage");
  function poll() {
    fetch(box.dataset.importStatus, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (data && data.finished) {
          window.location.reload();
          return;
        }
        if (data) {
          if (bar.hasAttribute("value")) {
            bar.value = data.progress;
            bar.textContent = data.progress + " %";
          }
          stage.textContent = data.stage;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(() => window.setTimeout(poll, 2000));
  }
  window.setTimeout(poll, 700);
})();
