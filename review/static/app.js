// Keyboard shortcuts: in the queue j/k move, Enter opens; on a finding a accepts,
// r rejects, n goes to the next one. Never while typing in a field.
(function () {
  const typing = (e) => ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName);
  const rows = Array.from(document.querySelectorAll("table[data-keys=queue] tbody tr[data-href]"));
  let i = -1;
  const select = (k) => {
    if (!rows.length) return;
    i = Math.max(0, Math.min(rows.length - 1, k));
    rows.forEach((r, j) => r.classList.toggle("selected", j === i));
    rows[i].scrollIntoView({ block: "nearest" });
  };
  const all = document.getElementById("all");
  if (all) all.addEventListener("change", () => {
    document.querySelectorAll("input[name=ids]").forEach((c) => { c.checked = all.checked; });
  });
  document.addEventListener("keydown", (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (rows.length) {
      if (e.key === "j") select(i + 1);
      else if (e.key === "k") select(i - 1);
      else if (e.key === "Enter" && i >= 0) window.location = rows[i].dataset.href;
      return;
    }
    const click = (id) => { const b = document.getElementById(id); if (b) b.click(); };
    if (e.key === "a") click("accept");
    else if (e.key === "r") click("reject");
    else if (e.key === "n") click("next");
  });
})();
