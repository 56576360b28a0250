/* 长者模式 (elder mode): larger type, wider spacing, stronger contrast.
 * Loaded in <head> so the choice applies before the first paint; the choice
 * is remembered in localStorage, and `?elder=1` / `?elder=0` sets it. */
(function () {
  var KEY = "gongjian-elder";
  var root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
  }
  var asked = /[?&]elder=([01])\b/.exec(location.search);
  if (asked) remember(asked[1] === "1");
  var on = asked ? asked[1] === "1" : stored();
  root.classList.toggle("elder", on);

  // Labels come from the page (the 繁體 mirror converts them with it).
  function show(link) {
    if (!link.hasAttribute("data-off")) link.setAttribute("data-off", link.textContent);
    link.setAttribute("role", "button");
    link.setAttribute("aria-pressed", on ? "true" : "false");
    link.textContent = link.getAttribute(on ? "data-on" : "data-off");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("[data-elder-switch]");
    for (var i = 0; i < links.length; i++) {
      show(links[i]);
      links[i].addEventListener("click", function (ev) {
        ev.preventDefault();
        on = !on;
        remember(on);
        root.classList.toggle("elder", on);
        for (var j = 0; j < links.length; j++) show(links[j]);
      });
    }
  });
})();
