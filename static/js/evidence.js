// Evidence pages: batch photo upload, confirmations, htmx error messages.
// Loaded with the CSP nonce; no inline handlers anywhere (CSP forbids them).
(function () {
  "use strict";

  // Photos go up one per request, in order: one bad file gets its own message and the rest
  // of the batch carries on; the bar shows the whole batch's progress.
  function setupUploader(form) {
    var grid = document.querySelector(form.dataset.grid);
    var zone = form.querySelector("[data-dropzone]");
    var progress = form.querySelector("[data-upload-progress]");
    var bar = progress.querySelector(".progress-bar");
    var status = progress.querySelector("[data-upload-status]");
    var errors = form.querySelector("[data-upload-errors]");
    var queue = [];
    var total = 0, done = 0, added = 0, busy = false;

    form.querySelectorAll("[data-nojs]").forEach(function (el) { el.hidden = true; });
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        enqueue(input.files);
        input.value = "";
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      enqueue(event.dataTransfer.files);
    });

    function enqueue(files) {
      if (!files || !files.length) return;
      if (!busy) { total = done = added = 0; errors.replaceChildren(); }
      Array.prototype.forEach.call(files, function (file) { queue.push(file); });
      total += files.length;
      progress.hidden = false;
      show(0);
      if (!busy) next();
    }

    function next() {
      var file = queue.shift();
      if (!file) { finish(); return; }
      busy = true;
      send(file, function () { done += 1; show(0); next(); });
    }

    function send(file, callback) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("role", form.querySelector("[name=role]").value);
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("HX-Request", "true");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) show(event.loaded / event.total);
      });
      xhr.addEventListener("load", function () {
        if (xhr.status === 200 || xhr.status === 422) insert(xhr.responseText);
        else if (xhr.status === 413) fail(file.name, "文件太大，服务器拒绝接收");
        else fail(file.name, "服务器出错（" + xhr.status + "），未能上传，请稍后重试");
        callback();
      });
      xhr.addEventListener("error", function () {
        fail(file.name, "网络中断，未能上传，请重试");
        callback();
      });
      xhr.send(data);
    }

    function insert(html) {
      var template = document.createElement("template");
      template.innerHTML = html;
      template.content.querySelectorAll("[data-photo-card]").forEach(function (card) {
        grid.appendChild(card);
        htmx.process(card);
        added += 1;
      });
      template.content.querySelectorAll("[data-upload-error]").forEach(function (item) {
        errors.appendChild(item);
      });
      var empty = document.querySelector("[data-empty]");
      if (empty && added) empty.remove();
      // The batch caption form is rendered hidden while there are no photos; now it has work to do.
      var fill = document.querySelector("[data-caption-fill]");
      if (fill && added) fill.hidden = false;
    }

    function fail(name, message) {
      var item = document.createElement("li");
      item.textContent = name + "：" + message;
      errors.appendChild(item);
    }

    function show(fraction) {
      var percent = total ? Math.round(((done + fraction) / total) * 100) : 0;
      bar.style.width = percent + "%";
      bar.textContent = percent + "%";
      status.textContent = "正在上传第 " + Math.min(done + 1, total) + " / " + total + " 个文件…";
    }

    function finish() {
      busy = false;
      var failed = total - added;
      status.textContent = "已上传 " + added + " 张" + (failed ? "，" + failed + " 个文件未通过（见下方原因）" : "") + "。";
      bar.classList.toggle("bg-warning", failed > 0);
      htmx.trigger(document.body, "evidence-changed");
    }
  }

  document.querySelectorAll("[data-photo-upload]").forEach(setupUploader);

  // <form data-autosubmit>: choosing the files is the upload (one tap, not two).
  document.querySelectorAll("form[data-autosubmit] input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.files.length) input.form.requestSubmit();
    });
  });

  // Captions save themselves as they are typed (htmx, after a pause). A caption typed just before
  // 提交审核 is saved first, so nothing typed is lost to the page changing.
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("[data-caption-form]");
    if (!form) return;
    form.dataset.dirty = "1";
    if (event.target.value.trim()) event.target.classList.remove("is-invalid");
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.dataset && form.dataset.captionForm !== undefined && event.detail.successful) delete form.dataset.dirty;
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-submit-form]")) return;
    var dirty = document.querySelectorAll("[data-caption-form][data-dirty]");
    if (!dirty.length) return;
    event.preventDefault();
    Promise.all(Array.prototype.map.call(dirty, function (captions) {
      delete captions.dataset.dirty;
      return fetch(captions.action, {method: "POST", body: new FormData(captions), headers: {"HX-Request": "true"}});
    })).finally(function () { form.requestSubmit(); });
  }, true);

  // <form data-confirm="…">: ask before destructive posts.
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // htmx does not swap error responses; show their (Chinese) text instead of failing silently.
  document.body.addEventListener("htmx:responseError", function (event) {
    window.alert(event.detail.xhr.responseText || "操作失败，请刷新页面后重试");
  });
})();
