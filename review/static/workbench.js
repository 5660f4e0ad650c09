// The reviewers' workbench beyond app.js's j/k/Enter/a/r/n: in the queue x ticks the
// row under the cursor, o opens it, / goes to the search box; on a finding u goes back
// to the queue; the page images zoom with their buttons, + and -, or a click.
(function () {
  const typing = (e) => ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName);
  const queue = document.querySelector("table[data-keys=queue]");
  const current = () => queue && queue.querySelector("tbody tr.selected");
  const viewer = document.querySelector(".pages-view");
  let zoom = 1;
  const setZoom = (z) => {
    if (!viewer) return;
    zoom = Math.max(0.5, Math.min(4, z));
    viewer.style.setProperty("--zoom", String(zoom));
    viewer.classList.toggle("zoomed", zoom > 1);
    const label = document.getElementById("zoom-level");
    if (label) label.textContent = Math.round(zoom * 100) + " %";
  };
  document.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
    const step = b.dataset.zoom;
    setZoom(step === "reset" ? 1 : zoom * (step === "in" ? 1.5 : 1 / 1.5));
  }));
  if (viewer) viewer.querySelectorAll(".page img").forEach((img) =>
    img.addEventListener("click", () => setZoom(zoom > 1 ? 1 : 2)));
  document.addEventListener("keydown", (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (queue) {
      const row = current();
      if (e.key === "x" && row) {
        const box = row.querySelector("input[name=ids]");
        if (box) box.checked = !box.checked;
      } else if (e.key === "o" && row) {
        window.location = row.dataset.href;
      } else if (e.key === "/") {
        const q = document.getElementById("q");
        if (q) { e.preventDefault(); q.focus(); }
      }
      return;
    }
    if (e.key === "u") window.location = "/review";
    else if (viewer && (e.key === "+" || e.key === "=")) setZoom(zoom * 1.5);
    else if (viewer && e.key === "-") setZoom(zoom / 1.5);
  });
})();
