// The WordPress import's progress line: ask the server for the run's state every 2 s while the worker works,
// update the count and the bar (announced politely by the role="status" region), and reload the page once the
// state changes (dry run ready, finished, refused), which then shows the dry run or the report.
(function () {
  "use strict";
  const region = document.getElementById("import-status");
  if (!region || !region.dataset.statusUrl) {
    return;
  }
  const count = document.getElementById("import-count");
  const bar = document.getElementById("import-progress");
  const label = document.getElementById("import-state");
  let lastState = region.dataset.state;
  let lastDone = -1;

  function show(data) {
    if (data.state !== lastState) {
      window.location.reload();
      return false;
    }
    if (data.done !== lastDone) {
      lastDone = data.done;
      count.textContent = data.done + " of " + (data.total || "?");
      bar.max = data.total || 1;
      bar.value = data.done;
      label.textContent = data.label;
    }
    return true;
  }

  function poll() {
    fetch(region.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data || show(data)) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(() => window.setTimeout(poll, 5000));
  }
  window.setTimeout(poll, 1000);
})();
