/* The launch wizard's steps: one form, one pane shown at a time (no reload between steps). */
"use strict";
(function () {
  var form = document.getElementById("launch-form");
  if (!form) { return; }
  var links = Array.prototype.slice.call(form.querySelectorAll("#steps a[data-step]"));
  function show(id) {
    links.forEach(function (a) { a.classList.toggle("current", a.dataset.step === id); });
    form.querySelectorAll(".pane").forEach(function (p) {
      p.classList.toggle("current", p.id === "step-" + id);
    });
  }
  function current() {
    for (var i = 0; i < links.length; i++) {
      if (links[i].classList.contains("current")) { return i; }
    }
    return 0;
  }
  links.forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); show(a.dataset.step); });
  });
  form.querySelectorAll("[data-move]").forEach(function (b) {
    b.addEventListener("click", function () {
      var next = Math.min(links.length - 1, Math.max(0, current() + parseInt(b.dataset.move, 10)));
      show(links[next].dataset.step);
    });
  });
  // the in-place creation fields are not part of the launch: Enter there must not submit it
  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.name && e.target.name.indexOf("new_") === 0) {
      e.preventDefault();
    }
  });
  // a form that came back with an error opens on the step the message names
  var error = document.querySelector("[data-testid=error]");
  if (error) {
    var text = error.textContent.toLowerCase();
    links.forEach(function (a) {
      if (text.indexOf(a.textContent.toLowerCase() + ":") !== -1) { show(a.dataset.step); }
    });
  }
})();
