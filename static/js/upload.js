// Upload slots of verify & submit (issue 11): several files at once, drag
// and drop, a progress bar, the answer at the slot. Progressive enhancement:
// without this script each slot is a plain form posting one file to the
// page's upload route. With it, each file goes to the JSON upload route
// (data-api) on its own request (XMLHttpRequest: fetch reports no upload
// progress); a photo over data-max-bytes is scaled down first by app.js's
// window.beianShrink; when every file is in, the page is loaded again and
// says so. Loaded with the page's CSP nonce, after app.js.
(function () {
  "use strict";
  var FLASH = "beian-upload-flash";

  function say(form, cls, role, text) {
    var p = form.querySelector("." + cls);
    if (!p) {
      p = document.createElement("p");
      p.className = cls === "upload-error" ? "notice err small upload-error" : "small muted " + cls;
      p.setAttribute("role", role);
      form.appendChild(p);
    }
    p.textContent = text;
    return p;
  }
  function clear(form) {
    ["upload-error", "upload-status"].forEach(function (c) {
      var p = form.querySelector("." + c);
      if (p) p.remove();
    });
    var bar = form.querySelector("progress");
    if (bar) bar.remove();
  }
  function bar(form) {
    var b = form.querySelector("progress");
    if (!b) {
      b = document.createElement("progress");
      b.max = 100;
      b.value = 0;
      b.setAttribute("aria-label", form.getAttribute("data-sending") || "");
      form.appendChild(b);
    }
    return b;
  }
  // A file as it will be sent: itself, scaled down, or null (too big).
  function prepare(form, file) {
    var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    if (!max || file.size <= max) return Promise.resolve(file);
    var image = /^image\/(jpeg|png)$/.test(file.type) && window.createImageBitmap && window.beianShrink;
    return image ? window.beianShrink(file, max).catch(function () { return null; }) : Promise.resolve(null);
  }
  function errorText(xhr) {
    try {
      var e = JSON.parse(xhr.responseText).error;
      if (e.fields && e.fields.length) return e.fields[0].message;
      return e.message;
    } catch (_) {
      return String(xhr.status || "");
    }
  }
  function send(form, file, n, i) {
    return new Promise(function (ok, fail) {
      var data = new FormData(form);
      data.set("file", file, file.name);
      var xhr = new XMLHttpRequest();
      var b = bar(form);
      var label = form.getAttribute("data-sending") + " " + file.name + (n > 1 ? " (" + (i + 1) + "/" + n + ")" : "");
      var status = say(form, "upload-status", "status", label);
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((100 * e.loaded) / e.total);
        b.value = pct;
        status.textContent = label + " " + pct + "%";
      };
      xhr.onload = function () {
        if (xhr.status === 201) ok();
        else fail(new Error(errorText(xhr)));
      };
      xhr.onerror = function () { fail(new Error(String(xhr.status || ""))); };
      xhr.open("POST", form.getAttribute("data-api"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.send(data);
    });
  }
  function upload(form, files) {
    var list = Array.prototype.slice.call(files || []);
    if (!list.length || form.getAttribute("aria-busy") === "true") return;
    if (!form.hasAttribute("data-multiple")) list = list.slice(0, 1);
    var button = form.querySelector("button[type=submit]");
    clear(form);
    form.setAttribute("aria-busy", "true");
    if (button) button.disabled = true;
    var sent = 0;
    function done(err) {
      form.removeAttribute("aria-busy");
      if (button) button.disabled = false;
      if (err) {
        var s = form.querySelector(".upload-status");
        if (s) s.remove();
        var b = form.querySelector("progress");
        if (b) b.remove();
        say(form, "upload-error", "alert", err);
      }
      if (!sent) return;
      try {
        sessionStorage.setItem(FLASH, form.getAttribute("data-uploaded") + (err ? " " + err : ""));
      } catch (_) { /* private mode: the list of files says it */ }
      var slot = form.querySelector("input[name=slot]");
      history.replaceState(null, "", location.pathname + (slot ? "#slot-" + slot.value : ""));
      location.reload();
    }
    var chain = Promise.resolve();
    list.forEach(function (file, i) {
      chain = chain.then(function () {
        return prepare(form, file).then(function (ready) {
          if (!ready) throw new Error(form.getAttribute("data-too-big"));
          return send(form, ready, list.length, i);
        }).then(function () { sent++; });
      });
    });
    chain.then(function () { done(null); }, function (e) {
      done((sent ? "" : form.getAttribute("data-failed")) + e.message);
    });
  }

  // Before app.js's own handler (capture): one request per file, here.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form.upload[data-api]") || !window.FormData) return;
    e.preventDefault();
    var input = form.querySelector("input[type=file]");
    upload(form, input && input.files);
  }, true);

  document.querySelectorAll("form.upload[data-api]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    if (input && form.hasAttribute("data-multiple")) input.multiple = true;
    var hint = form.querySelector(".drop-hint");
    if (hint) hint.hidden = false;
    ["dragenter", "dragover"].forEach(function (t) {
      form.addEventListener(t, function (e) {
        e.preventDefault();
        form.classList.add("dragging");
      });
    });
    ["dragleave", "dragend"].forEach(function (t) {
      form.addEventListener(t, function () { form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (e) {
      e.preventDefault();
      form.classList.remove("dragging");
      upload(form, e.dataTransfer && e.dataTransfer.files);
    });
  });

  // What the last round of uploads did, said once the page is loaded again.
  var msg = null;
  try {
    msg = sessionStorage.getItem(FLASH);
    sessionStorage.removeItem(FLASH);
  } catch (_) { /* none */ }
  var main = document.querySelector("main");
  if (msg && main) {
    var note = document.createElement("div");
    note.className = "notice info";
    note.setAttribute("role", "status");
    note.textContent = msg;
    main.insertBefore(note, main.firstChild);
  }
})();
