(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var controls = document.getElementById("controls");
  var main = document.getElementById("posts");
  var flat = document.getElementById("flat");
  if (!controls || !main || !flat) { return; }
  controls.hidden = false;
  var posts = Array.prototype.slice.call(main.querySelectorAll("article.post"));
  var docs = Array.prototype.slice.call(main.querySelectorAll("section.doc"));
  var label = document.getElementById("f-label");
  var platform = document.getElementById("f-platform");
  var sort = document.getElementById("f-sort");
  var count = document.getElementById("f-count");

  function score(p) { return parseFloat(p.getAttribute("data-score")); }

  function apply() {
    var shown = 0;
    posts.forEach(function (p) {
      var ok = (!label.value || p.getAttribute("data-label") === label.value) &&
               (!platform.value || p.getAttribute("data-platform") === platform.value);
      p.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (sort.value === "doc") {
      main.classList.remove("flat");
      posts.forEach(function (p) {
        document.getElementById(p.getAttribute("data-home")).appendChild(p);
      });
      docs.forEach(function (d) {
        var any = d.querySelector("article.post:not([hidden])");
        var filtered = label.value || platform.value;
        d.hidden = Boolean(filtered) && !any;
      });
    } else {
      main.classList.add("flat");
      var sign = sort.value === "asc" ? 1 : -1;
      posts.slice().sort(function (a, b) {
        var x = score(a), y = score(b);
        var d = isNaN(x) ? (isNaN(y) ? 0 : 1) : (isNaN(y) ? -1 : sign * (x - y));
        return d !== 0 ? d : parseInt(a.getAttribute("data-order"), 10) -
                             parseInt(b.getAttribute("data-order"), 10);
      }).forEach(function (p) { flat.appendChild(p); });
      docs.forEach(function (d) { d.hidden = true; });
    }
    flat.hidden = sort.value === "doc";
    count.textContent = "showing " + shown + " of " + posts.length + " posts";
  }

  // filters can be preset and shared through the address: #label=partial&sort=asc
  function fromHash() {
    var hash = window.location.hash.slice(1);
    if (hash.indexOf("=") < 0) { return; }
    hash.split("&").forEach(function (part) {
      var kv = part.split("=");
      var el = {label: label, platform: platform, sort: sort}[kv[0]];
      var value = decodeURIComponent(kv[1] || "");
      if (el && Array.prototype.some.call(el.options, function (o) { return o.value === value; })) {
        el.value = value;
      }
    });
  }

  function toHash() {
    var parts = [];
    if (label.value) { parts.push("label=" + encodeURIComponent(label.value)); }
    if (platform.value) { parts.push("platform=" + encodeURIComponent(platform.value)); }
    if (sort.value !== "doc") { parts.push("sort=" + encodeURIComponent(sort.value)); }
    var url = window.location.pathname + window.location.search +
              (parts.length ? "#" + parts.join("&") : "");
    try { window.history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
  }

  [label, platform, sort].forEach(function (el) {
    el.addEventListener("change", function () { apply(); toHash(); });
  });
  fromHash();
  apply();
})();
