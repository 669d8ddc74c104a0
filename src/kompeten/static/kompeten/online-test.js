/* FR.IA.05 online test: the time left (the server keeps the real deadline) and each answer saved as it
   is chosen. Texts and addresses come from data attributes on #timer, so the page needs no inline script. */
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  if (!timer) { return; }
  var deadline = new Date(timer.dataset.deadline);
  function tick() {
    var s = Math.max(0, Math.floor((deadline - new Date()) / 1000));
    timer.querySelector(".remaining").textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    if (s === 0) { location.reload(); }
  }
  tick();
  setInterval(tick, 1000);
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.dataset.question) { return; }
    var status = input.closest("li").querySelector(".autosave-status");
    fetch(timer.dataset.answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": document.querySelector("[name=csrfmiddlewaretoken]").value },
      body: new URLSearchParams({ question: input.dataset.question, option: input.value })
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        status.textContent = data.ok ? timer.dataset.saved : data.error;
        status.className = "autosave-status " + (data.ok ? "saved" : "error");
      })
      .catch(function () {
        status.textContent = timer.dataset.notSaved;
        status.className = "autosave-status error";
      });
  });
})();
