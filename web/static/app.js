// Progressive enhancement only: every page works without this file.
"use strict";
(function () {
  // Evidence: pointing at a field lights its boxes on the page image and scrolls to them.
  function activate(key) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var first = null;
    document.querySelectorAll('[data-mark="' + CSS.escape(key) + '"]').forEach(function (el) {
      if (el.classList.contains("hl") || el.classList.contains("mark-item")) {
        el.classList.add("active");
        if (!first && el.classList.contains("hl")) first = el;
      }
    });
    if (first) first.scrollIntoView({ behavior: "smooth", block: "center" });
  }
  document.querySelectorAll("a.ev-link[data-mark]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var key = a.getAttribute("data-mark");
      if (document.querySelector('.hl[data-mark="' + CSS.escape(key) + '"]')) {
        ev.preventDefault();
        activate(key);
        history.replaceState(null, "", "#m-" + key);
      }
    });
  });
  if (location.hash.indexOf("#m-") === 0) activate(location.hash.slice(3));

  // Upload: files dropped on the box are sent at once, with the form's CSRF token.
  var zone = document.getElementById("dropzone");
  if (zone && window.fetch && window.FormData) {
    var input = zone.querySelector('input[type="file"]');
    var status = zone.querySelector(".drop-status");
    var token = zone.querySelector('input[name="csrf_token"]').value;
    function send(files) {
      var body = new FormData();
      body.append("csrf_token", token);
      for (var i = 0; i < files.length; i++) body.append("files", files[i]);
      status.textContent = "Đang tải lên " + files.length + " tệp…";
      fetch("/upload?format=json", { method: "POST", body: body, headers: { "X-CSRF-Token": token, "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function () { status.textContent = "Đã nhận, đang đọc…"; setTimeout(function () { location.reload(); }, 1500); })
        .catch(function (e) { status.textContent = "Tải lên không thành công (" + e.message + ")."; });
    }
    ["dragenter", "dragover"].forEach(function (t) { zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (t) { zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("over"); }); });
    zone.addEventListener("drop", function (e) { if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files); });
  }
  // Pending uploads: look again until every file has a result.
  if (document.querySelector("#jobs") && /đang xử lý/.test(document.querySelector("#jobs").textContent)) {
    setTimeout(function () { location.reload(); }, 3000);
  }
})();
