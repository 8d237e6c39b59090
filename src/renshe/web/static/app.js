/* renshe: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  try { if (localStorage.getItem("renshe-large") === "1") root.classList.add("large"); } catch (e) {}
  function ready() {
    var big = document.getElementById("large-type");
    if (big) {
      big.hidden = false;
      big.setAttribute("aria-pressed", root.classList.contains("large") ? "true" : "false");
      big.addEventListener("click", function () {
        var on = root.classList.toggle("large");
        big.setAttribute("aria-pressed", on ? "true" : "false");
        try { localStorage.setItem("renshe-large", on ? "1" : "0"); } catch (e) {}
      });
    }
    document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-copy]").forEach(function (b) {
      b.addEventListener("click", function () {
        var url = new URL(b.getAttribute("data-copy"), location.href).href;
        var done = function () {
          var s = document.querySelector(".copied"); if (s) s.textContent = "已复制链接。";
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("请复制本结果的链接：", url); });
        } else { window.prompt("请复制本结果的链接：", url); }
      });
    });
    /* after 计算: the first invalid field, else the result, gets focus (and is scrolled to) */
    var bad = document.querySelector("[aria-invalid='true']");
    var answer = document.querySelector("#answer .answer, #answer .error");
    if (bad) {
      bad.focus(); bad.scrollIntoView({block: "center"});
      /* the browser's own jump to #answer comes after this script: focus the field again then */
      window.addEventListener("load", function () { bad.focus(); bad.scrollIntoView({block: "center"}); });
    }
    else if (answer && location.hash === "#answer") {
      var region = document.getElementById("answer");
      region.focus({preventScroll: true}); region.scrollIntoView({block: "start"});
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
