// Beian's little script: progressive enhancement only; every page works
// without it. Loaded with the page's CSP nonce.
(function () {
  "use strict";
  // Confirm dangerous actions (withdraw, reject, cancel).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  // Province -> city -> district selects: fill the children from /api/v1/regions.
  function fill(select, parent) {
    if (!select) return;
    var keep = select.getAttribute("data-value") || select.value;
    if (!parent) { select.length = 1; return; }
    fetch("/api/v1/regions?parent=" + encodeURIComponent(parent), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { regions: [] }; })
      .then(function (data) {
        select.length = 1;
        (data.regions || []).forEach(function (reg) {
          var o = document.createElement("option");
          o.value = reg.code; o.textContent = reg.name;
          if (reg.code === keep) o.selected = true;
          select.appendChild(o);
        });
        select.dispatchEvent(new Event("change"));
      });
  }
  document.querySelectorAll("select[data-region-child]").forEach(function (sel) {
    var child = document.getElementById(sel.getAttribute("data-region-child"));
    sel.addEventListener("change", function () { fill(child, sel.value); });
  });
})();
