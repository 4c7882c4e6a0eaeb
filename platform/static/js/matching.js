// Follows running matching runs on HR's page: polls each run's status and
// reloads the page when one finishes, so the new proposals show.
(function () {
  "use strict";
  const runs = document.querySelectorAll("[data-run-status]");
  if (!runs.length) return;
  function poll() {
    Promise.all(
      Array.from(runs).map((el) =>
        fetch(el.dataset.runStatus, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : null))
          .then((data) => {
            if (!data) return false;
            const bar = el.querySelector("progress");
            bar.value = data.progress;
            bar.textContent = data.progress + " %";
            el.querySelector(".run-stage").textContent = data.stage;
            return data.finished;
          })
          .catch(() => false)
      )
    ).then((finished) => {
      if (finished.some(Boolean)) window.location.reload();
      else window.setTimeout(poll, 2000);
    });
  }
  window.setTimeout(poll, 1000);
})();
