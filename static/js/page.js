// Page-wide helpers, loaded on every page: Chinese validation messages, Chinese file pickers and
// lists that stack on phones.
(function () {
  "use strict";

  // Every form in Chinese: the browser's own validation bubbles speak the browser's language
  // ("Please fill out this field."), so each rule gets a Chinese message before the bubble shows.

  function message(field) {
    var v = field.validity;
    if (v.valueMissing) {
      if (field.type === "file") return "请选择文件";
      if (field.tagName === "SELECT" || field.type === "radio" || field.type === "checkbox") return "请选择一项";
      if (field.type === "date") return "请选择日期";
      return "请填写此项";
    }
    if (v.typeMismatch) return field.type === "email" ? "请输入有效的电子邮箱地址" : "请输入完整的网址，例如 https://www.example.gov.cn/";
    if (v.badInput) return field.type === "date" ? "请输入有效的日期" : "请输入数字";
    if (v.tooLong) return "最多 " + field.maxLength + " 个字";
    if (v.tooShort) return "至少 " + field.minLength + " 个字";
    if (v.rangeUnderflow) return "不能小于 " + field.min;
    if (v.rangeOverflow) return "不能大于 " + field.max;
    if (v.stepMismatch) return field.type === "number" ? "请输入整数" : "请输入有效的值";
    if (v.patternMismatch) return field.title || "格式不正确";
    return "";
  }

  // `invalid` does not bubble: listen in the capture phase so one listener covers every form.
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    field.setCustomValidity("");
    if (!field.validity.valid) field.setCustomValidity(message(field));
  }, true);
  // A Chinese "选择文件" button over a hidden file input: say which files were chosen beside it.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-file-input]")) return;
    var chosen = input.closest(".file-picker").querySelector("[data-file-chosen]");
    var names = Array.prototype.map.call(input.files, function (file) { return file.name; });
    chosen.textContent = names.length ? names.join("、") : "未选择文件";
  });
  ["input", "change"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (event.target.setCustomValidity) event.target.setCustomValidity("");
    }, true);
  });

  // <table class="table-stack">: on a phone each row becomes a small card (app.css) whose cells are
  // labelled with their column's heading, taken from the table head so it is written once.
  function labelCells(root) {
    root.querySelectorAll("table.table-stack").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headings[index] && !cell.hasAttribute("colspan")) cell.dataset.label = headings[index];
        });
      });
    });
  }
  labelCells(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { labelCells(event.detail.target); });
})();
