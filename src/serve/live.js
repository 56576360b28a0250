// gongjian serve: live reload. Added to HTML responses by the preview server
// only; built sites never contain it. The server says which build it is on
// ("reload" with a generation number) and why the latest build failed
// ("build-error"); this tab reloads when it shows an older build and shows
// the error over the page while the last good build stays visible under it.
// __STYLE__ and __TITLE__ are filled in by the server (the overlay it renders
// itself looks the same).
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = me ? new URL(me.src, location.href).searchParams.get("gen") : null;

  function closable(box) {
    var button = box.querySelector("button");
    if (button) button.onclick = function () { box.remove(); };
  }

  function overlay(text) {
    var box = document.getElementById("gongjian-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "gongjian-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "__STYLE__";
      var button = box.appendChild(document.createElement("button"));
      button.type = "button";
      button.textContent = "__CLOSE__";
      button.style.cssText = "float:right;font:inherit;cursor:pointer";
      var p = box.appendChild(document.createElement("p"));
      p.style.cssText = "margin:0 0 .5em;font-size:16px;color:#ff8a80";
      p.textContent = "__TITLE__";
      box.appendChild(document.createElement("pre")).style.cssText = "margin:0;white-space:pre-wrap";
      document.body.appendChild(box);
      closable(box);
    }
    box.querySelector("pre").textContent = text;
  }

  var rendered = document.getElementById("gongjian-error");
  if (rendered) closable(rendered);
  if (!window.EventSource) return;
  var events = new EventSource("/__gongjian/events");
  events.addEventListener("reload", function (e) {
    if (e.data !== shown) location.reload();
  });
  events.addEventListener("build-error", function (e) {
    overlay(e.data);
  });
})();
