// The console's only script (no library): refreshes the live overview and drives the before/after slider.
(function () {
  "use strict";

  // the overview: its fragment is fetched again every couple of seconds and swapped in place
  function live(box) {
    var url = box.getAttribute("data-live");
    var every = parseInt(box.getAttribute("data-every") || "2000", 10);
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) {
          if (r.status === 401 || r.redirected) { window.location.reload(); return null; }
          return r.ok ? r.text() : null;
        })
        .then(function (html) { if (html !== null && html !== undefined) box.innerHTML = html; })
        .catch(function () { /* the hub is restarting: try again at the next tick */ })
        .finally(function () { window.setTimeout(tick, every); });
    }
    window.setTimeout(tick, every);
  }

  // before/after: the result is laid over the original and clipped at the slider's position, at the same zoom
  function compare(box) {
    var after = box.querySelector(".after");
    var afterImg = after.querySelector("img");
    var before = box.querySelector("img.before");
    var range = box.querySelector("input[type=range]");
    function size() { afterImg.style.width = before.clientWidth + "px"; afterImg.style.height = before.clientHeight + "px"; }
    function move() { after.style.width = range.value + "%"; }
    range.addEventListener("input", move);
    before.addEventListener("load", size);
    window.addEventListener("resize", size);
    size();
    move();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-live]");
    if (box) live(box);
    document.querySelectorAll(".compare").forEach(compare);
  });
})();
