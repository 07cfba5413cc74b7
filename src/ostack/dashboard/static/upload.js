/* Uploads with a progress bar: a form with data-upload="URL" sends its file as the raw body
   of one POST (streamed by the browser), its other fields in the query string, and shows the
   upload's progress from the XHR's upload events. */
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-upload]");
  if (!form) { return; }
  event.preventDefault();
  var input = form.querySelector("input[type=file]");
  var file = input && input.files[0];
  var bar = form.querySelector("progress");
  var text = form.querySelector("[data-upload-text]");
  var result = form.querySelector("[data-upload-result]");
  var button = form.querySelector("button[type=submit]");
  if (!file) { return; }
  var query = new URLSearchParams();
  Array.prototype.forEach.call(form.elements, function (el) {
    if (el.name && el.type !== "file" && el.name !== "csrf_token" && el.value !== "") {
      query.append(el.name, el.value);
    }
  });
  query.append("filename", file.name);
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.getAttribute("data-upload") + "?" + query.toString());
  xhr.setRequestHeader("X-CSRF-Token", form.querySelector("input[name=csrf_token]").value);
  xhr.setRequestHeader("Content-Type", "application/octet-stream");
  form.setAttribute("data-upload-state", "sending");
  bar.hidden = false; bar.value = 0; button.disabled = true; result.textContent = "";
  xhr.upload.addEventListener("progress", function (e) {
    if (e.lengthComputable) {
      bar.value = Math.floor(100 * e.loaded / e.total);
      text.textContent = bar.value + "%";
    }
  });
  xhr.upload.addEventListener("load", function () {
    bar.value = 100; text.textContent = "100%, waiting for the cloud…";
  });
  xhr.addEventListener("load", function () {
    var answer = {};
    try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {error: xhr.statusText}; }
    var ok = xhr.status >= 200 && xhr.status < 300;
    result.className = "msg " + (ok ? "msg-success" : "msg-error");
    result.setAttribute("role", ok ? "status" : "alert");
    result.textContent = ok ? ((answer.name || file.name) + " uploaded" +
        (answer.status ? " (" + answer.status + ")" : "") + ".") : (answer.error || "Upload failed");
    if (ok) { text.textContent = "100%"; }
    form.setAttribute("data-upload-state", ok ? "done" : "failed");
    button.disabled = false;
    if (ok && form.getAttribute("data-done")) {
      var more = document.createElement("a");
      more.href = form.getAttribute("data-done"); more.textContent = " Refresh the list";
      result.appendChild(more);
    }
  });
  xhr.addEventListener("error", function () {
    result.className = "msg msg-error"; result.textContent = "The upload was interrupted.";
    form.setAttribute("data-upload-state", "failed"); button.disabled = false;
  });
  xhr.send(file);
});
