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
          o.value = reg.code;
          o.textContent = document.documentElement.lang === "en" && reg.name_en ? reg.name_en : reg.name;
          if (reg.code === keep) o.selected = true;
          select.appendChild(o);
        });
        select.dispatchEvent(new Event("change"));
      });
  }
  // Phone photos (5-15 MB) are larger than the administration's 4 MB: a
  // JPEG or PNG over the form's data-max-bytes is scaled down here (longest
  // side 3000 px, JPEG, quality lowered until it fits) before it is sent;
  // anything that still does not fit is said at the slot, nothing is sent.
  function slotError(form, msg) {
    var p = form.querySelector(".upload-error");
    if (!p) {
      p = document.createElement("p");
      p.className = "notice err small upload-error";
      p.setAttribute("role", "alert");
      form.appendChild(p);
    }
    p.textContent = msg;
  }
  function toJpeg(canvas, q) {
    return new Promise(function (ok) { canvas.toBlob(ok, "image/jpeg", q); });
  }
  function shrink(file, max) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bmp) {
      var k = Math.min(1, 3000 / Math.max(bmp.width, bmp.height));
      var c = document.createElement("canvas");
      c.width = Math.round(bmp.width * k);
      c.height = Math.round(bmp.height * k);
      c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
      var tries = [0.9, 0.8, 0.7, 0.6, 0.5];
      function next(i) {
        return toJpeg(c, tries[i]).then(function (blob) {
          if (blob && blob.size <= max) return blob;
          return i + 1 < tries.length ? next(i + 1) : null;
        });
      }
      return next(0);
    }).then(function (blob) {
      if (!blob) return null;
      var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
      return new File([blob], name, { type: "image/jpeg" });
    });
  }
  window.beianShrink = shrink; // static/js/upload.js scales photos the same way
  document.addEventListener("submit", function (e) {
    var form = e.target, max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    var input = max && form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (e.defaultPrevented || !file || file.size <= max) return;
    e.preventDefault();
    var image = /^image\/(jpeg|png)$/.test(file.type) && window.createImageBitmap;
    if (!image) { slotError(form, form.getAttribute("data-too-big")); return; }
    form.setAttribute("aria-busy", "true");
    shrink(file, max).then(function (small) {
      form.removeAttribute("aria-busy");
      if (!small) { slotError(form, form.getAttribute("data-too-big")); return; }
      var dt = new DataTransfer();
      dt.items.add(small);
      input.files = dt.files;
      form.submit();
    }, function () {
      form.removeAttribute("aria-busy");
      slotError(form, form.getAttribute("data-too-big"));
    });
  });
  document.querySelectorAll("select[data-region-child]").forEach(function (sel) {
    var child = document.getElementById(sel.getAttribute("data-region-child"));
    sel.addEventListener("change", function () { fill(child, sel.value); });
  });
  // Step forms (issue 11). Fields adapt to the subject's nature and to the
  // "same as" boxes as the server would show them after saving (it copies
  // hidden fields itself, so the page works without this); the first field
  // in error gets the focus; leaving with unsaved changes asks first.
  document.querySelectorAll("form[data-step-form]").forEach(function (form) {
    var nature = form.querySelector("select[name=subject_nature], select[name=claim_nature]");
    function adapt() {
      var n = nature ? nature.value : "", person = n === "individual", org = n && !person;
      form.querySelectorAll(".field").forEach(function (div) {
        var hide = false, by = div.getAttribute("data-copied-by"), fn = div.getAttribute("data-for-nature");
        if (fn === "org") hide = person;
        if (fn === "person") hide = !person;
        if (by === "subject_nature") hide = hide || person;
        else if (by) {
          var box = form.querySelector("input[type=checkbox][name=" + by + "]");
          hide = hide || !!(box && box.checked);
        }
        div.hidden = hide;
        var rf = div.getAttribute("data-required-for"), mark = div.querySelector(".req");
        if (rf && mark) mark.hidden = !(rf === "org" ? org : person);
      });
      form.querySelectorAll("option[data-natures]").forEach(function (o) {
        var fits = !n || o.getAttribute("data-natures").split(" ").indexOf(n) >= 0;
        o.hidden = o.disabled = !fits;
        if (!fits && o.selected) o.parentNode.value = "";
      });
    }
    form.addEventListener("change", function (e) {
      if (e.target === nature || e.target.type === "checkbox") adapt();
    });
    adapt();
    var bad = Array.prototype.filter.call(form.querySelectorAll("[aria-invalid=true]"), function (el) {
      return !el.closest("[hidden]");
    })[0];
    if (bad) bad.focus();
    var dirty = false;
    // Only what the customer does counts (the region selects fill themselves).
    function touched(e) { if (e.isTrusted) dirty = true; }
    form.addEventListener("input", touched);
    form.addEventListener("change", touched);
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (!dirty) return;
      e.preventDefault();
      e.returnValue = "";
    });
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
