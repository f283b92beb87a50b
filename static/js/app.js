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
  // The return form: a standard return reason fills its row's reason and
  // suggestion (still editable) and, when the row names no field, the field.
  document.querySelectorAll("select.std-reason").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var row = sel.closest(".reason-row"), o = sel.options[sel.selectedIndex];
      if (!row || !o || !o.value) return;
      var field = row.querySelector("select[name=field]");
      row.querySelector("input[name=reason]").value = o.getAttribute("data-reason") || "";
      row.querySelector("input[name=suggestion]").value = o.getAttribute("data-suggestion") || "";
      if (field && !field.value && o.getAttribute("data-field")) field.value = o.getAttribute("data-field");
    });
  });
})();
